from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.addons.queue_job.job import identity_exact
from odoo.fields import Domain

from ..models.rules import local_week_utc
from ..models.rules import week_bounds

MILESTONES = ("create_date", "date_submitted", "date_approved", "date_started", "date_done", "date_closed")


class CsJobWeeklyReport(models.TransientModel):
    """Weekly status report of the job tickets (每周五工作进度报告)."""

    _name = "cs.job.weekly.report"
    _description = "Weekly Job Status Report"

    date = fields.Date(
        string="Week of",
        required=True,
        default=lambda self: self.env.company._cs_today(self.env.user),
        help="Any day of the week to report.",
    )
    date_from = fields.Date(compute="_compute_week")
    date_to = fields.Date(compute="_compute_week")
    department_ids = fields.Many2many("cs.department", string="Departments", help="Empty: all departments.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        default=lambda self: self.env.company._cs_reader_tz(self.env.user),
        help="Weeks run from Monday 00:00 to Sunday 24:00 here: the reader's time zone, the company's for the "
        "Friday mail.",
    )

    @api.depends("date")
    def _compute_week(self):
        for report in self:
            day = report.date or report.company_id._cs_today(self.env.user)
            report.date_from, report.date_to = week_bounds(day)

    def _utc_bounds(self):
        """The week as UTC datetimes [start, end): Monday 00:00 to the next Monday 00:00 local time."""
        self.ensure_one()
        return local_week_utc(self.date_from, self.tz or self.company_id._cs_reader_tz())

    def _tickets(self):
        """Every ticket opened, progressed or closed during the week."""
        self.ensure_one()
        start, end = self._utc_bounds()
        moved = Domain.OR([Domain(f, ">=", start) & Domain(f, "<", end) for f in MILESTONES])
        domain = moved & Domain("company_id", "=", self.company_id.id)
        if self.department_ids:
            domain &= Domain("department_id", "in", self.department_ids.ids)
        return self.env["cs.job.ticket"].search(domain, order="partner_id, state, name")

    def _lines(self):
        """[(client, [(state label, tickets), ...]), ...] in client order."""
        tickets = self._tickets()
        labels = dict(tickets._fields["state"]._description_selection(self.env))
        order = [key for key, _label in tickets._fields["state"].selection]
        result = []
        for partner in tickets.partner_id.sorted("name"):
            mine = tickets.filtered(lambda t, p=partner: t.partner_id == p)
            result.append(
                (
                    partner,
                    [
                        (labels[state], mine.filtered(lambda t, s=state: t.state == s))
                        for state in order
                        if state in mine.mapped("state")
                    ],
                )
            )
        return result

    def _pdf_rows(self):
        """The lines of ``_lines`` one after the other, so the PDF can cut them into sheets of paper.

        ``[(kind, client, label, payload), ...]`` with kind ``client``, ``status`` (payload: the count)
        or ``ticket`` (payload: the ticket).
        """
        rows = []
        for partner, groups in self._lines():
            rows.append(("client", partner, partner.name, None))
            for label, tickets in groups:
                rows.append(("status", partner, label, len(tickets)))
                rows.extend(("ticket", partner, label, ticket) for ticket in tickets)
        return rows

    def action_print(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.action_report_cs_job_weekly").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.action_report_cs_job_weekly_xlsx").report_action(self, config=False)

    @api.model
    def _cron_send_weekly_report(self):
        """Friday: one queued job per company whose week was not mailed yet (the job does the work).

        The week is the company's (its time zone, not the server's). A second run before the
        jobs ran enqueues nothing twice (same identity).
        """
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            if company.cs_weekly_report_week == week_bounds(company._cs_today())[0]:
                continue
            self.with_company(company).with_delay(
                description=self.env._("Mail the weekly job status report of %(company)s", company=company.name),
                identity_key=identity_exact,
            )._cs_send_weekly_report(company)

    @api.model
    def _cs_send_weekly_report(self, company):
        """Mail the company's week report (XLSX attached) to the department managers (the Friday job).

        Nothing is sent for a week without ticket movement, and a week is sent once: the
        company records the week it mailed, so a second run sends nothing.
        """
        today = company._cs_today()
        monday = week_bounds(today)[0]
        if company.cs_weekly_report_week == monday:
            return self.env._("Already sent for the week of %(monday)s.", monday=monday)
        report = self.with_company(company).create(
            {"company_id": company.id, "date": today, "tz": company._cs_reader_tz()}
        )
        tickets = report._tickets()
        managers = tickets.department_id.manager_ids.filtered("email")
        if not tickets or not managers:
            return self.env._("Nothing to send for the week of %(monday)s.", monday=monday)
        attachment = self.env["report.customer_service_dept.xlsx_base"]._cs_attachment(
            "customer_service_dept.action_report_cs_job_weekly_xlsx", report
        )
        body = self.env["ir.qweb"]._render("customer_service_dept.cs_job_weekly_mail_body", {"report": report})
        self.env["mail.mail"].sudo().create(
            {
                "subject": self.env._(
                    "Weekly job status %(date_from)s - %(date_to)s",
                    date_from=report.date_from,
                    date_to=report.date_to,
                ),
                "body_html": body,
                "recipient_ids": [(6, 0, managers.partner_id.ids)],
                "attachment_ids": [(6, 0, attachment.ids)],
                "auto_delete": False,
            }
        )
        company.sudo().cs_weekly_report_week = monday
        return self.env._("Sent for the week of %(monday)s.", monday=monday)
