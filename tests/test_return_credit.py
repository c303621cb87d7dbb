from pathlib import Path

from freezegun import freeze_time

from odoo.modules.migration import exec_script
from odoo.tests import new_test_user

from .common_stock import StockCommon

# seed 000 L361-362, 退货流程: 「业务员填写退货报告，经理批准，产品进仓，仓务员确认退货箱数及退货原因，
# IDS操作员凭退货报告开出退货货单，财务及仓库入帐。」
# seed 000 L366, 库存管理: 「正品，残品，赠品在系统和仓库帐上分开记录，在仓库分开堆放，在系统中分开记录。」


class ReturnCreditCommon(StockCommon):
    """Each role does its own step: the salesperson files and submits, a Customer Service manager
    approves, the storekeeper receives, the Customer Service manager credits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)]}
        cls.manager = new_test_user(
            cls.env, "cs_manager_credit", groups="customer_service_dept.group_cs_manager", **common
        )
        cls.unit = cls.env.ref("uom.product_uom_unit")
        cls.case = cls.env["uom.uom"].create(
            {"name": "Case of 12", "relative_factor": 12, "relative_uom_id": cls.unit.id}
        )
        # Odoo's default invoicing policy: ordered quantities
        cls.wine = cls.env["product.product"].create(
            {
                "name": "Yellow Crane Wine",
                "is_storable": True,
                "uom_id": cls.unit.id,
                "list_price": 30.0,
                "standard_price": 18.0,
                "invoice_policy": "order",
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.wine, cls.stock, 120)
        cls.good = cls.env.ref("customer_service_dept.cs_return_reason_wrong")
        cls.damaged = cls.env.ref("customer_service_dept.cs_return_reason_damaged")
        cls.damaged_stock = cls.warehouse.cs_damaged_location_id

    def _sell(self, lines, invoice=True):
        """A confirmed, delivered (and invoiced, posted) order; lines are (product, qty, unit, price)."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom_id": (unit or product.uom_id).id,
                            "price_unit": price,
                        },
                    )
                    for product, qty, unit, price in lines
                ],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        delivery.move_ids.picked = True
        delivery.button_validate()
        if invoice:
            order._create_invoices().action_post()
        return order, delivery

    def _file(self, delivery, lines):
        """The salesperson files and submits; lines are (product, qty, unit, price, reason)."""
        report = (
            self.env["cs.return.report"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "picking_id": delivery.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "quantity": qty,
                                "product_uom_id": (unit or product.uom_id).id,
                                "price_unit": price,
                                "reason_id": reason.id,
                            },
                        )
                        for product, qty, unit, price, reason in lines
                    ],
                }
            )
        )
        report.action_submit()
        report.with_user(self.manager).action_approve()
        return report

    def _receive_and_credit(self, report):
        report.with_user(self.warehouse_user).action_confirm_reception()
        return report.with_user(self.manager).action_create_credit_note()

    @staticmethod
    def _invoices(order):
        return order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")


