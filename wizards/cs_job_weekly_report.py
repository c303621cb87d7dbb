from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.addons.queue_job.job import identity_exact
from odoo.fields import Domain

from ..models.rules import local_datetime
from ..models.rules import local_week_utc
from ..models.rules import week_bounds

# the ticket's step dates and the status each one starts
MILESTONE_STATES = {
    "date_submitted": "submitted",
    "date_approved": "approved",
    "date_started": "in_progress",
    "date_done": "done",
    "date_closed": "closed",
}


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
    partner_ids = fields.Many2many("res.partner", string="Clients", help="Empty: all clients.")
    ticket_ids = fields.Many2many(
        "cs.job.ticket",
        string="Only These Tickets",
        help="The Monday mail restricts each recipient's report to the tickets they work on or are the "
        "client's contact of. Empty: no restriction.",
    )
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
        """Every ticket open at any time during the week (本周内所有工作).

        Submitted before the week ended, not cancelled, and not done before the week began (in
        progress, waiting for approval or the client, done or closed during the week); a ticket with
        hours logged during the week is listed too. Drafts never submitted have no submission date
        and are never listed.
        """
        self.ensure_one()
        start, end = self._utc_bounds()
        still_open = Domain("date_done", "=", False) | Domain("date_done", ">=", start)
        closed_this_week = Domain("date_closed", ">=", start) & Domain("date_closed", "<", end)
        logged = Domain("id", "in", self._logged_ticket_ids())
        domain = (
            Domain("date_submitted", "!=", False)
            & Domain("date_submitted", "<", end)
            & Domain("state", "!=", "cancel")
            & (still_open | closed_this_week | logged)
            & Domain("company_id", "=", self.company_id.id)
        )
        if self.department_ids:
            domain &= Domain("department_id", "in", self.department_ids.ids)
        if self.partner_ids:
            domain &= Domain("partner_id", "in", self.partner_ids.ids)
        if self.ticket_ids:
            domain &= Domain("id", "in", self.ticket_ids.ids)
        return self.env["cs.job.ticket"].search(domain, order="partner_id, state, name")

    def _logged_ticket_ids(self):
        """Tickets with time logged on a day of the week (the reader's ticket search then keeps the
        tickets they may read)."""
        self.ensure_one()
        lines = (
            self.env["cs.job.time"]
            .sudo()
            ._read_group(
                [
                    ("date", ">=", self.date_from),
                    ("date", "<=", self.date_to),
                    ("company_id", "=", self.company_id.id),
                ],
                ["ticket_id"],
            )
        )
        return [ticket.id for (ticket,) in lines]

    def _hours_in_week(self, tickets):
        """{ticket id: hours logged on the days of the week} of ``tickets``, which the reader reads: the
        week's total of a readable ticket, as its Hours Spent, whoever logged the lines."""
        self.ensure_one()
        tickets.check_access("read")
        groups = (
            self.env["cs.job.time"]
            .sudo()
            ._read_group(
                [("ticket_id", "in", tickets.ids), ("date", ">=", self.date_from), ("date", "<=", self.date_to)],
                ["ticket_id"],
                ["hours:sum"],
            )
        )
        return {ticket.id: hours for ticket, hours in groups}

    def _milestones(self, ticket):
        """The steps the ticket took during the week, in the report's time zone: "Approved 03-03 10:00; ..."."""
        self.ensure_one()
        start, end = self._utc_bounds()
        tz = self.tz or self.company_id._cs_reader_tz()
        labels = dict(ticket._fields["state"]._description_selection(self.env))
        steps = []
        for fname, state in MILESTONE_STATES.items():
            when = ticket[fname]
            if when and start <= when < end:
                steps.append((when, f"{labels[state]} {local_datetime(when, tz).strftime('%m-%d %H:%M')}"))
        return "; ".join(text for _when, text in sorted(steps))

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
        """Mail the company's week report (XLSX attached) to the department managers (the Friday copy).

        Nothing is sent for a week without open work, and a week is sent once: the company records
        the week it mailed and the sent log each manager, so a second run sends nothing.
        """
        today = company._cs_today()
        monday = week_bounds(today)[0]
        if company.cs_weekly_report_week == monday:
            return self.env._("Already sent for the week of %(monday)s.", monday=monday)
        report = self._cs_week_report(company, today)
        tickets = report._tickets()
        managers = tickets.department_id.manager_ids.partner_id.filtered("email")
        sent = self._cs_mail_week(report, "friday", dict.fromkeys(managers, tickets))
        if not sent:
            return self.env._("Nothing to send for the week of %(monday)s.", monday=monday)
        company.sudo().cs_weekly_report_week = monday
        return self.env._("Sent for the week of %(monday)s.", monday=monday)

    @api.model
    def _cron_send_monday_report(self):
        """Hourly: on Monday from the company's report hour (its local time), one queued job per company
        for the week that just ended (每周一早上). The sent log makes any number of runs send once."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            local_now = local_datetime(now, company._cs_reader_tz())
            hour = company.cs_weekly_report_monday_hour
            if local_now.weekday() != 0 or local_now.hour + local_now.minute / 60.0 < hour:
                continue
            last_week = local_now.date() - timedelta(days=7)
            self.with_company(company).with_delay(
                description=self.env._("Mail the Monday status report of %(company)s", company=company.name),
                identity_key=identity_exact,
            )._cs_send_monday_report(company, last_week)

    @api.model
    def _cs_send_monday_report(self, company, day):
        """Mail the status report of the week holding ``day`` to the clients' contacts on the tickets
        and to the team (本周内所有工作的执行状况…送交客户相关人员, 并分发予服务小组每一相关作业人员).

        Each recipient reads the tickets they work on (opener, department member or manager, time
        logged during the week) or are the client's contact of; one mail per recipient and week.
        """
        report = self._cs_week_report(company, day)
        tickets = report._tickets()
        logged = (
            self.env["cs.job.time"]
            .sudo()
            ._read_group(
                [("ticket_id", "in", tickets.ids), ("date", ">=", report.date_from), ("date", "<=", report.date_to)],
                ["ticket_id", "user_id"],
            )
        )
        audience = {}
        for ticket in tickets:
            department = ticket.department_id
            team = ticket.user_id | department.member_ids | department.manager_ids
            team |= self.env["res.users"].union(*[user for logged_ticket, user in logged if logged_ticket == ticket])
            for partner in (ticket.client_contact_ids | team.partner_id).filtered("email"):
                audience[partner] = audience.get(partner, tickets.browse()) | ticket
        sent = self._cs_mail_week(report, "monday", audience)
        return self.env._("Week of %(monday)s: %(count)s recipients mailed.", monday=report.date_from, count=len(sent))

    @api.model
    def _cs_week_report(self, company, day):
        return self.with_company(company).create({"company_id": company.id, "date": day, "tz": company._cs_reader_tz()})

    @api.model
    def _cs_mail_week(self, report, kind, audience):
        """Mail ``report`` to each partner of ``audience`` ({partner: tickets they read}) not mailed this
        week yet for ``kind``: the recipients reading the same tickets share one mail, with the XLSX.

        Returns the partners mailed. The sent log (one row per company, week, kind and recipient,
        unique) makes a second run, or a second job at the same moment, send nothing twice.
        """
        Log = self.env["cs.job.weekly.report.log"].sudo()
        done = Log.search(
            [("company_id", "=", report.company_id.id), ("week", "=", report.date_from), ("kind", "=", kind)]
        ).partner_id
        groups = {}
        for partner, tickets in audience.items():
            if partner not in done and tickets:
                groups.setdefault(frozenset(tickets.ids), self.env["res.partner"])
                groups[frozenset(tickets.ids)] |= partner
        sent = self.env["res.partner"]
        for ticket_ids, partners in groups.items():
            scoped = report.copy({"ticket_ids": [(6, 0, list(ticket_ids))], "date": report.date})
            attachment = self.env["report.customer_service_dept.xlsx_base"]._cs_attachment(
                "customer_service_dept.action_report_cs_job_weekly_xlsx", scoped
            )
            body = self.env["ir.qweb"]._render("customer_service_dept.cs_job_weekly_mail_body", {"report": scoped})
            mail = (
                self.env["mail.mail"]
                .sudo()
                .create(
                    {
                        "subject": self.env._(
                            "Weekly job status %(date_from)s - %(date_to)s",
                            date_from=report.date_from,
                            date_to=report.date_to,
                        ),
                        "body_html": body,
                        "recipient_ids": [(6, 0, partners.ids)],
                        "attachment_ids": [(6, 0, attachment.ids)],
                        "auto_delete": False,
                    }
                )
            )
            Log.create(
                [
                    {
                        "company_id": report.company_id.id,
                        "week": report.date_from,
                        "kind": kind,
                        "partner_id": partner.id,
                        "mail_id": mail.id,
                    }
                    for partner in partners
                ]
            )
            sent |= partners
        return sent
