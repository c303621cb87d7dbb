from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged

from .complaint_common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestCallbackMethodAndTime(ComplaintCommon):
    """Seed 000 回访方式 「电话沟通、短信业务等」 and 回访规范 「避免在客户休息时打扰客户」,
    「最好与客户在电话中再约一个方便的时间」: a callback records how and when the customer wants to be called."""

    def test_specialist_records_method_and_preferred_time_printed_on_the_record(self):
        Callback = self.env["cs.callback"].with_user(self.cs_user)
        with Form(Callback) as form:
            form.partner_id = self.client
            form.service_date = date(2026, 3, 30)
            form.method = "sms"
            form.preferred_time_from = 14.0
            form.preferred_time_to = 17.5
        callback = form.record
        self.assertEqual((callback.method, callback.preferred_time), ("sms", "14:00–17:30"))
        arch = etree.fromstring(Callback.get_views([(False, "list")])["views"]["list"]["arch"])
        self.assertEqual(
            [node.get("name") for node in arch.iter("field") if node.get("name") in ("method", "preferred_time")],
            ["method", "preferred_time"],
        )
        html = (
            self.env["ir.actions.report"]
            .with_user(self.cs_user)
            ._render_qweb_html("customer_service_dept.cs_callback_record_report_action", callback.ids)[0]
            .decode()
        )
        page = etree.fromstring(html, etree.HTMLParser())
        heads = [th.text for th in page.iter("th") if th.text]
        self.assertIn("Method", heads)
        self.assertIn("Preferred Time", heads)
        self.assertEqual(page.xpath("//td[hasclass('o_cs_callback_method')]//text()")[0].strip(), "SMS")
        self.assertEqual(page.xpath("//td[hasclass('o_cs_callback_time')]/text()")[0].strip(), "14:00–17:30")

    def test_preferred_time_must_start_before_it_ends(self):
        Callback = self.env["cs.callback"].with_user(self.cs_user)
        with self.assertRaisesRegex(ValidationError, "Preferred Time"):
            Callback.create({"partner_id": self.client.id, "preferred_time_from": 20.0, "preferred_time_to": 9.0})
        with self.assertRaisesRegex(ValidationError, "Preferred Time"):
            Callback.create({"partner_id": self.client.id, "preferred_time_from": 22.0, "preferred_time_to": 25.0})


class TestThreeDayRuleForEveryService(ComplaintCommon):
    """Seed 000 回访规范 「必须保证在三天之内回访」: with the company setting on (the default), every
    service callback of a customer, member or not, is due three days after the service."""

    def plan(self, source="manual", service=date(2026, 3, 30)):
        return (
            self.env["cs.callback"]
            .with_user(self.cs_user)
            .create({"partner_id": self.client.id, "service_date": service, "source": source})
        )

    def test_setting_is_on_by_default_and_applies_to_non_members(self):
        self.assertTrue(self.env["res.company"].create({"name": "New Branch"}).cs_callback_three_days_all)
        self.assertFalse(self.client.cs_member)
        # 2026-03-30 + 3 days
        self.assertEqual(self.plan().due_date, date(2026, 4, 2))
        self.assertEqual(self.plan("order").due_date, date(2026, 4, 2))

    def test_manager_switches_it_off_non_members_keep_the_complaint_delay(self):
        self.company.cs_callback_three_days_all = False
        # 2026-03-30 + 7 days
        self.assertEqual(self.plan().due_date, date(2026, 4, 6))

    def test_changing_the_service_day_recomputes_with_the_rule(self):
        callback = self.plan()
        callback.with_user(self.cs_user).service_date = date(2026, 4, 1)
        self.assertEqual(callback.due_date, date(2026, 4, 4))


