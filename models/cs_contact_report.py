from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import html2plaintext

from .cs_batch import cs_process_in_batches
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
    _cs_flow_fields = ("state", "date_sent", "date_confirm_reminder")
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
    confirmation_ids = fields.One2many("cs.contact.report.confirmation", "report_id", string="Confirmations")
    confirm_state = fields.Selection(
        [("none", "Not Sent"), ("waiting", "Waiting for the Client"), ("confirmed", "Confirmed by the Client")],
        string="Client Confirmation",
        compute="_compute_confirm_state",
        store=True,
        help="Confirmed when every client participant confirmed the minutes through the link of their mail "
        "or replied to it.",
    )
    date_confirm_reminder = fields.Datetime(
        string="Confirmation Reminder",
        readonly=True,
        copy=False,
        help="When the author was asked to follow up the client's confirmation (once per report).",
    )
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

    @api.depends("state", "confirmation_ids.state")
    def _compute_confirm_state(self):
        for report in self:
            if report.state != "sent" or not report.confirmation_ids:
                report.confirm_state = "none"
            elif all(c.state != "pending" for c in report.confirmation_ids):
                report.confirm_state = "confirmed"
            else:
                report.confirm_state = "waiting"

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

    def _check_minutes(self):
        """「联络报告的内容须完整纪录任何结论及重要讨论事项的过程」: no report leaves without both."""
        for report in self:
            missing = [
                report._cs_label(fname)
                for fname in ("discussion", "conclusions")
                if not html2plaintext(report[fname] or "").strip()
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Contact report %(report)s cannot be sent without %(fields)s: the report records every "
                        "conclusion and the important points discussed.",
                        report=report.name,
                        fields=", ".join(missing),
                    )
                )

    def action_send(self):
        """Send the report by mail to the client's participants and the team; each client participant
        gets a personal link to confirm the minutes."""
        self._check_state("draft")
        self.check_access("write")
        self._check_minutes()
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
        self._cs_request_confirmations()
        return True

    def _cs_request_confirmations(self):
        """One confirmation per client participant with an e-mail address, and a mail with its link.

        The mail is sent outside the chatter (the link is the participant's own) but threaded on the
        report: an answer by mail lands on the report and counts as the participant's reply.
        """
        Confirmation = self.env["cs.contact.report.confirmation"].sudo()
        for report in self:
            participants = report.participant_ids.filtered("email")
            with Confirmation._cs_transition():
                confirmations = Confirmation.create(
                    [
                        {"report_id": report.id, "partner_id": partner.id, "access_token": Confirmation._cs_new_token()}
                        for partner in participants
                    ]
                )
            for confirmation in confirmations:
                body = self.env["ir.qweb"]._render(
                    "customer_service_dept.cs_contact_report_confirm_mail",
                    {"report": report, "confirmation": confirmation, "url": confirmation._cs_url()},
                )
                self.env["mail.mail"].sudo().create(
                    {
                        "subject": self.env._("Please confirm the minutes: %(subject)s", subject=report.name),
                        "body_html": body,
                        "recipient_ids": [(6, 0, confirmation.partner_id.ids)],
                        "model": report._name,
                        "res_id": report.id,
                        "author_id": report.user_id.partner_id.id,
                        "email_from": report.user_id.email_formatted or report.company_id.email_formatted,
                        "auto_delete": False,
                    }
                )

    def _message_post_after_hook(self, message, msg_vals):
        """A client participant's reply by mail to a sent report is their answer to the minutes."""
        result = super()._message_post_after_hook(message, msg_vals)
        if message.message_type == "email" and message.author_id:
            pending = self.confirmation_ids.filtered(
                lambda c: c.state == "pending" and c.partner_id == message.author_id
            )
            pending.sudo()._cs_answer("replied", message)
        return result

    @api.model
    def _cron_cs_confirmation_reminders(self):
        """Hourly: a sent report still waiting for the client's confirmation after the company's delay
        gives its author a to-do, once."""
        now = fields.Datetime.now()

        def remind(reports):
            for report in reports:
                delay = timedelta(days=report.company_id.cs_contact_report_confirm_days)
                if report.date_sent + delay > now:
                    continue
                names = ", ".join(
                    report.confirmation_ids.filtered(lambda c: c.state == "pending").partner_id.mapped("display_name")
                )
                report.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=fields.Date.context_today(report.with_context(tz=report.company_id._cs_reader_tz())),
                    user_id=report.user_id.id,
                    summary=self.env._("Minutes not confirmed by the client"),
                    note=self.env._(
                        "%(names)s have not confirmed the minutes of %(report)s yet: follow it up.",
                        names=names,
                        report=report.name,
                    ),
                )
                with report._cs_transition():
                    report.write({"date_confirm_reminder": now})

        # committed batch by batch: a crash loses one batch, a reminded report is not reminded again
        cs_process_in_batches(
            self,
            [("state", "=", "sent"), ("confirm_state", "=", "waiting"), ("date_confirm_reminder", "=", False)],
            remind,
        )
