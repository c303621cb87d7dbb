from datetime import date
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .common_stock import StockCommon


class TestDeliveryRules(StockCommon):
    def _order(self, qty, product=None, **vals):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": (product or self.tea).id, "product_uom_qty": qty, **vals})],
            }
        )
        order.action_confirm()
        return order

    def test_partial_shipment_is_refused_when_the_rule_is_on(self):
        self.company.cs_no_partial_shipment = True
        order = self._order(6)
        self.assertEqual(order.picking_policy, "one")
        picking = order.picking_ids
        picking.move_ids.quantity = 4
        picking.move_ids.picked = True
        with self.assertRaisesRegex(UserError, "ships only 4.0 of 6.0 Spring Tea"):
            picking.button_validate()
        picking.move_ids.quantity = 6
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_partial_shipment_allowed_when_the_rule_is_off(self):
        order = self._order(6)
        picking = order.picking_ids
        picking.move_ids.quantity = 4
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True).button_validate()
        self.assertEqual(picking.state, "done")

    def test_gift_lines_are_delivered_from_the_gift_stock(self):
        gift = self.warehouse.cs_gift_location_id
        self.assertEqual((gift.usage, self.warehouse.cs_damaged_location_id.usage), ("internal", "internal"))
        self.env["stock.quant"]._update_available_quantity(self.pipe, gift, 3)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    (0, 0, {"product_id": self.tea.id, "product_uom_qty": 2}),
                    (0, 0, {"product_id": self.pipe.id, "product_uom_qty": 1, "price_unit": 0, "cs_is_gift": True}),
                ],
            }
        )
        order.action_confirm()
        moves = order.picking_ids.move_ids
        self.assertEqual(moves.filtered(lambda m: m.product_id == self.pipe).location_id, gift)
        self.assertEqual(moves.filtered(lambda m: m.product_id == self.tea).location_id, self.stock)
        # good and gift stock are counted apart
        self.assertEqual(self.pipe.with_context(location=gift.id).qty_available, 3)
        self.assertEqual(self.pipe.with_context(location=self.stock.id).qty_available, 95)


class TestStocktake(StockCommon):
    def test_adjustment_above_the_threshold_needs_a_manager(self):
        self.company.cs_adjustment_approval_value = 100
        # 3 pipes missing at a cost of 50: 150 > 100: the storekeeper's count waits for the manager
        request = self.count_stock([(self.pipe, 92)], reason="Monthly count", approver=False)
        self.assertIn("worth 150.00, above the approval threshold of 100.00", request.message_ids[:1].body)
        self.assertEqual(
            (request.state, self.pipe.with_context(location=self.stock.id).qty_available), ("to_approve", 95)
        )
        request.with_user(self.cs_manager).action_approve()
        self.assertEqual(self.pipe.with_context(location=self.stock.id).qty_available, 92)

    def test_small_adjustment_needs_no_manager_and_keeps_its_reason(self):
        self.company.cs_adjustment_approval_value = 100
        self.count_stock([(self.tea, 89)], reason="Broken box found", approver=False)
        line = self.env["cs.stock.count"].search([("product_id", "=", self.tea.id)])
        self.assertEqual(
            (line.system_qty, line.counted_qty, line.matched, line.reason), (90, 89, False, "Broken box found")
        )
        move = self.env["stock.move"].search([("product_id", "=", self.tea.id), ("is_inventory", "=", True)])
        self.assertIn("Broken box found", move.reference or move.origin or "")

    def test_a_count_applied_with_any_context_is_kept(self):
        """Issue 9: no context key decides whether an applied count is logged (the
        accuracy KPI's lines); ``from_inverse_qty`` used to skip the log."""
        quant = self.env["stock.quant"].search([("product_id", "=", self.tea.id), ("location_id", "=", self.stock.id)])
        quant.with_user(self.warehouse_user).inventory_quantity = 88
        wizard = (
            self.env["stock.inventory.adjustment.name"]
            .with_user(self.warehouse_user)
            .with_context(from_inverse_qty=True)
            .create({"quant_ids": [(6, 0, quant.ids)], "inventory_adjustment_name": "Weekly count"})
        )
        request = self.env["cs.stock.adjustment"].browse(wizard.action_apply()["res_id"])
        request.with_user(self.cs_manager).with_context(from_inverse_qty=True).action_approve()
        line = self.env["cs.stock.count"].search([("product_id", "=", self.tea.id)])
        self.assertEqual((line.system_qty, line.counted_qty), (90, 88))


