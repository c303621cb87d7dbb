from datetime import date

from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import Form
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
            Callback.create(
                {"partner_id": self.client.id, "preferred_time_from": 20.0, "preferred_time_to": 9.0}
            )
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
