import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import new_test_user

from .common import run_jobs
from .common_jobs import JobCommon


class WeeklyStatusCommon(JobCommon):
    """Week of Monday 2 March 2026 (Beijing): a ticket worked on all week, one done in the week,
    one done the week before, a draft never submitted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_tz = "Asia/Shanghai"
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)], "tz": "Asia/Shanghai"}
        # AE: an account executive of the Account department; designer: a member of Creative
        cls.ae = new_test_user(
            cls.env, "ae_h25", groups="customer_service_dept.group_cs_user", email="ae@example.com", **common
        )
        cls.designer = new_test_user(
            cls.env,
            "designer_h25",
            groups="customer_service_dept.group_cs_user",
            email="designer@example.com",
            **common,
        )
        cls.account.member_ids = cls.ae
        cls.creative.member_ids = cls.designer
        cls.wang = cls.env["res.partner"].create(
            {"name": "Ms Wang", "email": "wang@zengdu.example.com", "parent_id": cls.client.id}
        )
        cls.lieshan = cls.env["res.partner"].create(
            {"name": "Lieshan Grocery", "is_company": True, "company_id": cls.company.id}
        )
        cls.zhao = cls.env["res.partner"].create(
            {"name": "Mr Zhao", "email": "zhao@lieshan.example.com", "parent_id": cls.lieshan.id}
        )

    def _run(self, ticket, until, at):
        """Take ``ticket`` through the flow up to ``until`` at the UTC moment ``at``."""
        with freeze_time(at):
            ticket.with_user(ticket.user_id).action_submit()
            if until == "submitted":
                return ticket
            manager = ticket.department_id.manager_ids[:1]
            ticket.with_user(manager).action_approve()
            self.confirm_by_client(ticket)  # 所有执行工作均需经由客户确认同意后, 方始进入执行阶段
            ticket.with_user(ticket.user_id).action_start()
            if until == "done":
                ticket.with_user(ticket.user_id).action_done()
        return ticket

    def _week(self):
        with freeze_time("2026-02-23 02:00:00"):
            self.worked = self.make_ticket(
                title="Poster", due=date(2026, 3, 20), client_contact_ids=[(6, 0, self.wang.ids)]
            )
            self.finished_before = self.make_ticket(title="Old leaflet", due=date(2026, 3, 20))
            self.draft = self.make_ticket(title="Idea never submitted", due=date(2026, 3, 20))
        self._run(self.worked, "in_progress", "2026-02-23 02:00:00")  # in progress since the week before
        self._run(self.finished_before, "done", "2026-02-27 09:00:00")
        with freeze_time("2026-02-26 02:00:00"):
            self.price_list = self.make_ticket(
                user=self.ae,
                title="Price list",
                department=self.account,
                partner_id=self.lieshan.id,
                due=date(2026, 3, 20),
                client_contact_ids=[(6, 0, self.zhao.ids)],
            )
        self._run(self.price_list, "in_progress", "2026-02-26 02:00:00")
        with freeze_time("2026-03-04 02:00:00"):  # Wednesday 10:00 in Beijing
            self.price_list.with_user(self.ae).action_done()
        Time = self.env["cs.job.time"]
        Time.create(
            [
                {"ticket_id": self.worked.id, "user_id": self.designer.id, "date": date(2026, 2, 27), "hours": 2},
                {"ticket_id": self.worked.id, "user_id": self.designer.id, "date": date(2026, 3, 2), "hours": 3},
                {"ticket_id": self.worked.id, "user_id": self.designer.id, "date": date(2026, 3, 8), "hours": 1.5},
                {"ticket_id": self.worked.id, "user_id": self.designer.id, "date": date(2026, 3, 9), "hours": 4},
            ]
        )

    def _report(self, user):
        return (
            self.env["cs.job.weekly.report"]
            .with_user(user)
            .create({"date": date(2026, 3, 4), "company_id": self.company.id})
        )


class TestWeeklyStatusActiveWork(WeeklyStatusCommon):
    def test_work_in_progress_all_week_is_listed_with_its_hours(self):
        """「每周一早上, 将本周内所有工作的执行状况, 进度安排及后续动作的工作周报表…」: a job in progress all
        week is in the report, with the hours logged Monday to Sunday (3 + 1.5 = 4.5, not the 2 hours of
        the Friday before nor the 4 of the next Monday); a job done the week before and a draft never
        submitted are not. Read by the Creative department's manager."""
        self._week()
        report = self._report(self.cr_manager)
        tickets = report._tickets()
        self.assertEqual(tickets, self.worked)
        self.assertEqual(report._hours_in_week(tickets), {self.worked.id: 4.5})
        self.assertEqual(report._milestones(self.worked), "")

    def test_ae_reads_the_job_done_this_week_with_its_milestone(self):
        """The AE who opened the price list reads it, done on Wednesday 10:00 Beijing time, in his report;
        the spreadsheet carries the week's hours and milestones in the last two columns."""
        self._week()
        report = self._report(self.ae)
        self.assertEqual(report._tickets(), self.price_list)
        self.assertEqual(report._milestones(self.price_list), "Done 03-04 10:00")
        xlsx = self.env.ref("customer_service_dept.action_report_cs_job_weekly_xlsx")
        content, _kind = report.env["ir.actions.report"]._render_xlsx(xlsx.report_name, report.ids, {})
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertEqual(
            (sheet.cell(3, 11).value, sheet.cell(3, 12).value), ("Hours This Week", "Milestones This Week")
        )
        self.assertEqual([sheet.cell(4, col).value for col in (5, 11, 12)], ["Price list", 0, "Done 03-04 10:00"])

    def test_department_member_logging_time_sees_the_hours_in_the_pdf(self):
        """The week's PDF shows the hours of the week beside the ticket (4.5 h), printed by the manager."""
        self._week()
        report = self._report(self.cr_manager)
        html = (
            report.env["ir.actions.report"]
            ._render_qweb_html("customer_service_dept.action_report_cs_job_weekly", report.ids)[0]
            .decode()
        )
        self.assertIn("Poster", html)
        self.assertIn("4.5", html)
        self.assertNotIn("Old leaflet", html)
        self.assertNotIn("Idea never submitted", html)