@freeze_time("2026-03-16 10:00:00")
class TestReturnCreditNote(ReturnCreditCommon):
    """财务入帐: the credit note reverses the original invoice lines, for what came back."""

    def test_delivered_policy_reverses_the_original_invoice_line(self):
        """Delivered-quantities policy: 10 Tea at 12 delivered and invoiced (fixture); 3 come back.
        Credit note: reversal of that invoice, 1 line of Tea, 3 Units × 12 = 36; the order has
        10 − 3 = 7 delivered, 10 − 3 = 7 invoiced, 0 left to invoice; no new invoice."""
        invoice = self._invoices(self.order)
        report = self._file(self.delivery, [(self.tea, 3, None, 12.0, self.good)])
        self._receive_and_credit(report)
        refund = report.credit_note_ids
        self.assertEqual(report.state, "credited")
        self.assertEqual((refund.move_type, refund.state), ("out_refund", "draft"))
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertEqual(refund.invoice_origin, self.order.name)
        line = refund.invoice_line_ids
        self.assertEqual(
            (line.product_id, line.quantity, line.product_uom_id, line.price_unit), (self.tea, 3.0, self.unit, 12.0)
        )
        self.assertEqual(line.sale_line_ids.product_id, self.tea)
        self.assertEqual(refund.amount_untaxed, 36.0)
        self.assertEqual(refund.amount_untaxed, report.amount_total)
        tea_line = self.order.order_line.filtered(lambda sol: sol.product_id == self.tea)
        self.assertEqual((tea_line.qty_delivered, tea_line.qty_invoiced, tea_line.qty_to_invoice), (7.0, 7.0, 0.0))
        self.assertEqual(self._invoices(self.order), invoice)
        self.assertEqual(self.order.invoice_status, "invoiced")

    def test_ordered_policy_credits_one_case_of_twelve_at_360(self):
        """Ordered-quantities policy (Odoo's default): 2 cases of 12 at 360 a case, invoiced 720;
        1 case comes back damaged. Credit note: reversal of that invoice, 1 Case × 360 = 360, as
        the report; the order now orders 2 − 1 = 1 case, invoiced 2 − 1 = 1, 0 left to invoice:
        the returned case is not invoiced again."""
        order, delivery = self._sell([(self.wine, 2, self.case, 360.0)])
        invoice = self._invoices(order)
        self.assertEqual(invoice.amount_untaxed, 720.0)
        report = self._file(delivery, [(self.wine, 1, self.case, 360.0, self.damaged)])
        self.assertEqual(report.amount_total, 360.0)
        self._receive_and_credit(report)
        refund = report.credit_note_ids
        self.assertEqual((refund.move_type, refund.reversed_entry_id), ("out_refund", invoice))
        line = refund.invoice_line_ids
        self.assertEqual((line.quantity, line.product_uom_id, line.price_unit), (1.0, self.case, 360.0))
        self.assertEqual(refund.amount_untaxed, 360.0)
        self.assertEqual(refund.amount_untaxed, report.amount_total)
        sale_line = order.order_line
        self.assertEqual(
            (sale_line.product_uom_qty, sale_line.qty_delivered, sale_line.qty_invoiced, sale_line.qty_to_invoice),
            (1.0, 1.0, 1.0, 0.0),
        )
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertEqual(self._invoices(order), invoice)
        # a return is not a correction of the order (合格订单 counts orders as confirmed)
        self.assertFalse(order.cs_corrected_date)

    def test_partly_invoiced_goods_are_credited_only_for_what_was_invoiced(self):
        """Delivered-quantities policy: 10 Pipe delivered, 6 invoiced at 80 (480); 5 come back.
        The customer keeps 10 − 5 = 5 but paid for 6: credit 6 − 5 = 1 × 80 = 80; the other 4 had
        not been invoiced: the order's 4 left to invoice drop to 0, and the user is told."""
        order, delivery = self._sell([(self.pipe, 10, None, 80.0)], invoice=False)
        draft = order._create_invoices()
        draft.invoice_line_ids.quantity = 6
        draft.action_post()
        self.assertEqual(draft.amount_untaxed, 480.0)
        report = self._file(delivery, [(self.pipe, 5, None, 80.0, self.good)])
        action = self._receive_and_credit(report)
        refund = report.credit_note_ids
        self.assertEqual(refund.reversed_entry_id, draft)
        self.assertEqual((refund.invoice_line_ids.quantity, refund.amount_untaxed), (1.0, 80.0))
        sale_line = order.order_line
        self.assertEqual((sale_line.qty_delivered, sale_line.qty_invoiced, sale_line.qty_to_invoice), (5.0, 5.0, 0.0))
        message = action["params"]["message"]
        self.assertIn("4.0 Units of Steel Pipe had not been invoiced yet", message)
        self.assertIn("now has 0.0 Units of it left to invoice", message)

    def test_goods_not_invoiced_yet_correct_what_remains_to_invoice(self):
        """Not invoiced yet, delivered-quantities policy: 10 Tea delivered, 4 come back: no credit
        note, the order has 10 − 4 = 6 left to invoice, and the user is told so."""
        order, delivery = self._sell([(self.tea, 10, None, 12.0)], invoice=False)
        report = self._file(delivery, [(self.tea, 4, None, 12.0, self.good)])
        action = self._receive_and_credit(report)
        self.assertEqual(report.state, "credited")
        self.assertFalse(report.sudo().credit_note_ids)
        self.assertFalse(order.invoice_ids)
        self.assertEqual(order.order_line.qty_to_invoice, 6.0)
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(
            "4.0 Units of Spring Tea had not been invoiced yet: no credit note for them, sale order "
            f"{order.name} now has 6.0 Units of it left to invoice.",
            action["params"]["message"],
        )
        self.assertIn("had not been invoiced yet", report.message_ids[0].body)

    def test_ordered_policy_not_invoiced_yet_orders_less(self):
        """Not invoiced yet, ordered-quantities policy: 2 cases ordered and delivered, 1 comes back:
        no credit note; the order orders 1 case, so 2 − 1 = 1 case is left to invoice (not 2)."""
        order, delivery = self._sell([(self.wine, 2, self.case, 360.0)], invoice=False)
        self.assertEqual(order.order_line.qty_to_invoice, 2.0)
        report = self._file(delivery, [(self.wine, 1, self.case, 360.0, self.good)])
        action = self._receive_and_credit(report)
        self.assertFalse(report.sudo().credit_note_ids)
        self.assertEqual((order.order_line.product_uom_qty, order.order_line.qty_to_invoice), (1.0, 1.0))
        self.assertIn("now has 1.0 Case of 12 of it left to invoice", action["params"]["message"])
        # the correction is on the order's record (Odoo's own message) and no new delivery is planned
        self.assertTrue(order.message_ids.filtered(lambda m: "The ordered quantity has been updated" in m.body))
        self.assertEqual(
            order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel")), self.env["stock.picking"]
        )

    def test_return_in_boxes_of_goods_sold_by_the_case(self):
        """6 boxes of the wine sold by the case (360 a case = 30 a box): 6 / 12 = 0.5 case; the
        credit note line says 0.5 Case of 12 × 360 = 180, the report 6 × 30 = 180."""
        order, delivery = self._sell([(self.wine, 2, self.case, 360.0)])
        report = self._file(delivery, [(self.wine, 6, self.unit, 30.0, self.good)])
        self._receive_and_credit(report)
        line = report.credit_note_ids.invoice_line_ids
        self.assertEqual((line.quantity, line.product_uom_id), (0.5, self.case))
        self.assertEqual((report.credit_note_ids.amount_untaxed, report.amount_total), (180.0, 180.0))
        self.assertEqual(order.order_line.product_uom_qty, 1.5)

    def test_second_return_credits_only_its_own_goods(self):
        """Two returns of the fixture's invoice: 2 Tea, then 3 Tea. Each credit note reverses the
        same invoice for its own goods: 2 × 12 = 24, then 3 × 12 = 36; 10 − 5 = 5 stay invoiced."""
        first = self._file(self.delivery, [(self.tea, 2, None, 12.0, self.good)])
        self._receive_and_credit(first)
        second = self._file(self.delivery, [(self.tea, 3, None, 12.0, self.damaged)])
        self._receive_and_credit(second)
        invoice = self._invoices(self.order)
        self.assertEqual(first.credit_note_ids.reversed_entry_id, invoice)
        self.assertEqual(second.credit_note_ids.reversed_entry_id, invoice)
        self.assertEqual((first.credit_note_ids.amount_untaxed, second.credit_note_ids.amount_untaxed), (24.0, 36.0))
        tea_line = self.order.order_line.filtered(lambda sol: sol.product_id == self.tea)
        self.assertEqual((tea_line.qty_invoiced, tea_line.qty_to_invoice), (5.0, 0.0))

    def test_amount_follows_what_the_warehouse_received(self):
        """2 Pipe reported at 80 (160), the storekeeper receives 1: the report and the credit note
        say 1 × 80 = 80."""
        report = self._file(self.delivery, [(self.pipe, 2, None, 80.0, self.good)])
        self.assertEqual(report.amount_total, 160.0)
        report.line_ids.with_user(self.warehouse_user).received_qty = 1
        self._receive_and_credit(report)
        self.assertEqual((report.amount_total, report.credit_note_ids.amount_untaxed), (80.0, 80.0))


