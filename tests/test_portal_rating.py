"""Customer portal and satisfaction ratings (issue 13, items 3 and 4).

Seed 000 投诉处理流程: 「为顾客投诉提供便利的渠道」; seed 001: 「建立受理顾客投诉的渠道,如、邮件等」;
seed 004 投诉处理与反馈:
「征求客户对处理结果的意见和满意度。如客户对处理结果不满意，要进一步沟通协调，直至客户满意为止」.
"""

from datetime import datetime
from datetime import timedelta

from freezegun import freeze_time

from odoo import http
from odoo.tests import HttpCase
from odoo.tests import JsonRpcException
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common_tour import CsTourCase
from .complaint_common import RECEIVED
from .complaint_common import ComplaintCommon


class PortalCommon(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client.write({"email": "boss@zengdu.example", "lang": "en_US"})
        cls.portal_user = new_test_user(
            cls.env,
            "zengdu_portal",
            groups="base.group_portal",
            name="Li Ming",
            email="li.ming@zengdu.example",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.portal_user.partner_id.write({"parent_id": cls.client.id, "company_id": cls.company.id})
        cls.rival = cls.env["res.partner"].create(
            {"name": "Anlu Store", "is_company": True, "company_id": cls.company.id, "email": "anlu@example.com"}
        )
        cls.Request = cls.env["cs.service.request"].with_company(cls.company)
        requests = cls.Request.with_user(cls.cs_user).create(
            [
                {
                    "company_id": cls.company.id,
                    "partner_id": cls.client.id,
                    "subject": "Price of the spring tea",
                    "received_date": datetime(2026, 3, 13, 9, 0),
                },
                {"company_id": cls.company.id, "partner_id": cls.rival.id, "subject": "Anlu asks for a discount"},
            ]
        )
        cls.own_request, cls.rival_request = requests
        complaints = cls.Complaint.with_user(cls.cs_user).create(
            [
                {"company_id": cls.company.id, "partner_id": cls.client.id, "content": "Cartons arrived crushed"},
                {"company_id": cls.company.id, "partner_id": cls.rival.id, "content": "Anlu: wrong brand delivered"},
            ]
        )
        cls.own_complaint, cls.rival_complaint = complaints

    def close_inquiry(self, service_request, when):
        """The specialist answers the inquiry and closes it (their own buttons)."""
        as_user = service_request.with_user(self.cs_user)
        with freeze_time(when):
            as_user.write({"answer": "<p>12 yuan a box.</p>"})
            as_user.action_answer()
            as_user.action_close()
        return service_request


@tagged("post_install", "-at_install")
class TestCustomerPortal(HttpCase, PortalCommon):
    """A portal customer over real HTTP: their own requests and complaints, never another customer's."""

    def _status(self, url):
        return self.url_open(url, allow_redirects=False).status_code

    def test_portal_customer_sees_own_cases_only(self):
        """Seed 000: 「为顾客投诉提供便利的渠道」: the customer follows their own requests and complaints."""
        self.authenticate("zengdu_portal", "zengdu_portal")
        page = self.url_open("/my/service-requests")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.own_request.name, page.text)
        self.assertNotIn(self.rival_request.name, page.text)
        page = self.url_open("/my/complaints")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.own_complaint.name, page.text)
        self.assertNotIn(self.rival_complaint.name, page.text)
        page = self.url_open(f"/my/service-requests/{self.own_request.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Price of the spring tea", page.text)
        self.assertIn('data-res_model="cs.service.request"', page.text, "the chatter is on the page")
        self.assertIn("Cartons arrived crushed", self.url_open(f"/my/complaints/{self.own_complaint.id}").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["cs_request_count", "cs_complaint_count"]})
        self.assertEqual(counters, {"cs_request_count": 1, "cs_complaint_count": 1})

    def test_portal_customer_cannot_open_another_customers_case(self):
        """Another customer's request or complaint does not exist for a portal customer: 404, and the
        ORM over JSON-RPC refuses it too."""
        self.authenticate("zengdu_portal", "zengdu_portal")
        self.assertEqual(self._status(f"/my/service-requests/{self.rival_request.id}"), 404)
        self.assertEqual(self._status(f"/my/complaints/{self.rival_complaint.id}"), 404)
        found = self.make_jsonrpc_request(
            "/web/dataset/call_kw/cs.service.request/search_read",
            {"model": "cs.service.request", "method": "search_read", "args": [[]], "kwargs": {"fields": ["name"]}},
        )
        self.assertEqual([row["id"] for row in found], self.own_request.ids)
        for record in (self.rival_request, self.rival_complaint):
            with self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/{record._name}/read",
                    {"model": record._name, "method": "read", "args": [record.ids, ["name"]], "kwargs": {}},
                )
        # the department's internal notes on the customer's own complaint stay internal
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/cs.complaint/read",
                {
                    "model": "cs.complaint",
                    "method": "read",
                    "args": [self.own_complaint.ids, ["accountability"]],
                    "kwargs": {},
                },
            )
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/cs.service.request/write",
                {
                    "model": "cs.service.request",
                    "method": "write",
                    "args": [self.own_request.ids, {"subject": "changed by the customer"}],
                    "kwargs": {},
                },
            )

    def test_internal_user_cannot_use_the_portal_form(self):
        """The form registers for the portal user's own company only; an employee registers in the back office."""
        self.authenticate("cs_user", "cs_user")
        self.assertEqual(self._status("/my/service-requests/new"), 403)

    def test_portal_customer_submits_a_request_with_an_attachment(self):
        """The portal channel: the request is the customer company's, whatever the form claims; the file is
        attached, the contact follows the request, receipt is acknowledged, and the customer answers in the
        chatter."""
        self.authenticate("zengdu_portal", "zengdu_portal")
        response = self.url_open(
            "/my/service-requests/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "request_type": "request",
                "subject": "Shelf for the spring tea",
                "description": "We need a display shelf before the 15th.",
                # not fields of the form: ignored
                "partner_id": self.rival.id,
                "channel": "phone",
                "user_id": self.cs_manager.id,
            },
            files={"attachments": ("shelf.txt", b"2 m x 1 m", "text/plain")},
        )
        self.assertEqual(response.status_code, 200)
        created = self.env["cs.service.request"].search([("subject", "=", "Shelf for the spring tea")])
        self.assertEqual(len(created), 1)
        self.assertTrue(response.url.endswith(f"/my/service-requests/{created.id}"))
        self.assertEqual(created.partner_id, self.client)
        self.assertEqual(created.channel, "portal")
        self.assertEqual(created.request_type, "request")
        self.assertEqual(created.contact_name, "Li Ming")
        self.assertFalse(created.user_id)
        self.assertEqual(created.company_id, self.company)
        self.assertIn(self.portal_user.partner_id, created.message_partner_ids)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "cs.service.request"), ("res_id", "=", created.id)]
        )
        self.assertEqual(attachment.name, "shelf.txt")
        self.assertEqual(attachment.raw, b"2 m x 1 m")
        self.assertEqual(created.message_ids.attachment_ids, attachment, "the file is in the chatter")
        self.assertTrue(created.message_ids.filtered(lambda m: created.name in (m.subject or "")), "acknowledged")
        created._portal_ensure_token()
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "cs.service.request",
                "thread_id": created.id,
                "post_data": {"body": "The shelf must be white.", "message_type": "comment"},
                "token": created.access_token,
            },
        )
        answer = created.message_ids.filtered(lambda m: "must be white" in (m.body or ""))
        self.assertEqual(answer.author_id, self.portal_user.partner_id)

    def test_form_without_subject_is_refused(self):
        """Validated on the server: a request without subject is not created."""
        self.authenticate("zengdu_portal", "zengdu_portal")
        before = self.env["cs.service.request"].search_count([])
        response = self.url_open(
            "/my/service-requests/new",
            data={"csrf_token": http.Request.csrf_token(self), "request_type": "inquiry", "subject": "  "},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_cs_portal_errors", response.text)
        self.assertEqual(self.env["cs.service.request"].search_count([]), before)

    def test_customer_rates_a_closed_request_on_the_portal(self):
        """Seed 004: 「征求客户对处理结果的意见和满意度」: the closed request offers the rating on the portal,
        then shows the customer's rating."""
        self.close_inquiry(self.own_request, datetime(2026, 3, 16, 3, 0))
        self.authenticate("zengdu_portal", "zengdu_portal")
        token = self.own_request.sudo().rating_ids.filtered(lambda r: not r.consumed).access_token
        self.assertTrue(token)
        page = self.url_open(f"/my/service-requests/{self.own_request.id}")
        self.assertIn(f"/rate/{token}/5", page.text)
        response = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"csrf_token": http.Request.csrf_token(self), "rate": 5, "feedback": "Quick answer"},
        )
        self.assertEqual(response.status_code, 200)
        page = self.url_open(f"/my/service-requests/{self.own_request.id}")
        self.assertIn("o_cs_portal_rating_value", page.text)
        self.assertIn("Quick answer", page.text)
        self.assertNotIn(f"/rate/{token}/5", page.text)


