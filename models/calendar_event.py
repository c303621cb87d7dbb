from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models

from .cs_batch import cs_process_in_batches
from .rules import local_date
from .rules import local_datetime


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    cs_meeting_notice = fields.Boolean(
        string="Send Meeting Notice",
        help="A client meeting: the notice (who, where, when, topic, items to confirm, agenda) is "
        "sent to the attendees the day before, and the organiser is reminded to confirm by "
        "phone one hour before.",
    )
    cs_partner_id = fields.Many2one("res.partner", string="Client", domain=[("is_company", "=", True)])
    cs_client_contact_id = fields.Many2one(
        "res.partner",
        string="Client's Main Contact",
        compute="_compute_cs_client_contact_id",
        store=True,
        readonly=False,
        domain="[('parent_id', '=', cs_partner_id)]",
        help="Receives the written notice too, and is the person the organiser calls to confirm the meeting.",
    )
    cs_travel_time = fields.Float(
        string="Travel Time",
        help="Hours from our office to the meeting: the organiser leaves this long before the start, and the "
        "phone confirmation and the check of materials and agenda are due before leaving.",
    )
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
    cs_check_activity_id = fields.Many2one(
        "mail.activity", string="Materials and Agenda Check Activity", readonly=True, copy=False
    )
    cs_check_requested = fields.Datetime(
        string="Materials and Agenda Check Requested",
        readonly=True,
        copy=False,
        help="When the organiser was asked to check the materials and the agenda (kept when the activity is done).",
    )

    @api.depends("cs_partner_id")
    def _compute_cs_client_contact_id(self):
        """The client's first contact with an e-mail address (the one the client's card lists first)."""
        for event in self:
            current = event.cs_client_contact_id
            if current and current.parent_id == event.cs_partner_id:
                event.cs_client_contact_id = current
            else:
                contacts = event.cs_partner_id.child_ids.filtered(lambda c: c.type == "contact" and c.email)
                event.cs_client_contact_id = contacts[:1]

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
            # 会议通知发予客户及与会相关人员: the client's main contact reads it too
            for partner in event.partner_ids | event.cs_client_contact_id:
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

    def _cs_departure(self):
        """When the organiser leaves for the meeting: its start minus the travel time (UTC)."""
        self.ensure_one()
        return self.start - timedelta(hours=self.cs_travel_time or 0.0)

    def _cs_confirm_due(self):
        """「出发前1个小时请再次以电话形式确认会议是否能正常召开」: the company's delay before leaving."""
        self.ensure_one()
        return self._cs_departure() - timedelta(hours=self._cs_company().cs_meeting_confirm_hours)

    def _cs_check_due(self):
        """「出发前半个小时再次检查会议用品是否准备完成…再次向我方与会人员确认会议流程」."""
        self.ensure_one()
        return self._cs_departure() - timedelta(minutes=self._cs_company().cs_meeting_check_minutes)

    def _cs_schedule(self, activity_type, summary, note):
        """An activity of the organiser on the meeting, due on the meeting's day where the organiser is."""
        self.ensure_one()
        user = self.user_id or self.env.user
        # calendar.event has no activity mixin: the activity is created directly.
        return self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("calendar.event"),
                "res_id": self.id,
                "activity_type_id": activity_type.id,
                "date_deadline": local_date(self.start, self._cs_company()._cs_reader_tz(user)),
                "user_id": user.id,
                "summary": summary,
                "note": note,
            }
        )

    def _cs_local_time(self, value, reader):
        """``value`` (UTC) as HH:MM in ``reader``'s time zone, with the zone's name."""
        self.ensure_one()
        tz = self._cs_company()._cs_reader_tz(reader)
        return f"{local_datetime(value, tz).strftime('%H:%M')} ({tz})"

    def _cs_request_phone_confirmation(self):
        """One phone-call activity per meeting for its organiser: call the client's main contact to confirm
        the meeting, due on the meeting's day where the organiser is; times in the organiser's time zone."""
        call = self.env.ref("mail.mail_activity_data_call")
        for event in self:
            user = event.user_id or self.env.user
            contact = event.cs_client_contact_id
            who = contact.display_name if contact else event.cs_partner_id.display_name or ""
            phone = (contact.phone if contact else event.cs_partner_id.phone) or ""
            activity = event._cs_schedule(
                call,
                self.env._("Confirm the meeting by phone"),
                self.env._(
                    "Call %(who)s %(phone)s to confirm that %(meeting)s at %(start)s takes place; leave at "
                    "%(departure)s.",
                    who=who,
                    phone=phone,
                    meeting=event.name,
                    start=event._cs_local_time(event.start, user),
                    departure=event._cs_local_time(event._cs_departure(), user),
                ),
            )
            event.write({"cs_confirm_activity_id": activity.id, "cs_confirm_requested": fields.Datetime.now()})

    def _cs_request_meeting_check(self):
        """One to-do per meeting for its organiser: materials ready, agenda confirmed with our attendees."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for event in self:
            user = event.user_id or self.env.user
            activity = event._cs_schedule(
                todo,
                self.env._("Check the meeting materials and agenda"),
                self.env._(
                    "Before leaving at %(departure)s for %(meeting)s (%(start)s): check that the meeting "
                    "materials are ready and go through the agenda with our attendees.",
                    departure=event._cs_local_time(event._cs_departure(), user),
                    meeting=event.name,
                    start=event._cs_local_time(event.start, user),
                ),
            )
            event.write({"cs_check_activity_id": activity.id, "cs_check_requested": fields.Datetime.now()})

    @api.model
    def _cron_cs_meeting_notices(self):
        """Every few minutes: notices for tomorrow's client meetings; before leaving for a meeting, the
        phone confirmation with the client and the check of materials and agenda (company delays).

        Idempotent: a meeting gets one notice and one activity of each kind, however often the cron
        runs, even after the activities were marked done.
        """
        now = fields.Datetime.now()
        upcoming = [("cs_meeting_notice", "=", True), ("start", ">", now)]
        # each batch is committed with its progress: a crash loses one batch, a sent notice is not sent again
        cs_process_in_batches(
            self,
            [*upcoming, ("start", "<=", now + timedelta(hours=24)), ("cs_notice_sent", "=", False)],
            lambda events: events._cs_send_notice(),
        )

        # travel time and delays vary per meeting: the week ahead is read, each one's times compared
        def request(events):
            events.filtered(
                lambda e: not e.cs_confirm_requested and e._cs_confirm_due() <= now
            )._cs_request_phone_confirmation()
            events.filtered(lambda e: not e.cs_check_requested and e._cs_check_due() <= now)._cs_request_meeting_check()

        cs_process_in_batches(
            self,
            [
                *upcoming,
                ("start", "<=", now + timedelta(days=7)),
                "|",
                ("cs_confirm_requested", "=", False),
                ("cs_check_requested", "=", False),
            ],
            request,
        )