@freeze_time("2026-03-16 10:00:00")
class TestReturnGoodAndDamaged(ReturnCreditCommon):
    """正品、残品分开记录: the reason of each line says where the goods go back."""

    def test_reasons_say_good_or_damaged(self):
        self.assertEqual(self.damaged.condition, "damaged")
        self.assertEqual(self.good.condition, "good")
        self.assertEqual(self.env.ref("customer_service_dept.cs_return_reason_unsold").condition, "good")

    def test_upgrade_makes_the_shipped_damage_reasons_damaged(self):
        """19.0.1.4.0: a database that had the reasons before 正品/残品 kept them all "good". The upgrade
        makes "damaged in transit", "quality problem" and "expired" bring goods back damaged (unless
        someone changed them), and lines of returns not yet received follow their reason."""
        report = self._file(self.delivery, [(self.tea, 2, None, 12.0, self.damaged)])
        quality = self.env.ref("customer_service_dept.cs_return_reason_quality")
        self.env.flush_all()
        cr = self.env.cr
        # the database as 19.0.1.3.0 left it: every shipped reason and line "good"
        cr.execute("UPDATE cs_return_reason SET condition = 'good', write_date = create_date")
        cr.execute("UPDATE cs_return_report_line SET condition = 'good' WHERE report_id = %s", [report.id])
        # someone renamed "quality problem" and chose "good" on purpose: left alone
        cr.execute(
            "UPDATE cs_return_reason SET write_date = create_date + interval '1 day' WHERE id = %s", [quality.id]
        )
        migration = Path(__file__).parents[1] / "migrations" / "19.0.1.4.0" / "post-migration.py"
        exec_script(cr, "19.0.1.3.0", str(migration), "customer_service_dept", "post")
        self.env.invalidate_all()
        self.assertEqual(self.damaged.condition, "damaged")
        self.assertEqual(self.env.ref("customer_service_dept.cs_return_reason_expired").condition, "damaged")
        self.assertEqual(quality.condition, "good")
        self.assertEqual(self.good.condition, "good")
        self.assertEqual(report.line_ids.condition, "damaged")

    def test_damaged_stock_is_counted_but_not_saleable(self):
        """The damaged stock is an internal location (counted, valued) outside the warehouse's own
        locations (never reserved, never shown as available)."""
        self.assertEqual(self.damaged_stock.usage, "internal")
        self.assertFalse(self.damaged_stock.warehouse_id)
        self.assertNotIn(self.damaged_stock, self.env["stock.location"].search([("id", "child_of", self.stock.id)]))

    def test_reception_puts_good_and_damaged_goods_apart(self):
        """Fixture: 100 Tea and 100 Pipe, 10 Tea and 5 Pipe delivered: 90 Tea, 95 Pipe in stock.
        Returned: 3 Tea wrongly delivered (good), 2 Tea damaged in transit, 1 Pipe damaged.
        Stock: 90 + 3 = 93 Tea, 95 Pipe; damaged stock: 2 Tea, 1 Pipe; the order counts all
        that came back: 10 − 5 = 5 Tea, 5 − 1 = 4 Pipe delivered."""
        report = self._file(
            self.delivery,
            [
                (self.tea, 3, None, 12.0, self.good),
                (self.tea, 2, None, 12.0, self.damaged),
                (self.pipe, 1, None, 80.0, self.damaged),
            ],
        )
        moves = report.return_picking_id.move_ids
        self.assertEqual(
            sorted((m.product_id.name, m.location_dest_id == self.damaged_stock, m.product_uom_qty) for m in moves),
            [("Spring Tea", False, 3.0), ("Spring Tea", True, 2.0), ("Steel Pipe", True, 1.0)],
        )
        report.with_user(self.warehouse_user).action_confirm_reception()
        self.assertEqual(report.return_picking_id.state, "done")
        Product = self.env["product.product"].with_user(self.warehouse_user)
        in_stock = Product.with_context(location=self.stock.id)
        self.assertEqual(
            (in_stock.browse(self.tea.id).qty_available, in_stock.browse(self.pipe.id).qty_available), (93, 95)
        )
        damaged = Product.with_context(location=self.damaged_stock.id)
        self.assertEqual(
            (damaged.browse(self.tea.id).qty_available, damaged.browse(self.pipe.id).qty_available), (2, 1)
        )
        # the warehouse's available stock leaves the damaged goods out
        in_warehouse = Product.with_context(warehouse_id=self.warehouse.id)
        self.assertEqual(in_warehouse.browse(self.tea.id).qty_available, 93)
        lines = self.order.order_line
        self.assertEqual(
            (
                lines.filtered(lambda sol: sol.product_id == self.tea).qty_delivered,
                lines.filtered(lambda sol: sol.product_id == self.pipe).qty_delivered,
            ),
            (5.0, 4.0),
        )

    def test_storekeeper_receives_fewer_damaged_goods_than_reported(self):
        """3 Tea reported good, 2 damaged; the storekeeper finds 3 good and 1 damaged: 93 in stock,
        1 in the damaged stock, 10 − 4 = 6 delivered."""
        report = self._file(
            self.delivery, [(self.tea, 3, None, 12.0, self.good), (self.tea, 2, None, 12.0, self.damaged)]
        )
        damaged_line = report.line_ids.filtered(lambda line: line.condition == "damaged")
        damaged_line.with_user(self.warehouse_user).received_qty = 1
        report.with_user(self.warehouse_user).action_confirm_reception()
        quants = self.env["stock.quant"].search([("product_id", "=", self.tea.id)])
        self.assertEqual(sum(quants.filtered(lambda q: q.location_id == self.stock).mapped("quantity")), 93)
        self.assertEqual(sum(quants.filtered(lambda q: q.location_id == self.damaged_stock).mapped("quantity")), 1)
        self.assertEqual(self.order.order_line.filtered(lambda sol: sol.product_id == self.tea).qty_delivered, 6.0)

    def test_damaged_goods_are_never_reserved_for_an_order(self):
        """2 Tea come back damaged: 90 good in stock, 2 damaged. An order of 95 Tea reserves the 90
        good ones only."""
        report = self._file(self.delivery, [(self.tea, 2, None, 12.0, self.damaged)])
        report.with_user(self.warehouse_user).action_confirm_reception()
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [(0, 0, {"product_id": self.tea.id, "product_uom_qty": 95})]}
        )
        order.action_confirm()
        move = order.picking_ids.move_ids
        self.assertEqual(move.quantity, 90.0)
        self.assertFalse(move.move_line_ids.filtered(lambda ml: ml.location_id == self.damaged_stock))

    def test_storekeeper_counts_the_damaged_stock(self):
        """The damaged stock is in the storekeeper's physical inventory (Odoo's internal-location
        quants): 2 damaged Tea in the system, 1 found: a difference of 1 − 2 = −1."""
        report = self._file(self.delivery, [(self.tea, 2, None, 12.0, self.damaged)])
        report.with_user(self.warehouse_user).action_confirm_reception()
        Quant = self.env["stock.quant"].with_user(self.warehouse_user)
        quant = Quant.search(
            [
                ("location_id.usage", "in", ["internal", "transit"]),
                ("location_id", "=", self.damaged_stock.id),
                ("product_id", "=", self.tea.id),
            ]
        )
        self.assertEqual(quant.quantity, 2.0)
        quant.with_context(inventory_mode=True).inventory_quantity = 1
        self.assertEqual(quant.inventory_diff_quantity, -1.0)

    def test_scrapping_from_the_damaged_stock_writes_off(self):
        """Scraps of the warehouse's stock go to its damaged stock; destroying damaged goods
        (a scrap of the damaged stock) goes to Odoo's scrap location."""
        report = self._file(self.delivery, [(self.tea, 2, None, 12.0, self.damaged)])
        report.with_user(self.warehouse_user).action_confirm_reception()
        counted = [("location_id.usage", "=", "internal"), ("product_id", "=", self.tea.id)]
        self.assertEqual(self.env["stock.quant"].search(counted).location_id, self.stock | self.damaged_stock)
        scrap = self.scrap_damage(
            self.tea, 2, "customer_service_dept.scrap_reason_broken", "destroy", self.damaged_stock
        )
        self.assertEqual((scrap.state, scrap.scrap_location_id.usage), ("done", "inventory"))
        self.assertEqual(self.tea.with_context(location=self.damaged_stock.id).qty_available, 0)
        self.assertEqual(self.tea.with_context(location=scrap.scrap_location_id.id).qty_available, 2)

    def test_update_makes_the_old_virtual_damaged_stock_internal(self):
        """Earlier versions kept damaged goods in a virtual location. At the module's update an
        empty one becomes internal; one holding goods stays (Odoo refuses to convert it) and a new
        internal damaged stock takes over."""
        Location = self.env["stock.location"]
        empty = Location.create({"name": "Old Damaged", "usage": "inventory"})
        holding = Location.create({"name": "Old Damaged 2", "usage": "inventory"})
        self.env["stock.quant"]._update_available_quantity(self.tea, holding, 4)
        other = self.env["stock.warehouse"].create({"name": "Wuhan Depot", "code": "WHD"})
        self.warehouse.cs_damaged_location_id = empty
        other.cs_damaged_location_id = holding
        self.env["stock.warehouse"]._cs_update_special_locations()
        self.assertEqual(self.warehouse.cs_damaged_location_id, empty)
        self.assertEqual((empty.usage, empty.location_id), ("internal", Location))
        self.assertNotEqual(other.cs_damaged_location_id, holding)
        self.assertEqual(other.cs_damaged_location_id.usage, "internal")
        self.assertEqual(holding.usage, "inventory")

    def test_the_condition_is_the_reasons_when_filed(self):
        """The line keeps the condition of its reason when it was filed; nobody writes it directly."""
        report = self._file(self.delivery, [(self.tea, 2, None, 12.0, self.damaged)])
        line = report.line_ids
        self.assertEqual(line.condition, "damaged")
        self.damaged.sudo().condition = "good"
        self.assertEqual(line.condition, "damaged")
        with self.assertRaisesRegex(Exception, "changes only through the document's buttons"):
            line.with_user(self.manager).write({"condition": "good"})


