from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models

from .rules import local_date


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
    cs_confirm_requested = fields.Datetime(
        string="Phone Confirmation Requested",
        readonly=True,
        copy=False,
        help="When the organiser was asked to confirm the meeting by phone (kept when the activity is done).",
    )

    def _cs_company(self):
        self.ensure_one()
        return self.user_id.company_id or self.env.company

    def _cs_send_notice(self):
        """Post the notice, its time printed in each recipient's time zone.

        Recipients are grouped by time zone (their own, else the company's):
        one message per zone, so a Beijing reader reads 10:00 for a 10:00
        Beijing meeting whoever scheduled it and wherever the server runs.
        """
        for event in self:
            company = event._cs_company()
            by_tz = {}
            for partner in event.partner_ids:
                tz = company._cs_reader_tz(partner)
                by_tz[tz] = by_tz.get(tz, self.env["res.partner"]) | partner
            for tz, partners in sorted(by_tz.items()) or [(company._cs_reader_tz(), event.partner_ids)]:
                body = self.env["ir.qweb"]._render(
                    "customer_service_dept.cs_meeting_notice_body", {"event": event, "tz": tz}
                )
                event.message_post(
                    body=body,
                    subject=self.env._("Meeting notice: %(topic)s", topic=event.cs_topic or event.name),
                    partner_ids=partners.ids,
                    subtype_xmlid="mail.mt_comment",
                )
        self.write({"cs_notice_sent": fields.Datetime.now()})

    def action_cs_send_notice(self):
        self._cs_send_notice()
        return True

    def _cs_request_phone_confirmation(self):
        """One phone-call activity per meeting for its organiser, due on the meeting's day where the organiser is."""
        call = self.env.ref("mail.mail_activity_data_call")
        model_id = self.env["ir.model"]._get_id("calendar.event")
        for event in self:
            user = event.user_id or self.env.user
            # calendar.event has no activity mixin: the activity is created directly.
            activity = self.env["mail.activity"].create(
                {
                    "res_model_id": model_id,
                    "res_id": event.id,
                    "activity_type_id": call.id,
                    "date_deadline": local_date(event.start, event._cs_company()._cs_reader_tz(user)),
                    "user_id": user.id,
                    "summary": self.env._("Confirm the meeting by phone"),
                    "note": self.env._("Call the attendees of %(meeting)s to confirm it.", meeting=event.name),
                }
            )
            event.write({"cs_confirm_activity_id": activity.id, "cs_confirm_requested": fields.Datetime.now()})

    @api.model
    def _cron_cs_meeting_notices(self):
        """Hourly: notices for tomorrow's client meetings, phone confirmations for the next hour.

        Idempotent: a meeting gets one notice and one phone activity, however
        often the cron runs, even after the activity was marked done.
        """
        now = fields.Datetime.now()
        upcoming = [("cs_meeting_notice", "=", True), ("start", ">", now)]
        self.search(
            [*upcoming, ("start", "<=", now + timedelta(hours=24)), ("cs_notice_sent", "=", False)]
        )._cs_send_notice()
        self.search(
            [*upcoming, ("start", "<=", now + timedelta(hours=1)), ("cs_confirm_requested", "=", False)]
        )._cs_request_phone_confirmation()
