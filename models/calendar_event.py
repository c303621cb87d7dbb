from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    cs_meeting_notice = fields.Boolean(
        string="Send Meeting Notice",
        help="A client meeting: the notice (who, where, when, topic, items to confirm, agenda) is "
        "sent to the attendees the day before, and the organiser is reminded to confirm by "
        "phone one hour before.",
    )
    cs_partner_id = fields.Many2one("res.partner", string="Client", domain=[("is_company", "=", True)])
    cs_topic = fields.Char(string="Topic")
    cs_items_to_confirm = fields.Text(string="Items to Confirm")
    cs_agenda = fields.Html(string="Agenda")
    cs_notice_sent = fields.Datetime(string="Notice Sent", readonly=True, copy=False)
    cs_confirm_activity_id = fields.Many2one(
        "mail.activity", string="Phone Confirmation Activity", readonly=True, copy=False
    )

    def _cs_send_notice(self):
        for event in self:
            body = self.env["ir.qweb"]._render("customer_service_dept.cs_meeting_notice_body", {"event": event})
            event.message_post(
                body=body,
                subject=self.env._("Meeting notice: %(topic)s", topic=event.cs_topic or event.name),
                partner_ids=event.partner_ids.ids,
                subtype_xmlid="mail.mt_comment",
            )
        self.write({"cs_notice_sent": fields.Datetime.now()})

    def action_cs_send_notice(self):
        self._cs_send_notice()
        return True

    @api.model
    def _cron_cs_meeting_notices(self):
        """Hourly: notices for tomorrow's client meetings, phone confirmations for the next hour."""
        now = fields.Datetime.now()
        upcoming = [("cs_meeting_notice", "=", True), ("start", ">", now)]
        self.search(
            [*upcoming, ("start", "<=", now + timedelta(hours=24)), ("cs_notice_sent", "=", False)]
        )._cs_send_notice()
        to_confirm = self.search(
            [*upcoming, ("start", "<=", now + timedelta(hours=1)), ("cs_confirm_activity_id", "=", False)]
        )
        for event in to_confirm:
            # calendar.event has no activity mixin: the activity is created directly.
            activity = self.env["mail.activity"].create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("calendar.event"),
                    "res_id": event.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                    "date_deadline": fields.Date.context_today(event),
                    "user_id": (event.user_id or self.env.user).id,
                    "summary": self.env._("Confirm the meeting by phone"),
                    "note": self.env._("Call the attendees of %(meeting)s to confirm it.", meeting=event.name),
                }
            )
            event.cs_confirm_activity_id = activity
