from odoo.exceptions import AccessError
from odoo.exceptions import ValidationError

from .common_stock import StockCommon


class TestReturnReport(StockCommon):
    def test_delivery_is_done_and_invoiced(self):
        self.assertEqual(self.delivery.state, "done")
        self.assertEqual(self.order.invoice_ids.amount_untaxed, 520.0)

    def test_return_flow_end_to_end(self):
        report = self.make_return([(self.tea, 3, 12.0)])
        self.assertTrue(report.name.startswith("RR/"))
        self.assertEqual(report.amount_total, 36.0)
        report.action_submit()
        report.with_user(self.cs_manager).action_approve()
        self.assertEqual(report.state, "approved")
        picking = report.return_picking_id
        self.assertEqual(picking.picking_type_id, self.warehouse.in_type_id)
        self.assertEqual(picking.move_ids.origin_returned_move_id.picking_id, self.delivery)
        self.assertEqual(picking.move_ids.product_uom_qty, 3)
        report.line_ids.with_user(self.warehouse_user).received_qty = 3
        report.with_user(self.warehouse_user).action_confirm_reception()
        self.assertEqual(report.state, "received")
        self.assertEqual(picking.state, "done")
        tea_line = self.order.order_line.filtered(lambda line: line.product_id == self.tea)
        self.assertEqual(tea_line.qty_delivered, 7)
        report.with_user(self.cs_manager).action_create_credit_note()
        self.assertEqual(report.state, "credited")
        self.assertEqual(report.credit_note_ids.move_type, "out_refund")
        self.assertEqual(report.credit_note_ids.amount_untaxed, 36.0)

    def test_warehouse_confirms_fewer_than_reported(self):
        report = self.make_return([(self.pipe, 2, 80.0)])
        report.action_submit()
        report.with_user(self.cs_manager).action_approve()
        report.line_ids.with_user(self.warehouse_user).received_qty = 1
        report.with_user(self.warehouse_user).action_confirm_reception()
        self.assertEqual(report.return_picking_id.move_ids.quantity, 1)
        pipe_line = self.order.order_line.filtered(lambda line: line.product_id == self.pipe)
        self.assertEqual(pipe_line.qty_delivered, 4)

    def test_approving_twice_creates_one_return_picking(self):
        report = self.make_return([(self.tea, 2, 12.0)])
        report.action_submit()
        report.with_user(self.cs_manager).action_approve()
        report.with_user(self.cs_manager).action_approve()
        returns = self.env["stock.picking"].search([("return_id", "=", self.delivery.id)])
        self.assertEqual(len(returns), 1)
        self.assertEqual(report.return_picking_id, returns)

    def test_returning_more_than_delivered_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "only 10.0 were delivered"):
            self.make_return([(self.tea, 11, 12.0)])

    def test_already_returned_quantities_count(self):
        first = self.make_return([(self.tea, 8, 12.0)])
        first.action_submit()
        first.with_user(self.cs_manager).action_approve()
        with self.assertRaisesRegex(ValidationError, "only 2.0 were delivered"):
            self.make_return([(self.tea, 3, 12.0)])

    def test_product_not_on_the_delivery_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Not delivered is not on delivery"):
            self.make_return([(self.other, 1, 1.0)])

    def test_cancelled_delivery_is_refused(self):
        order = self.order.copy()
        order.action_confirm()
        order.picking_ids.action_cancel()
        with self.assertRaisesRegex(ValidationError, "was cancelled"):
            self.make_return([(self.tea, 1, 12.0)], picking=order.picking_ids)

    def test_only_managers_approve(self):
        report = self.make_return([(self.tea, 1, 12.0)])
        report.action_submit()
        with self.assertRaises(AccessError):
            report.with_user(self.salesman).action_approve()
        self.assertFalse(report.return_picking_id)

    def test_salespeople_file_returns_for_their_own_customers_only(self):
        with self.assertRaisesRegex(AccessError, "customer of salesman"):
            self.make_return([(self.tea, 1, 12.0)], user=self.other_salesman)
        mine = self.make_return([(self.tea, 1, 12.0)])
        self.assertFalse(self.env["cs.return.report"].with_user(self.other_salesman).search([("id", "=", mine.id)]))

    def test_only_the_warehouse_confirms_receptions(self):
        report = self.make_return([(self.tea, 1, 12.0)])
        report.action_submit()
        report.with_user(self.cs_manager).action_approve()
        with self.assertRaises(AccessError):
            report.with_user(self.salesman).action_confirm_reception()
