from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user

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


class TestReturnReportIntegrity(StockCommon):
    """Issue 9: every rule of the return flow holds on the server, for every caller."""

    def _submitted(self, lines, user=None):
        report = self.make_return(lines, user=user)
        report.with_user(user or self.salesman).action_submit()
        return report

    def test_salesperson_cannot_write_the_state(self):
        report = self._submitted([(self.tea, 2, 12.0)])
        for state in ("approved", "credited"):
            with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
                report.with_user(self.salesman).write({"state": state})
        with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
            report.with_user(self.cs_manager).sudo().write({"approved_by_id": self.cs_manager.id})
        self.assertEqual(report.state, "submitted")

    def test_a_new_report_cannot_start_approved(self):
        with self.assertRaisesRegex(UserError, "starts at its first step"):
            self.env["cs.return.report"].with_user(self.salesman).create(
                {"partner_id": self.customer.id, "picking_id": self.delivery.id, "state": "approved"}
            )

    def test_quantities_and_prices_are_frozen_after_approval(self):
        report = self._submitted([(self.tea, 2, 12.0)])
        report.with_user(self.cs_manager).action_approve()
        line = report.line_ids
        for user in (self.salesman, self.cs_manager):
            for vals in ({"quantity": 5}, {"price_unit": 99.0}, {"product_id": self.pipe.id}):
                with self.assertRaisesRegex(UserError, "can no longer be changed"):
                    line.with_user(user).write(vals)
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            line.sudo().write({"quantity": 5})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            report.with_user(self.cs_manager).write({"line_ids": [(1, line.id, {"quantity": 5})]})
        self.assertEqual((line.quantity, line.price_unit, report.amount_total), (2.0, 12.0, 24.0))

    def test_delivery_and_customer_are_frozen_once_submitted(self):
        report = self._submitted([(self.tea, 2, 12.0)])
        other = self.env["res.partner"].create({"name": "Other Store", "user_id": self.salesman.id})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            report.with_user(self.salesman).write({"partner_id": other.id})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            report.with_user(self.cs_manager).sudo().write({"picking_id": self.delivery.copy().id})

    def test_no_lines_added_or_removed_after_submission(self):
        report = self._submitted([(self.tea, 2, 12.0)])
        reason = self.env.ref("customer_service_dept.cs_return_reason_damaged")
        with self.assertRaisesRegex(UserError, "lines can no longer be added or removed"):
            report.with_user(self.salesman).write(
                {"line_ids": [(0, 0, {"product_id": self.pipe.id, "quantity": 1, "reason_id": reason.id})]}
            )
        with self.assertRaisesRegex(UserError, "lines can no longer be added or removed"):
            report.line_ids.with_user(self.salesman).unlink()
        self.assertEqual(len(report.line_ids), 1)

    def test_negative_price_or_quantity_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Sale Price cannot be negative"):
            self.make_return([(self.tea, 2, -12.0)])
        with self.assertRaisesRegex(ValidationError, "more than zero|cannot be negative"):
            self.make_return([(self.tea, -2, 12.0)])
        report = self.make_return([(self.tea, 2, 12.0)])
        with self.assertRaisesRegex(ValidationError, "Sale Price cannot be negative"):
            report.line_ids.with_user(self.salesman).price_unit = -1.0

    def test_draft_reports_count_against_the_delivery(self):
        """The returnable quantity counts every report neither refused nor cancelled, drafts included:
        10 delivered, 8 on a draft report, so 2 are left."""
        self.make_return([(self.tea, 8, 12.0)])
        with self.assertRaisesRegex(ValidationError, "only 2.0 were delivered"):
            self.make_return([(self.tea, 3, 12.0)])

    def test_a_refused_report_frees_its_quantity(self):
        first = self._submitted([(self.tea, 8, 12.0)])
        first.with_user(self.cs_manager).action_refuse("Not ours")
        second = self.make_return([(self.tea, 8, 12.0)])
        self.assertEqual(second.amount_total, 96.0)

    def test_approval_rechecks_what_is_left(self):
        """Two reports on one delivery claiming 6 + 5 of 10 (filed before the rule held): the
        approval counts the other one and refuses; nothing is returned."""
        first = self._submitted([(self.tea, 6, 12.0)])
        second = self._submitted([(self.tea, 4, 12.0)])
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE cs_return_report_line SET quantity = 5, product_qty = 5 WHERE report_id = %s", [second.id]
        )
        self.env.invalidate_all()
        with self.assertRaisesRegex(ValidationError, "only 5.0 were delivered"):
            first.with_user(self.cs_manager).action_approve()
        self.assertFalse(first.return_picking_id)

    def test_each_role_sees_its_own_buttons(self):
        report = self.make_return([(self.tea, 2, 12.0)])
        self.assertTrue(report.with_user(self.salesman).can_submit)
        self.assertFalse(report.with_user(self.other_salesman).sudo().can_submit)
        report.with_user(self.salesman).action_submit()
        self.assertFalse(report.with_user(self.salesman).can_approve)
        self.assertFalse(report.with_user(self.warehouse_user).can_approve)
        self.assertTrue(report.with_user(self.cs_manager).can_approve)
        report.with_user(self.cs_manager).action_approve()
        self.assertFalse(report.with_user(self.salesman).can_confirm_reception)
        self.assertTrue(report.with_user(self.warehouse_user).can_confirm_reception)

    def test_warehouse_confirms_but_cannot_approve(self):
        report = self._submitted([(self.tea, 2, 12.0)])
        with self.assertRaises(AccessError):
            report.with_user(self.warehouse_user).action_approve()
        report.with_user(self.cs_manager).action_approve()
        with self.assertRaisesRegex(AccessError, "only the warehouse enters the received quantities"):
            report.line_ids.with_user(self.salesman).received_qty = 1
        report.line_ids.with_user(self.warehouse_user).received_qty = 1
        report.with_user(self.warehouse_user).action_confirm_reception()
        self.assertEqual(report.state, "received")
        with self.assertRaises(AccessError):
            report.with_user(self.salesman).action_create_credit_note()
        with self.assertRaises(AccessError):
            report.with_user(self.warehouse_user).action_create_credit_note()

    def test_salesperson_files_and_submits_only_their_own(self):
        report = self.make_return([(self.tea, 2, 12.0)])
        with self.assertRaises(AccessError):
            report.with_user(self.other_salesman).action_submit()
        report.with_user(self.salesman).action_submit()
        with self.assertRaises(AccessError):
            report.with_user(self.salesman).action_refuse("no")
        self.assertEqual(report.state, "submitted")

    def test_submitted_report_cannot_be_deleted(self):
        report = self._submitted([(self.tea, 2, 12.0)])
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            report.with_user(self.cs_manager).sudo().unlink()


