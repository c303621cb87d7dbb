import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tools.safe_eval import safe_eval

from .common import render_xlsx
from .common import run_jobs
from .common_jobs import JobCommon


class TestWeeklyReport(JobCommon):
    def _week_tickets(self):
        with freeze_time("2026-03-02 02:00:00"):  # Monday 10:00 in Shanghai
            submitted = self.make_ticket(title="Poster")
            submitted.action_submit()
            done = self.make_ticket(title="Banner", next_action="Deliver files")
            done.action_submit()
            done.with_user(self.cr_manager).action_approve()
            self.confirm_by_client(done)
            done.action_start()
            done.action_done()
            other_client = self.env["res.partner"].create({"name": "Lieshan Grocery", "is_company": True})
            account = self.make_ticket(title="Price list", department=self.account, partner_id=other_client.id)
            account.action_submit()
        return submitted, done, account

    def _report(self, day):
        return (
            self.env["cs.job.weekly.report"]
            .with_user(self.cr_manager)
            .create({"date": day, "company_id": self.company.id})
        )

    def test_week_lists_tickets_grouped_by_client_and_status(self):
        with freeze_time("2026-02-20 02:00:00"):
            old = self.make_ticket(title="Last month", due=date(2026, 3, 1))
        submitted, done, account = self._week_tickets()
        report = self.env["cs.job.weekly.report"].create({"date": date(2026, 3, 5), "company_id": self.company.id})
        self.assertEqual((report.date_from, report.date_to), (date(2026, 3, 2), date(2026, 3, 8)))
        lines = report._lines()
        self.assertEqual([line[0].name for line in lines], ["Lieshan Grocery", "Zengdu Store"])
        zengdu = dict(lines[1][1])
        self.assertEqual(zengdu, {"Submitted": submitted, "Done": done})
        self.assertNotIn(old, report._tickets())

    def test_xlsx_has_one_row_per_ticket_with_next_actions(self):
        """The Customer Service user who opened the tickets prints the week's XLSX from the wizard's button."""
        self._week_tickets()
        report = (
            self.env["cs.job.weekly.report"]
            .with_user(self.opener)
            .create({"date": date(2026, 3, 5), "company_id": self.company.id})
        )
        action = report.action_export_xlsx()
        self.assertEqual(
            (action["type"], action["report_type"], action["report_name"], action["context"]["active_ids"]),
            ("ir.actions.report", "xlsx", "customer_service_dept.cs_job_weekly_xlsx", report.ids),
        )
        xlsx = self.env.ref("customer_service_dept.action_report_cs_job_weekly_xlsx")
        self.assertEqual(safe_eval(xlsx.print_report_name, {"object": report}), "job-status-20260302")
        sheet = render_xlsx(report.env, xlsx, report.ids).active
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
        self.assertEqual(len(rows), 3)
        self.assertEqual(sheet.cell(1, 1).value, "Weekly status report 2026-03-02 - 2026-03-08")
        self.assertEqual(sheet.cell(3, 1).value, "Client")
        banner = next(r for r in rows if r[4] == "Banner")
        self.assertEqual(
            (banner[0], banner[2], banner[3], banner[8]),
            ("Zengdu Store", "Done", "202603-CR-02", "Deliver files"),
        )
        # clients in name order: Lieshan Grocery's ticket of the Account department first
        self.assertEqual(
            rows[0][:7],
            ["Lieshan Grocery", None, "Submitted", "202603-AE-01", "Price list", "Account", self.opener.name],
        )
        self.assertEqual((rows[0][7], rows[0][9]), ("2026-03-20", 0))

    def test_xlsx_shows_only_the_tickets_its_reader_may_read(self):
        """The spreadsheet is rendered as the user who prints it: the Creative department's manager
        reads his department's tickets, not the Account department's."""
        self._week_tickets()
        report = self._report(date(2026, 3, 5))
        sheet = render_xlsx(report.env, "customer_service_dept.action_report_cs_job_weekly_xlsx", report.ids).active
        self.assertEqual(
            [(row[4].value, row[5].value) for row in sheet.iter_rows(min_row=4)],
            [("Poster", "Creative"), ("Banner", "Creative")],
        )

    def test_friday_cron_mails_the_department_managers_with_the_xlsx(self):
        self._week_tickets()
        with freeze_time("2026-03-06 09:00:00"):  # Friday; the cron runs as the superuser
            run_jobs(self.env["cs.job.weekly.report"]._cron_send_weekly_report)
        mail = self.env["mail.mail"].search([("subject", "like", "Weekly job status 2026-03-02")])
        self.assertEqual(len(mail), 1)
        self.assertEqual(set(mail.recipient_ids.mapped("email")), {"cr.manager@example.com", "ae.manager@example.com"})
        self.assertEqual(mail.attachment_ids.mapped("name"), ["job-status-20260302.xlsx"])
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(mail.attachment_ids.datas))).active
        self.assertEqual(sheet.max_row, 6)  # title, blank, header, three tickets

    def test_nothing_is_sent_for_an_empty_week(self):
        submitted, _done, account = self._week_tickets()
        with freeze_time("2026-03-06 02:00:00"):  # the waiting tickets are cancelled in their week
            (submitted | account).action_cancel()
        before = self.env["mail.mail"].search_count([])
        with freeze_time("2026-03-13 09:00:00"):  # the following Friday: nothing moved
            run_jobs(self.env["cs.job.weekly.report"]._cron_send_weekly_report)
        self.assertEqual(self.env["mail.mail"].search_count([]), before)

    def test_weekly_pdf_lists_the_clients(self):
        self._week_tickets()
        report = self.env["cs.job.weekly.report"].create({"date": date(2026, 3, 5), "company_id": self.company.id})
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("customer_service_dept.action_report_cs_job_weekly", report.ids)[0]
            .decode()
        )
        self.assertIn("Lieshan Grocery", html)
        self.assertIn("202603-AE-01", html)

    def test_cron_is_scheduled_weekly_on_friday(self):
        cron = self.env.ref("customer_service_dept.ir_cron_cs_job_weekly_report")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "weeks"))
        self.assertEqual(cron.nextcall.weekday(), 4)
