from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from .rules import PLAUSIBLE_YEARS
from .rules import contact_report_due
from .rules import is_plausible_date


class CsContactReport(models.Model):
    """Contact report: written after every meeting or important call, due in 48 hours."""

    _name = "cs.contact.report"
    _description = "Contact Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.state.mixin"]
    _order = "contact_date desc, id desc"
    _check_company_auto = True
    _cs_flow_fields = ("state", "date_sent")
    # what the client received stays as it was sent
    _cs_frozen_fields = {
        "sent": ("name", "contact_type", "contact_date", "partner_id", "discussion", "conclusions", "participant_ids")
    }

    name = fields.Char(string="Subject", required=True, tracking=True)
    contact_type = fields.Selection(
        [("meeting", "Meeting"), ("call", "Phone Call")], required=True, default="meeting", tracking=True
    )
    contact_date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    partner_id = fields.Many2one("res.partner", string="Client", required=True, check_company=True, tracking=True)
    participant_ids = fields.Many2many(
        "res.partner",
        string="Client Participants",
        help="The client's people at the meeting; they receive the report.",
    )
    team_user_ids = fields.Many2many("res.users", string="Team Members")
    user_id = fields.Many2one("res.users", string="Author", required=True, default=lambda self: self.env.user)
    ticket_id = fields.Many2one("cs.job.ticket", string="Job Ticket", check_company=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    discussion = fields.Html(string="Discussion Points")
    conclusions = fields.Html()
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent")], default="draft", required=True, readonly=True, tracking=True, copy=False
    )
    date_due = fields.Datetime(
        string="Due", compute="_compute_date_due", store=True, help="48 hours after the contact."
    )
    date_sent = fields.Datetime(readonly=True, copy=False)
    can_send = fields.Boolean(compute="_compute_can_send")
    is_late = fields.Boolean(
        compute="_compute_is_late",
        search="_search_is_late",
        help="Sent after the 48 hours, or still unsent past them.",
    )

    @api.depends("contact_date")
    def _compute_date_due(self):
        for report in self:
            report.date_due = report.contact_date and contact_report_due(report.contact_date)

    @api.depends_context("uid")
    @api.depends("state")
    def _compute_can_send(self):
        for report in self:
            report.can_send = report.state == "draft" and bool(report.id) and report.has_access("write")

    @api.depends_context("uid")
    @api.depends("date_due", "date_sent")
    def _compute_is_late(self):
        now = fields.Datetime.now()
        for report in self:
            report.is_late = bool(report.date_due) and (report.date_sent or now) > report.date_due

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on late contact reports."))
        now = fields.Datetime.now()
        late_ids = self._late_ids(now)
        positive = (operator == "=") == value
        return Domain("id", "in" if positive else "not in", late_ids)

    def _late_ids(self, now):
        self.flush_model(["date_due", "date_sent"])
        self.env.cr.execute("SELECT id FROM cs_contact_report WHERE date_due < COALESCE(date_sent, %s)", [now])
        return [row[0] for row in self.env.cr.fetchall()]

    @api.constrains("contact_date")
    def _check_contact_date(self):
        now = fields.Datetime.now()
        for report in self:
            if not is_plausible_date(report.contact_date):
                raise ValidationError(
                    self.env._(
                        "Contact report %(report)s: the contact date %(date)s is not plausible; enter a date "
                        "between %(first)s and %(last)s.",
                        report=report.name,
                        date=report.contact_date,
                        first=PLAUSIBLE_YEARS[0],
                        last=PLAUSIBLE_YEARS[1],
                    )
                )
            if report.contact_date > now:
                raise ValidationError(
                    self.env._(
                        "Contact report %(report)s: the contact date %(date)s is in the future; "
                        "write the report after the meeting or call.",
                        report=report.name,
                        date=report.contact_date,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        sent = self.filtered(lambda r: r.state == "sent")
        if sent:
            raise UserError(
                self.env._(
                    "Contact report %(report)s was sent to the client: it is kept as sent and cannot be deleted.",
                    report=sent[0].display_name,
                )
            )

    def action_send(self):
        """Send the report by mail to the client's participants and the team."""
        self._check_state("draft")
        self.check_access("write")
        for report in self:
            recipients = report.participant_ids | report.team_user_ids.partner_id
            if not recipients:
                raise UserError(
                    self.env._(
                        "Contact report %(report)s has no recipients: add the client participants "
                        "or the team members.",
                        report=report.name,
                    )
                )
            body = self.env["ir.qweb"]._render("customer_service_dept.cs_contact_report_mail_body", {"report": report})
            report.message_post(
                body=body,
                subject=self.env._("Contact report: %(subject)s", subject=report.name),
                partner_ids=recipients.ids,
                subtype_xmlid="mail.mt_comment",
            )
        with self._cs_transition():
            self.write({"state": "sent", "date_sent": fields.Datetime.now()})
        return True