class TestReturnReceptionFourEyes(StockCommon):
    """Seed 000 L362: 「業務員填寫退貨報告、經理批准、倉務員確認退貨箱數及退貨原因」: the one who
    files a return is not the one who confirms what came back, even when their role
    includes the stock work (customer service)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cs_user = new_test_user(
            cls.env,
            "cs_specialist",
            groups="customer_service_dept.group_cs_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def test_the_filer_does_not_confirm_the_reception_of_their_own_return(self):
        report = self.make_return([(self.tea, 2, 12.0)], user=self.cs_user)
        report.with_user(self.cs_user).action_submit()
        report.with_user(self.cs_manager).action_approve()
        self.assertFalse(report.with_user(self.cs_user).can_confirm_reception)
        with self.assertRaisesRegex(AccessError, "was filed by you"):
            report.line_ids.with_user(self.cs_user).received_qty = 2
        with self.assertRaisesRegex(AccessError, "was filed by you"):
            report.with_user(self.cs_user).action_confirm_reception()
        # another person of the warehouse does it
        self.assertTrue(report.with_user(self.warehouse_user).can_confirm_reception)
        report.line_ids.with_user(self.warehouse_user).received_qty = 2
        report.with_user(self.warehouse_user).action_confirm_reception()
        self.assertEqual(report.state, "received")