class TestMondayStatusMail(WeeklyStatusCommon):
    def _mails(self):
        return self.env["mail.mail"].search([("subject", "like", "Weekly job status 2026-03-02")])

    def _titles(self, mail):
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(mail.attachment_ids.datas))).active
        return sorted(row[4].value for row in sheet.iter_rows(min_row=4))

    def _by_recipient(self):
        return {partner.email: self._titles(mail) for mail in self._mails() for partner in mail.recipient_ids}

    def test_monday_cron_waits_for_monday_morning_in_beijing(self):
        """「每周一早上」 at the company's report time (9:00 Beijing): not at Monday 00:30 Beijing (Sunday in
        UTC), not at 08:59, then at 09:00 Beijing (01:00 UTC) for the week just ended."""
        self._week()
        Report = self.env["cs.job.weekly.report"]
        for moment in ("2026-03-08 16:30:00", "2026-03-09 00:59:00"):
            with freeze_time(moment):
                run_jobs(Report._cron_send_monday_report)
            self.assertFalse(self._mails(), moment)
        with freeze_time("2026-03-09 01:00:00"):
            run_jobs(Report._cron_send_monday_report)
        self.assertTrue(self._mails())

    def test_monday_report_time_is_a_company_setting(self):
        """At 10:30 Beijing time when the company says so: nothing at 10:00 (02:00 UTC)."""
        self._week()
        self.company.cs_weekly_report_monday_hour = 10.5
        Report = self.env["cs.job.weekly.report"]
        with freeze_time("2026-03-09 02:00:00"):
            run_jobs(Report._cron_send_monday_report)
        self.assertFalse(self._mails())
        with freeze_time("2026-03-09 02:30:00"):
            run_jobs(Report._cron_send_monday_report)
        self.assertTrue(self._mails())

    def test_clients_contacts_and_team_each_read_their_own_tickets(self):
        """「送交客户相关人员, 并分发予服务小组每一相关作业人员」: Zengdu's contact reads only Zengdu's
        poster, Lieshan's contact only the price list; the designer who logged time, the opener and the
        Creative manager read the poster; the AE and the Account manager the price list."""
        self._week()
        with freeze_time("2026-03-09 01:00:00"):
            run_jobs(self.env["cs.job.weekly.report"]._cron_send_monday_report)
        self.assertEqual(
            self._by_recipient(),
            {
                "wang@zengdu.example.com": ["Poster"],
                "designer@example.com": ["Poster"],
                "cr.manager@example.com": ["Poster"],
                self.opener.email: ["Poster"],
                "zhao@lieshan.example.com": ["Price list"],
                "ae@example.com": ["Price list"],
                "ae.manager@example.com": ["Price list"],
            },
        )
        self.assertEqual(len(self._mails()), 2)  # the recipients reading the same tickets share a mail

    def test_each_recipient_gets_the_week_once(self):
        """Run again later on Monday (and a contact added meanwhile): the recipients already mailed get
        nothing more, the new contact gets the week once."""
        self._week()
        Report = self.env["cs.job.weekly.report"]
        with freeze_time("2026-03-09 01:00:00"):
            run_jobs(Report._cron_send_monday_report)
        li = self.env["res.partner"].create(
            {"name": "Mr Li", "email": "li@zengdu.example.com", "parent_id": self.client.id}
        )
        self.worked.client_contact_ids |= li
        with freeze_time("2026-03-09 03:00:00"):
            run_jobs(Report._cron_send_monday_report)
            run_jobs(Report._cron_send_monday_report)
        mails = self._mails()
        self.assertEqual(len(mails), 3)
        self.assertEqual(mails.filtered(lambda m: li in m.recipient_ids).recipient_ids, li)
        logs = self.env["cs.job.weekly.report.log"].search([("week", "=", date(2026, 3, 2)), ("kind", "=", "monday")])
        self.assertEqual(len(logs), 8)  # seven on the first run, Mr Li on the second
        self.assertEqual(len(logs.partner_id), 8)
