from datetime import datetime

from freezegun import freeze_time

from .common_jobs import JobCommon


class TestMeetingNotice(JobCommon):
    def _event(self):
        attendee = self.env["res.partner"].create({"name": "Ms Wang", "email": "wang@example.com"})
        return self.env["calendar.event"].create(
            {
                "name": "Spring campaign review",
                "start": datetime(2026, 3, 10, 6, 0),
                "stop": datetime(2026, 3, 10, 7, 0),
                "user_id": self.opener.id,
                "partner_ids": [(6, 0, (attendee | self.opener.partner_id).ids)],
                "location": "Zengdu Store, meeting room 2",
                "cs_meeting_notice": True,
                "cs_partner_id": self.client.id,
                "cs_topic": "Spring campaign artwork",
                "cs_items_to_confirm": "Poster sizes; delivery date",
                "cs_agenda": "<p>1. Proofs 2. Schedule</p>",
            }
        )

    def test_notice_goes_out_the_day_before_not_earlier(self):
        event = self._event()
        Event = self.env["calendar.event"]
        with freeze_time("2026-03-09 05:00:00"):  # 25 hours before
            Event._cron_cs_meeting_notices()
        self.assertFalse(event.cs_notice_sent)
        with freeze_time("2026-03-09 06:00:00"):  # 24 hours before
            Event._cron_cs_meeting_notices()
            Event._cron_cs_meeting_notices()  # a second run sends nothing more
        notices = event.message_ids.filtered(lambda m: "Spring campaign artwork" in (m.subject or ""))
        self.assertEqual(len(notices), 1)
        for fact in ("Zengdu Store, meeting room 2", "Poster sizes; delivery date", "Ms Wang", "Proofs"):
            self.assertIn(fact, notices.body)

    def test_organiser_is_reminded_one_hour_before(self):
        event = self._event()
        Event = self.env["calendar.event"]
        with freeze_time("2026-03-10 04:59:00"):
            Event._cron_cs_meeting_notices()
        self.assertFalse(event.cs_confirm_activity_id)
        with freeze_time("2026-03-10 05:00:00"):
            Event._cron_cs_meeting_notices()
            Event._cron_cs_meeting_notices()
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "calendar.event"),
                ("res_id", "=", event.id),
                ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_call").id),
            ]
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.opener)
