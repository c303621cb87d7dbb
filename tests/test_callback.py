from datetime import date
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form

from .complaint_common import RECEIVED
from .complaint_common import ComplaintCommon


class TestCallback(ComplaintCommon):
    def plan(self, partner, service=date(2026, 3, 30), **vals):
        return self.env["cs.callback"].create(
            {"partner_id": partner.id, "company_id": self.company.id, "service_date": service, **vals}
        )

    def test_member_customer_is_called_back_within_three_days(self):
        self.client.cs_member = True
        callback = self.plan(self.client)
        self.assertEqual(callback.due_date, date(2026, 4, 2))
        with freeze_time("2026-04-02"):
            callback.invalidate_recordset(["deadline_state"])
            self.assertEqual(callback.deadline_state, "running")
        with freeze_time("2026-04-03"):
            callback.invalidate_recordset(["deadline_state"])
            self.assertEqual(callback.deadline_state, "late")
            self.assertIn(callback, self.env["cs.callback"].search([("deadline_state", "=", "late")]))

    def test_other_customers_get_the_complaint_callback_delay(self):
        # the company keeps the three-day rule for members only
        self.company.cs_callback_three_days_all = False
        callback = self.plan(self.client)
        self.assertEqual(callback.due_date, date(2026, 4, 6))

    def test_callback_done_on_the_third_day_is_met_the_fourth_late(self):
        self.client.cs_member = True
        on_time, late = self.plan(self.client), self.plan(self.client)
        for callback, day in ((on_time, date(2026, 4, 2)), (late, date(2026, 4, 3))):
            callback.write({"result": "satisfied", "done_date": day})
            callback.action_done()
        self.assertEqual(on_time.deadline_state, "met")
        self.assertEqual(late.deadline_state, "late")
        self.assertEqual(
            self.env["cs.callback"].search([("deadline_state", "=", "met"), ("id", "in", (on_time | late).ids)]),
            on_time,
        )

    def test_result_is_required_and_dates_are_checked(self):
        callback = self.plan(self.client)
        with self.assertRaisesRegex(UserError, "Result"):
            callback.action_done()
        with self.assertRaisesRegex(ValidationError, "before the service date"):
            callback.done_date = date(2026, 3, 1)

    def test_callback_from_a_complaint_records_the_follow_up(self):
        complaint = self.new_complaint(user_id=self.cs_user.id)
        self.investigate(complaint)
        self.propose(complaint).with_user(self.cs_manager).action_approve()
        complaint.write({"acceptance_mode": "phone", "acceptance_date": RECEIVED + timedelta(hours=5)})
        complaint.action_apply_solution()
        with freeze_time(RECEIVED + timedelta(days=2)):
            action = complaint.action_plan_callback()
            callback = self.env["cs.callback"].browse(action["res_id"])
            self.assertEqual(callback.due_date, (RECEIVED + timedelta(days=7)).date())
            callback.write({"result": "average", "suggestions": "Pack better"})
            callback.action_done()
        self.assertEqual(complaint.stage_kind, "followed_up")
        self.assertEqual(complaint.callback_result, "average")
        self.assertEqual(self.client.cs_last_callback_result, "average")
        self.assertEqual(self.client.cs_callback_count, 1)
        self.assertEqual(self.client.cs_complaint_count, 1)

    def test_callback_plan_wizard_over_key_customers(self):
        self.client.cs_key_customer = True
        other = self.env["res.partner"].create({"name": "Guangshui Store", "is_company": True})
        with Form(self.env["cs.callback.plan.wizard"].with_user(self.cs_user)) as form:
            form.segment = "key"
            self.assertIn(self.client, form.partner_ids)
            self.assertNotIn(other, form.partner_ids)
            form.service_date = date(2026, 3, 30)
        action = form.record.action_plan()
        callbacks = self.env["cs.callback"].search(action["domain"])
        self.assertEqual(callbacks.partner_id, self.client)
        self.assertEqual(callbacks.source, "plan")

    def test_recent_complainers_segment(self):
        with freeze_time(RECEIVED + timedelta(days=3)):
            self.new_complaint()
            wizard = self.env["cs.callback.plan.wizard"].create(
                {"segment": "complainer", "days": 30, "company_id": self.company.id}
            )
            self.assertEqual(wizard._cs_segment_partners(), self.client)

    def test_partner_smart_buttons_open_the_customer_records(self):
        complaint = self.new_complaint()
        action = self.client.action_cs_view_complaints()
        self.assertEqual(self.env["cs.complaint"].search(action["domain"]), complaint)
        action = self.client.action_cs_view_callbacks()
        self.assertEqual(action["res_model"], "cs.callback")


class TestCallbackAfterDelivery(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Carton", "type": "consu"})
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.store = cls.env["res.partner"].create({"name": "Guangshui Store", "is_company": True})

    def deliver(self, partner):
        locations = {
            "location_id": self.warehouse.lot_stock_id.id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
        }
        move = {
            "product_id": self.product.id,
            "product_uom_qty": 2,
            "quantity": 2,
            "picked": True,
            **locations,
        }
        picking = self.env["stock.picking"].create(
            {
                "partner_id": partner.id,
                "picking_type_id": self.warehouse.out_type_id.id,
                "move_ids": [(0, 0, move)],
                **locations,
            }
        )
        picking.action_confirm()
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def test_delivery_to_a_member_plans_a_callback_within_three_days(self):
        member = self.env["res.partner"].create({"name": "Member store", "is_company": True, "cs_member": True})
        with freeze_time("2026-03-30 03:00"):
            picking = self.deliver(member)
        callback = self.env["cs.callback"].search([("picking_id", "=", picking.id)])
        self.assertEqual(callback.partner_id, member)
        self.assertEqual(callback.service_date, date(2026, 3, 30))
        self.assertEqual(callback.due_date, date(2026, 4, 2))
        self.assertEqual(callback.source, "delivery")

    def test_delivery_to_a_non_member_plans_nothing(self):
        picking = self.deliver(self.store)
        self.assertFalse(self.env["cs.callback"].search([("picking_id", "=", picking.id)]))

    def test_order_close_out_plans_one_callback_per_order(self):
        order = self.env["sale.order"].create(
            {"partner_id": self.store.id, "order_line": [(0, 0, {"product_id": self.product.id})]}
        )
        order.action_confirm()
        Callback = self.env["cs.callback"]
        action = Callback._cs_plan_from_orders(order)._cs_action_open()
        self.assertEqual(self.env["cs.callback"].search(action["domain"]).sale_order_id, order)
        self.assertFalse(Callback._cs_plan_from_orders(order), "a second run plans nothing")