class TestSatisfaction(PortalCommon):
    """Ratings asked at close and the satisfaction statistics (cs.satisfaction.report)."""

    def test_closing_a_request_sends_the_rating_links(self):
        """Seed 004: 「征求客户对处理结果的意见和满意度…直至客户满意为止」: when the case closes, the customer
        is asked by e-mail to rate the handling."""
        self.close_inquiry(self.own_request, datetime(2026, 3, 16, 3, 0))
        rating = self.own_request.sudo().rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.client)
        self.assertFalse(rating.consumed)
        mail = self.own_request.message_ids.filtered(lambda m: f"/rate/{rating.access_token}/5" in (m.body or ""))
        self.assertEqual(len(mail), 1)
        self.assertIn(self.client, mail.partner_ids)
        self.assertIn(f"/rate/{rating.access_token}/1", mail.body)

    def test_closing_a_complaint_sends_the_rating_links(self):
        complaint = self.applied_complaint("satisfied")
        complaint.user_id = self.cs_user
        as_user = complaint.with_user(self.cs_user)
        with freeze_time(RECEIVED + timedelta(days=2)):
            as_user.action_follow_up()
            as_user.action_close()
        rating = complaint.sudo().rating_ids
        self.assertEqual(rating.partner_id, self.client)
        self.assertTrue(complaint.message_ids.filtered(lambda m: f"/rate/{rating.access_token}/5" in (m.body or "")))

    def test_callbacks_and_ratings_reach_the_satisfaction_statistics(self):
        """Seed 004 客户回访: 「回访内容主要包括客户对…的满意度」; seed 000: 「通过回访…提高客户满意度」:
        satisfaction rate = satisfied / all answers (callbacks and ratings), per complaint category, specialist
        and month (Shanghai time).

        Answers, by hand:
        - complaint A (product quality): callback satisfied on 2026-03-11, rated "unhappy" (1) when closed in March;
        - complaint B (product quality): callback average on 2026-03-31 17:00 UTC = 2026-04-01 01:00 in Shanghai;
        - inquiry (no category): closed on 2026-03-16, rated "happy" (5).
        Product quality: 1 satisfied of 3 = 33.33 %; specialist cs_user: 2 of 4 = 50 %;
        March: 2 of 3 = 66.67 %; April: 0 of 1 = 0 %.
        """
        complaint_a = self.applied_complaint("satisfied")
        complaint_b = self.applied_complaint("average")
        (complaint_a | complaint_b).user_id = self.cs_user
        with freeze_time(RECEIVED + timedelta(days=2)):
            complaint_a.with_user(self.cs_user).action_follow_up()
            complaint_a.with_user(self.cs_user).action_close()
        with freeze_time(datetime(2026, 3, 31, 17, 0)):
            complaint_b.with_user(self.cs_user).action_follow_up()
        self.close_inquiry(self.own_request, datetime(2026, 3, 16, 3, 0))
        # the customer rates through the rating links (the /rate controller applies it in sudo after the token)
        for case, value in ((complaint_a, 1), (self.own_request, 5)):
            token = case.sudo().rating_ids.filtered(lambda r: not r.consumed).access_token
            case.sudo().rating_apply(value, token=token)
        report = self.env["cs.satisfaction.report"].with_user(self.cs_manager).with_context(tz="Asia/Shanghai")
        domain = [("company_id", "=", self.company.id)]

        def rates(groupby):
            return {
                key: (round(rate, 2), count)
                for key, rate, count in report._read_group(domain, [groupby], ["satisfaction_rate:avg", "nbr:sum"])
            }

        self.assertEqual(rates("category_id")[self.quality], (33.33, 3))
        self.assertEqual(rates("user_id")[self.cs_user], (50.0, 4))
        months = {month.strftime("%Y-%m"): value for month, value in rates("date:month").items()}
        self.assertEqual(months, {"2026-03": (66.67, 3), "2026-04": (0.0, 1)})


@tagged("post_install", "-at_install")
class TestPortalTour(CsTourCase, PortalCommon):
    """The customer portal in the browser: a portal customer in Chinese (zh_CN) and Shanghai time."""

    def test_portal_customer_submits_and_follows_a_request(self):
        """Seed 000: 「为顾客投诉提供便利的渠道」: the customer registers a request on the portal and follows it."""
        self.portal_user.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        self.start_tour("/my", "cs_portal_request_tour", login="zengdu_portal")
        created = self.env["cs.service.request"].search([("subject", "=", "春茶陈列架")])
        self.assertEqual(len(created), 1)
        self.assertEqual(created.partner_id, self.client)
        self.assertEqual(created.channel, "portal")
        self.assertEqual(created.request_type, "request")
        self.assertIn("白色陈列架", created.description)
        self.assertIn("shelf.txt", created.message_ids.attachment_ids.mapped("name"))
        answer = created.message_ids.filtered(lambda m: "陈列架请用白色" in (m.body or ""))
        self.assertEqual(answer.author_id, self.portal_user.partner_id)