class TestServiceSpecialist(ComplaintCommon):
    """Seed 000 资料处理: 「客服主管按照负責客户数量均衡、兼顾业务能力的原则，分配给相关客服专员」, and
    回访规范 「必须保证会员客户的100%的回访」: a member's delivery callback goes to its specialist, as an activity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "customer_service_dept.group_cs_user"
        common = {"company_id": cls.company.id, "company_ids": [cls.company.id]}
        cls.s1, cls.s2, cls.s3 = (new_test_user(cls.env, f"specialist_{n}", groups=groups, **common) for n in (1, 2, 3))
        cls.storekeeper = new_test_user(cls.env, "storekeeper", groups="stock.group_stock_user", **common)
        Partner = cls.env["res.partner"].sudo()
        # s1 already has 2 customers, s2 none, s3 one
        Partner.create([{"name": f"Old {n}", "is_company": True, "cs_specialist_id": cls.s1.id} for n in (1, 2)])
        Partner.create({"name": "Old 3", "is_company": True, "cs_specialist_id": cls.s3.id})
        cls.product = cls.env["product.product"].create({"name": "Carton", "type": "consu"})
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)

    def deliver(self, partner):
        locations = {
            "location_id": self.warehouse.lot_stock_id.id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
        }
        Picking = self.env["stock.picking"].with_user(self.storekeeper)
        picking = Picking.create(
            {
                "partner_id": partner.id,
                "picking_type_id": self.warehouse.out_type_id.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 2,
                            "quantity": 2,
                            "picked": True,
                            **locations,
                        },
                    )
                ],
                **locations,
            }
        )
        picking.action_confirm()
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return self.env["cs.callback"].search([("picking_id", "=", picking.id)])

    def test_manager_assigns_new_customers_balancing_the_number_of_clients(self):
        new = self.env["res.partner"].create([{"name": f"New {n}", "is_company": True} for n in range(1, 5)])
        Wizard = self.env["cs.specialist.assign.wizard"].with_user(self.cs_manager)
        wizard = Wizard.with_context(active_model="res.partner", active_ids=new.ids).create(
            {"user_ids": [(6, 0, (self.s1 | self.s2 | self.s3).ids)]}
        )
        self.assertEqual(wizard.partner_ids, new)
        wizard.action_assign()
        # loads 2/0/1: New 1 -> s2 (0), New 2 -> s2 (1, tie with s3, first), New 3 -> s3 (1), New 4 -> s1 (all 2)
        self.assertEqual(new.mapped("cs_specialist_id"), self.s2 | self.s3 | self.s1)
        self.assertEqual([p.cs_specialist_id for p in new], [self.s2, self.s2, self.s3, self.s1])

    def test_only_a_manager_assigns_a_specialist(self):
        with self.assertRaises(AccessError):
            self.client.with_user(self.cs_user).cs_specialist_id = self.s1
        with self.assertRaises(AccessError):
            self.env["cs.specialist.assign.wizard"].with_user(self.cs_user).create({}).action_assign()
        self.assertFalse(self.client.cs_specialist_id)

    def test_member_delivery_callback_goes_to_the_specialist_with_an_activity(self):
        member = self.env["res.partner"].create({"name": "Member store", "is_company": True, "cs_member": True})
        member.with_user(self.cs_manager).cs_specialist_id = self.s2
        with freeze_time("2026-03-30 03:00"):
            callback = self.deliver(member)
        self.assertEqual(callback.user_id, self.s2)
        activity = callback.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual((activity.user_id, activity.date_deadline), (self.s2, date(2026, 4, 2)))
        mine = self.env["cs.callback"].with_user(self.s2).search([("user_id", "=", self.s2.id)])
        self.assertEqual(mine, callback)
        mine.write({"result": "satisfied"})
        mine.action_done()
        self.assertFalse(callback.activity_ids)

    def test_member_without_specialist_goes_to_the_complaint_manager_not_the_storekeeper(self):
        self.company.cs_complaint_manager_id = self.cs_manager
        member = self.env["res.partner"].create({"name": "Member kiosk", "is_company": True, "cs_member": True})
        callback = self.deliver(member)
        self.assertEqual(callback.user_id, self.cs_manager)
        self.assertEqual(callback.activity_ids.user_id, self.cs_manager)

    def test_reassigning_the_caller_moves_the_activity(self):
        callback = self.env["cs.callback"].with_user(self.cs_user).create({"partner_id": self.client.id})
        self.assertEqual(callback.activity_ids.user_id, self.cs_user)
        callback.with_user(self.cs_user).user_id = self.s3
        self.assertEqual(callback.activity_ids.user_id, self.s3)
        callback.with_user(self.cs_user).action_cancel()
        self.assertFalse(callback.activity_ids)
