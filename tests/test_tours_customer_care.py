from datetime import date

from odoo.tests import tagged

from .common_tour import CsTourCase


@tagged("post_install", "-at_install")
class TestCustomerCareTour(CsTourCase):
    """The customer manager plans and logs a visit in the browser with only that group, in Chinese and
    Shanghai time (CONVENTIONS, "Roles, browser tours")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_customer_manager = cls.cs_tour_user("tour_customer_manager", "customer_manager")
        cls.care_customer = cls.env["res.partner"].create(
            {
                "name": "Tour Care Store",
                "is_company": True,
                "email": "care@example.com",
                "cs_customer_manager_id": cls.tour_customer_manager.id,
            }
        )

    def test_customer_manager_plans_and_logs_a_visit_that_raises_a_request(self):
        """Seed 002: 制定客户走访计划…录入走访日志,收集竞争信息; 对不能现场解决的需求,要认真做好纪录…并告之客户
        解决时限; seed 000: 隔日电话回访."""
        self.start_tour("/odoo", "cs_customer_manager_visit_tour", login="tour_customer_manager")
        visit = self.env["cs.customer.visit"].search([("partner_id", "=", self.care_customer.id)])
        self.assertEqual(len(visit), 1)
        self.assertEqual(
            (visit.state, visit.user_id, visit.purpose, visit.create_uid),
            ("done", self.tour_customer_manager, "need", self.tour_customer_manager),
        )
        self.assertEqual(visit.competitor_info, "Rival delivers for free")
        request = visit.need_ids.request_id
        self.assertEqual(
            (request.subject, request.request_type, request.channel, request.promised_date, request.partner_id),
            ("Repair the display rack", "request", "visit", date(2030, 6, 28), self.care_customer),
        )
        self.assertEqual(request.create_uid, self.tour_customer_manager)
        self.assertEqual((visit.callback_id.source, (visit.callback_id.due_date - visit.done_date).days), ("visit", 1))