class TestKpiTable(StockCommon):
    """Every KPI against figures computed by hand on a small data set."""

    def _setup_delivery_in_february(self):
        """The fixture's delivery (10 tea, 5 pipes) is dated now; date it before the month the test prints,
        so that the stock at the end of that month (read from the move history) holds it."""
        self.delivery.move_ids.write({"date": datetime(2026, 2, 20, 2, 0)})
        self.delivery.move_ids.move_line_ids.write({"date": datetime(2026, 2, 20, 2, 0)})
        self.delivery.date_done = datetime(2026, 2, 20, 2, 0)

    def test_kpis_of_a_small_month(self):
        self._setup_delivery_in_february()
        with freeze_time("2026-03-03 10:00:00"):
            # counts in week 1: tea matches (90), pipe does not (95 -> 94): accuracy 50 %, one adjustment
            self.count_stock([(self.tea, 90), (self.pipe, 94)])
            # two order lines promised on 10 March: one delivered in full on time, one not delivered
            on_time = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "commitment_date": datetime(2026, 3, 10, 12, 0),
                    "order_line": [(0, 0, {"product_id": self.tea.id, "product_uom_qty": 10})],
                }
            )
            late = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "commitment_date": datetime(2026, 3, 10, 12, 0),
                    "order_line": [(0, 0, {"product_id": self.pipe.id, "product_uom_qty": 4})],
                }
            )
            (on_time | late).action_confirm()
        with freeze_time("2026-03-09 10:00:00"):
            picking = on_time.picking_ids
            picking.move_ids.quantity = 10
            picking.move_ids.picked = True
            picking.button_validate()
        report = self.env["cs.kpi.report"].create({"date": date(2026, 3, 15)})
        report.action_compute()
        table = report._kpi_table()
        self.assertEqual((table["accuracy"]["week1"].value, table["accuracy"]["week1"].denominator), (50.0, 2))
        self.assertEqual(table["adjustment"]["week1"].value, 50.0)
        self.assertFalse(table["accuracy"]["week2"].measured)
        self.assertEqual((table["service"]["week2"].numerator, table["service"]["week2"].denominator), (1, 2))
        self.assertEqual(table["service"]["month"].value, 50.0)
        # inventory days, month: stock at the end of March 80 tea x 7 + 94 pipes x 50 = 5,260 (the fixture's
        # delivery is in February); shipped in March 10 tea x 7 = 70
        # over 31 days: 5,260 / (70 / 31) = 2329.4
        self.assertEqual(table["days"]["month"].numerator, 5260.0)
        self.assertEqual(table["days"]["month"].denominator, 70.0)
        self.assertEqual(table["days"]["month"].value, 2329.4)
        records = table["service"]["month"].action_open_records()
        self.assertEqual(self.env["sale.order.line"].search(records["domain"]), (on_time | late).order_line)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "customer_service_dept.action_report_cs_kpi", report.ids
        )[0]
        self.assertIn("stock value", html.decode())

    def _kpi_manager(self):
        return new_test_user(
            self.env,
            "kpi_cs_manager",
            groups="customer_service_dept.group_cs_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
            tz="Asia/Shanghai",
        )

    def _ship(self, order, when):
        with freeze_time(when):
            picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.button_validate()
        return picking

    def _return_one(self, picking, when):
        with freeze_time(when):
            wizard = (
                self.env["stock.return.picking"]
                .with_context(active_id=picking.id, active_ids=picking.ids, active_model="stock.picking")
                .create({})
            )
            wizard.product_return_moves.quantity = 1
            returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
            returned.move_ids.quantity = 1
            returned.move_ids.picked = True
            returned.button_validate()
        self.assertEqual(returned.state, "done")

    def test_service_level_counts_the_expected_date_and_ignores_later_returns(self):
        """000 L368 「客户服务水平」 and 客户服务部重要衡量指标跟踪表 (L371-374): an order line is served when it
        is delivered complete by its promised date (commitment date, else Odoo's expected date); a return
        after that date does not undo the service. Orders without a commitment date are counted.

        Week 2 (8-14 March, Beijing), by hand:
        - A: no commitment date, ordered 3 March 10:00 UTC with a 5-day lead -> expected 8 March 10:00 UTC;
          5 delivered 6 March, 1 returned 12 March -> served;
        - B: committed 10 March 12:00, delivered complete 11 March -> late, not served;
        - C: committed 10 March 12:00, delivered complete 9 March, 1 returned 12 March -> served.
        Service level = 2 served / 3 due x 100 = 66.67 %.
        """
        with freeze_time("2026-03-03 10:00:00"):
            vals = {"partner_id": self.customer.id}
            a, b, c = self.env["sale.order"].create(
                [
                    {
                        **vals,
                        "order_line": [(0, 0, {"product_id": self.tea.id, "product_uom_qty": 5, "customer_lead": 5})],
                    },
                    {
                        **vals,
                        "commitment_date": datetime(2026, 3, 10, 12, 0),
                        "order_line": [(0, 0, {"product_id": self.pipe.id, "product_uom_qty": 2})],
                    },
                    {
                        **vals,
                        "commitment_date": datetime(2026, 3, 10, 12, 0),
                        "order_line": [(0, 0, {"product_id": self.tea.id, "product_uom_qty": 3})],
                    },
                ]
            )
            (a | b | c).action_confirm()
        self.assertEqual(a.expected_date, datetime(2026, 3, 8, 10, 0))
        self._return_one(self._ship(a, "2026-03-06 09:00:00"), "2026-03-12 09:00:00")
        self._ship(b, "2026-03-11 09:00:00")
        self._return_one(self._ship(c, "2026-03-09 09:00:00"), "2026-03-12 09:00:00")
        report = self.env["cs.kpi.report"].with_user(self._kpi_manager()).create({"date": date(2026, 3, 15)})
        report.action_compute()
        week2 = report._kpi_table()["service"]["week2"]
        self.assertEqual((week2.numerator, week2.denominator, week2.value), (2, 3, 66.67))
        self.assertEqual(
            self.env["sale.order.line"].search(week2.action_open_records()["domain"]), (a | b | c).order_line
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("customer_service_dept.action_report_cs_kpi", report.ids)[0]
            .decode()
        )
        self.assertIn("promised date", html)

    def test_manual_adjustment_rate_counts_stock_lines_once(self):
        """000 L358 「填写库存调整表,经客户服务经理批准后进行系统库存调整」 and L368 「手工调整率」: the rate is the
        stock lines (product x location) a manual adjustment changed ÷ the stock lines counted or adjusted,
        so it stays between 0 and 100 %.

        Week 1 by hand: tea counted 90 = 90 (no adjustment); pipe counted 95 -> 94, then 94 -> 93 (two
        adjustments of one stock line). Stock lines: tea, pipe = 2; adjusted: pipe = 1; rate 1 / 2 = 50 %
        (counting moves over counts gave 2 / 3)."""
        with freeze_time("2026-03-03 10:00:00"):
            for product, counted in ((self.tea, 90), (self.pipe, 94), (self.pipe, 93)):
                self.count_stock([(product, counted)])
        report = self.env["cs.kpi.report"].with_user(self._kpi_manager()).create({"date": date(2026, 3, 15)})
        report.action_compute()
        week1 = report._kpi_table()["adjustment"]["week1"]
        self.assertEqual((week1.numerator, week1.denominator, week1.value), (1, 2, 50.0))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("customer_service_dept.action_report_cs_kpi", report.ids)[0]
            .decode()
        )
        self.assertIn("changed by a manual stock adjustment", html)

    def test_zero_denominator_reads_n_a(self):
        """A period with nothing to measure (no count, no order line due) shows n/a, not 0 % or a dash."""
        report = self.env["cs.kpi.report"].with_user(self._kpi_manager()).create({"date": date(2026, 3, 15)})
        report.action_compute()
        table = report._kpi_table()
        for kpi in ("accuracy", "service", "adjustment", "days"):
            self.assertEqual((table[kpi]["week1"].denominator, table[kpi]["week1"].value_text), (0, "n/a"), kpi)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("customer_service_dept.action_report_cs_kpi", report.ids)[0]
            .decode()
        )
        # every indicator of the table (six since issue 12 added the qualified order rate and the rejected
        # deliveries), in each of its five periods
        self.assertEqual(html.count(">n/a<"), 6 * 5)


class TestDailyShipments(StockCommon):
    def test_shipments_of_the_day_by_customer_and_product(self):
        """The daily shipment report, read by the storekeeper who files it (「倉管員…填好每日發貨報告」)."""
        report = self.env["cs.daily.shipment.report"].with_user(self.warehouse_user).create({})
        rows, totals = report._rows()
        self.assertEqual(
            [[row["customer"], row["product"], row["quantity"], row["amount"]] for row in rows],
            [["Zengdu Store", "Spring Tea", 10.0, 120.0], ["Zengdu Store", "Steel Pipe", 5.0, 400.0]],
        )
        self.assertEqual((totals["quantity"], totals["amount"]), (15.0, 520.0))