@freeze_time("2026-03-16 10:00:00")
class TestReturnAnalysisGoodAndDamaged(ReturnCreditCommon):
    """退货分析 with good (正品) and damaged (残品) goods apart."""

    def test_analysis_shows_good_and_damaged_apart(self):
        """Received: 3 Tea good at 12 (36), 2 Tea damaged at 12 (24), 1 Pipe damaged at 80 (80);
        submitted: 1 case of wine (12 bottles) good at 360.
        Good: 3 + 12 = 15 units, 36 + 360 = 396; damaged: 2 + 1 = 3 units, 24 + 80 = 104."""
        received = self._file(
            self.delivery,
            [
                (self.tea, 3, None, 12.0, self.good),
                (self.tea, 2, None, 12.0, self.damaged),
                (self.pipe, 1, None, 80.0, self.damaged),
            ],
        )
        received.with_user(self.warehouse_user).action_confirm_reception()
        _order, delivery = self._sell([(self.wine, 2, self.case, 360.0)])
        submitted = (
            self.env["cs.return.report"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "picking_id": delivery.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {"product_id": self.wine.id, "quantity": 1, "price_unit": 360.0, "reason_id": self.good.id},
                        )
                    ],
                }
            )
        )
        submitted.action_submit()
        self.env.flush_all()
        Analysis = self.env["cs.return.analysis"].with_user(self.manager)
        [(good_qty, damaged_qty, good_amount, damaged_amount)] = Analysis._read_group(
            [("report_id", "in", (received | submitted).ids)],
            [],
            ["good_qty:sum", "damaged_qty:sum", "good_amount:sum", "damaged_amount:sum"],
        )
        self.assertEqual((good_qty, damaged_qty, good_amount, damaged_amount), (15.0, 3.0, 396.0, 104.0))
        by_condition = dict(
            Analysis._read_group([("report_id", "in", (received | submitted).ids)], ["condition"], ["amount:sum"])
        )
        self.assertEqual(by_condition, {"good": 396.0, "damaged": 104.0})
