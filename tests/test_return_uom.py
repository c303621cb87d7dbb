from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import new_test_user

from .common_stock import StockCommon


class CaseCommon(StockCommon):
    """The fixture sells 2 "Case of 12" of Gift Box at 360 a case (720 for 24 boxes), delivered and invoiced."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit = cls.env.ref("uom.product_uom_unit")
        cls.case = cls.env["uom.uom"].create(
            {"name": "Case of 12", "relative_factor": 12, "relative_uom_id": cls.unit.id}
        )
        cls.gift = cls.env["product.product"].create(
            {
                "name": "Gift Box",
                "is_storable": True,
                "uom_id": cls.unit.id,
                "list_price": 30.0,
                "standard_price": 20.0,
                "invoice_policy": "delivery",
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.gift, cls.stock, 100)
        cls.case_order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": cls.gift.id,
                            "product_uom_id": cls.case.id,
                            "product_uom_qty": 2,
                            "price_unit": 360.0,
                        },
                    )
                ],
            }
        )
        cls.case_order.action_confirm()
        cls.case_delivery = cls.case_order.picking_ids
        for move in cls.case_delivery.move_ids:
            move.quantity = move.product_uom_qty
        cls.case_delivery.move_ids.picked = True
        cls.case_delivery.button_validate()
        cls.case_order._create_invoices().action_post()

    def _case_line(self, qty, **extra):
        reason = self.env.ref("customer_service_dept.cs_return_reason_damaged")
        return {"product_id": self.gift.id, "quantity": qty, "reason_id": reason.id, "price_unit": 360.0, **extra}

    def _case_return(self, qty, **extra):
        return (
            self.env["cs.return.report"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "picking_id": self.case_delivery.id,
                    "line_ids": [(0, 0, self._case_line(qty, **extra))],
                }
            )
        )


@freeze_time("2026-03-15 10:00:00")
class TestReturnReportUnitOfMeasure(CaseCommon):
    """Goods sold by the case: a return line counts and prices in the unit of the sale order line."""

    def test_fixture_sold_two_cases_of_twelve(self):
        """2 cases × 360 = 720 invoiced; 2 × 12 = 24 boxes delivered."""
        self.assertEqual(self.case_order.invoice_ids.amount_untaxed, 720.0)
        self.assertEqual(self.case_delivery.move_ids.product_qty, 24.0)

    def test_one_case_at_360_is_an_amount_of_360(self):
        """One case of 12 at 360 a case: amount 1 × 360 = 360 (not 12 × 360 = 4,320); 12 boxes of the delivery."""
        report = self._case_return(1)
        line = report.line_ids
        self.assertEqual(line.product_uom_id, self.case)
        self.assertEqual((line.quantity, line.product_qty, line.cases), (1.0, 12.0, 1.0))
        self.assertEqual(line.amount, 360.0)
        self.assertEqual(report.amount_total, 360.0)

    def test_report_amount_equals_the_credit_note(self):
        """Return 1 case of the 2 delivered: the return picking brings back 12 boxes, the credit note
        credits 1 case × 360 = 360, the same as the report."""
        report = self._case_return(1)
        report.action_submit()
        report.with_user(self.cs_manager).action_approve()
        self.assertEqual(report.return_picking_id.move_ids.product_qty, 12.0)
        report.with_user(self.warehouse_user).action_confirm_reception()
        self.assertEqual(report.line_ids.received_qty, 1.0)
        sale_line = self.case_order.order_line
        self.assertEqual(sale_line.qty_delivered, 1.0)
        report.with_user(self.cs_manager).action_create_credit_note()
        self.assertEqual(report.credit_note_ids.amount_untaxed, 360.0)
        self.assertEqual(report.amount_total, report.credit_note_ids.amount_untaxed)

    def test_three_cases_are_more_than_the_24_boxes_delivered(self):
        """3 cases = 36 boxes > 24 delivered: refused."""
        with self.assertRaisesRegex(ValidationError, "asks to return 36.0 Units"):
            self._case_return(3)

    def test_two_cases_are_the_24_boxes_delivered(self):
        """2 cases = 24 boxes = all that was delivered: accepted."""
        self.assertEqual(self._case_return(2).line_ids.product_qty, 24.0)

    def test_other_reports_claim_boxes_whatever_their_unit(self):
        """A first report claims 18 boxes (in units); 1 case (12 boxes) more would make 30 > 24: refused."""
        self._case_return(18, product_uom_id=self.unit.id, price_unit=30.0)
        with self.assertRaisesRegex(ValidationError, "only 6.0 were delivered"):
            self._case_return(1)

    def test_return_in_units_of_goods_sold_by_the_case(self):
        """6 boxes at 360 / 12 = 30 a box: amount 6 × 30 = 180."""
        report = self._case_return(6, product_uom_id=self.unit.id, price_unit=30.0)
        self.assertEqual((report.line_ids.product_qty, report.amount_total), (6.0, 180.0))

    def test_unit_must_convert_into_the_product_unit(self):
        """A kilogram cannot be converted into boxes."""
        with self.assertRaisesRegex(ValidationError, "cannot be converted"):
            self._case_return(1, product_uom_id=self.env.ref("uom.product_uom_kgm").id)

    def test_form_takes_unit_and_price_of_the_sale_line(self):
        """Choosing Gift Box on the form brings the sale line's unit (Case of 12) and price (360 a case);
        1 case makes 360."""
        with Form(self.env["cs.return.report"].with_user(self.salesman)) as form:
            form.partner_id = self.customer
            form.picking_id = self.case_delivery
            with form.line_ids.new() as line:
                line.product_id = self.gift
                line.quantity = 1
                line.reason_id = self.env.ref("customer_service_dept.cs_return_reason_damaged")
        report = form.record
        self.assertEqual(report.line_ids.product_uom_id, self.case)
        self.assertEqual((report.line_ids.price_unit, report.amount_total), (360.0, 360.0))


@freeze_time("2026-03-15 10:00:00")
class TestReturnAnalysisCounts(CaseCommon):
    """退货分析: only submitted reports count, by what was received once received, in the line's unit."""

    def test_analysis_counts_submitted_reports_by_received_quantity(self):
        """Hand-computed:
        - draft: 2 Tea at 12 -> not counted (never submitted);
        - cancelled: 1 Pipe at 80 -> not counted;
        - submitted: 1 case of Gift Box at 360 -> 1 case = 12 boxes, amount 360;
        - received: 3 Tea reported, 2 received, at 12 -> 2 units, amount 2 × 12 = 24.
        Totals: 12 + 2 = 14 in product units, amount 360 + 24 = 384.
        """
        manager = new_test_user(
            self.env,
            "cs_mgr_only",
            groups="customer_service_dept.group_cs_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        draft = self.make_return([(self.tea, 2, 12.0)])
        cancelled = self.make_return([(self.pipe, 1, 80.0)])
        cancelled.action_cancel()
        submitted = self._case_return(1)
        submitted.action_submit()
        received = self.make_return([(self.tea, 3, 12.0)])
        received.action_submit()
        received.with_user(self.cs_manager).action_approve()
        received.line_ids.with_user(self.warehouse_user).received_qty = 2
        received.with_user(self.warehouse_user).action_confirm_reception()
        self.env.flush_all()

        Analysis = self.env["cs.return.analysis"].with_user(manager)
        rows = Analysis.search([])
        self.assertEqual(rows.report_id, submitted | received)
        self.assertNotIn(draft, rows.report_id)
        case_row = rows.filtered(lambda r: r.report_id == submitted)
        self.assertEqual(
            (case_row.product_uom_id, case_row.line_qty, case_row.quantity, case_row.amount),
            (self.case, 1.0, 12.0, 360.0),
        )
        tea_row = rows.filtered(lambda r: r.report_id == received)
        self.assertEqual(
            (tea_row.reported_qty, tea_row.received_qty, tea_row.quantity, tea_row.amount), (3.0, 2.0, 2.0, 24.0)
        )
        [(quantity, amount)] = Analysis._read_group([], [], ["quantity:sum", "amount:sum"])
        self.assertEqual((quantity, amount), (14.0, 384.0))
