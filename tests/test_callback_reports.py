from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import render_xlsx
from .complaint_common import RECEIVED
from .complaint_common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestCallbackSummary(ComplaintCommon):
    """回访记录表 and 回访总结报告 (seed 000, 客户服务部日常工作详细流程 二、回访):
    "认真记录每一个客户回访结果填写《回访记录表》…最后分析结果并撰写《回访总结报告》";
    回访规范: "必须保证会员客户的100%的回访" and "必须保证在三天之内回访"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client.cs_member = True
        # the company keeps the three-day rule for members only (others: 7 days)
        cls.company.cs_callback_three_days_all = False
        cls.walk_in = cls.env["res.partner"].create(
            {"name": "Xihe Kiosk", "is_company": True, "company_id": cls.company.id}
        )
        Callback = cls.env["cs.callback"].with_user(cls.cs_user)

        def plan(partner, service, caller=cls.cs_user):
            return Callback.create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                    "service_date": service,
                    "user_id": caller.id,
                }
            )

        def call(callback, day, result, suggestions=""):
            callback.write({"done_date": day, "result": result, "suggestions": suggestions})
            callback.action_done()

        # member, due 3 days after the service: 03-05; called 03-04, satisfied -> on time
        cls.a = plan(cls.client, date(2026, 3, 2))
        call(cls.a, date(2026, 3, 4), "satisfied")
        # member, due 03-13; called 03-16, not satisfied -> late
        cls.b = plan(cls.client, date(2026, 3, 10), caller=cls.cs_manager)
        call(cls.b, date(2026, 3, 16), "not_satisfied", "Deliveries come too late")
        # other customer, due 7 days after: 03-16; called 03-16, average -> on time
        cls.c = plan(cls.walk_in, date(2026, 3, 9))
        call(cls.c, date(2026, 3, 16), "average", '=HYPERLINK("x")')
        # other customer, due 03-27, not called by 04-01 -> late, not yet called
        cls.d = plan(cls.walk_in, date(2026, 3, 20))
        # cancelled (due 03-27) and next month's (due 04-03): not in the March summary
        cls.e = plan(cls.walk_in, date(2026, 3, 20))
        cls.e.action_cancel()
        cls.f = plan(cls.client, date(2026, 3, 31))
        cls.wizard = (
            cls.env["cs.callback.summary.wizard"]
            .with_user(cls.cs_user)
            .create({"company_id": cls.company.id, "date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)})
        )

    def test_figures_of_the_month(self):
        """Due in March: a, b, c, d (e cancelled, f due 04-03). Called: a, b, c; on time: a (03-04 ≤ 03-05)
        and c (03-16 ≤ 03-16); late: b (03-16 > 03-13) and d (not called, 04-01 > 03-27).
        On-time rate 2/4 = 50 %; members a, b both called: 2/2 = 100 %; satisfaction 1 satisfied of
        3 results = 33.33 %."""
        with freeze_time("2026-04-01 02:00"):
            total, callers = self.wizard._cs_summary()
        expected = {
            "due": 4,
            "done": 3,
            "on_time": 2,
            "late": 2,
            "open": 1,
            "members_due": 2,
            "members_done": 2,
            "satisfied": 1,
            "average": 1,
            "not_satisfied": 1,
            "on_time_rate": 50.0,
            "member_rate": 100.0,
            "satisfaction_rate": 33.33,
        }
        self.assertEqual({k: total[k] for k in expected}, expected)
        by_caller = {user.login: figures for user, figures in callers}
        self.assertEqual((by_caller["cs_manager"]["due"], by_caller["cs_manager"]["late"]), (1, 1))
        self.assertEqual((by_caller["cs_user"]["due"], by_caller["cs_user"]["on_time"]), (3, 2))
        self.assertEqual(self.wizard._cs_not_satisfied(), self.b | self.c)

    def test_summary_pdf_and_spreadsheet(self):
        self.wizard.analysis = "Call member customers before noon."
        with freeze_time("2026-04-01 02:00"):
            html = (
                self.env["ir.actions.report"]
                .with_user(self.cs_user)
                ._render_qweb_html("customer_service_dept.cs_callback_summary_report_action", self.wizard.ids)[0]
                .decode()
            )
            book = render_xlsx(
                self.env(user=self.cs_user),
                "customer_service_dept.cs_callback_summary_xlsx_action",
                self.wizard.ids,
            )
        for text in ("33.3 %", "100.0 %", "50.0 %", "Deliveries come too late", "Call member customers before noon"):
            self.assertIn(text, html)
        sheet = book.worksheets[0]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        total = next(row for row in rows if row[0] == "Total")
        # due, done, on time, late, open, members due/called, satisfied, average, not satisfied, rates
        self.assertEqual(total[1:14], [4, 3, 2, 2, 1, 2, 2, 1, 1, 1, 50.0, 100.0, 33.33])
        self.assertIn(["Call member customers before noon."], [row[:1] for row in rows])

    def test_callback_record_lists_the_callbacks_of_the_period(self):
        action = self.wizard.action_print_record()
        self.assertEqual(action["report_name"], "customer_service_dept.report_cs_callback_record")
        self.assertEqual(set(action["context"]["active_ids"]), set((self.a | self.b | self.c | self.d).ids))
        html = (
            self.env["ir.actions.report"]
            .with_user(self.cs_user)
            ._render_qweb_html(
                "customer_service_dept.cs_callback_record_report_action", action["context"]["active_ids"]
            )[0]
            .decode()
        )
        self.assertIn("Deliveries come too late", html)
        self.assertIn("Xihe Kiosk", html)
        self.assertIn("Page 1 / 1", html)

    def test_complaint_form_has_the_instruction_box_and_the_signature(self):
        """Seed 000, 投诉处理流程: "主管领导应对投诉处理方案一一过目…并及时作出批示";
        "确认顾客接受解决方案后请顾客签字"."""
        complaint = self.new_complaint(received=RECEIVED)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.cs_user)
            ._render_qweb_html("customer_service_dept.cs_complaint_form_report_action", complaint.ids)[0]
            .decode()
        )
        self.assertIn("Supervisor&#39;s Instruction", html.replace("'", "&#39;"))
        self.assertIn("Customer&#39;s Signature", html.replace("'", "&#39;"))
