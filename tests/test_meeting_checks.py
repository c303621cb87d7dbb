from datetime import date
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import new_test_user

from .common_jobs import JobCommon


class TestMeetingChecks(JobCommon):
    """The AE's client meeting on Tuesday 10 March 2026 at 10:00 Beijing time (02:00 UTC), 1 h 30 of travel:
    leaving at 08:30 Beijing time (00:30 UTC)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_tz = "Asia/Shanghai"
        cls.ae = new_test_user(
            cls.env,
            "ae_meeting",
            groups="customer_service_dept.group_cs_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
            tz="Asia/Shanghai",
        )
        cls.wang = cls.env["res.partner"].create(
            {
                "name": "Ms Wang",
                "email": "wang@zengdu.example.com",
                "phone": "+86 722 1234567",
                "tz": "Asia/Shanghai",
                "parent_id": cls.client.id,
            }
        )

    def _event(self):
        return (
            self.env["calendar.event"]
            .with_user(self.ae)
            .create(
                {
                    "name": "Spring campaign review",
                    "start": datetime(2026, 3, 10, 2, 0),
                    "stop": datetime(2026, 3, 10, 3, 0),
                    "user_id": self.ae.id,
                    "partner_ids": [(6, 0, self.ae.partner_id.ids)],
                    "cs_meeting_notice": True,
                    "cs_partner_id": self.client.id,
                    "cs_topic": "Spring campaign artwork",
                    "cs_travel_time": 1.5,
                }
            )
        )

    def _activities(self, event, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "calendar.event"),
                ("res_id", "=", event.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def _cron(self, moment):
        with freeze_time(moment):
            self.env["calendar.event"]._cron_cs_meeting_notices()

    def test_written_notice_goes_to_the_clients_main_contact(self):
        """「代理商在任何会议举行前一日, 均会备妥会议通知发予客户及与会相关人员」: the client's main contact
        (its first contact) receives the notice though not invited in the calendar."""
        event = self._event()
        self.assertEqual(event.cs_client_contact_id, self.wang)
        self._cron("2026-03-09 02:00:00")
        notices = event.message_ids.filtered(lambda m: "Spring campaign artwork" in (m.subject or ""))
        self.assertIn(self.wang, notices.partner_ids)
        self.assertIn("10:00", notices.filtered(lambda m: self.wang in m.partner_ids).body)

    def test_phone_confirmation_one_hour_before_departure(self):
        """「出发前1个小时请再次以电话形式确认会议是否能正常召开」: leaving at 08:30, the call to Ms Wang is
        asked at 07:30 Beijing time (23:30 UTC the day before), due on 10 March in Beijing, not earlier."""
        event = self._event()
        self._cron("2026-03-09 23:29:00")
        self.assertFalse(self._activities(event, "mail.mail_activity_data_call"))
        self._cron("2026-03-09 23:30:00")
        self._cron("2026-03-09 23:40:00")
        call = self._activities(event, "mail.mail_activity_data_call")
        self.assertEqual(len(call), 1)
        self.assertEqual((call.user_id, call.date_deadline), (self.ae, date(2026, 3, 10)))
        self.assertIn("Ms Wang", call.note)
        self.assertIn("+86 722 1234567", call.note)
        self.assertIn("10:00 (Asia/Shanghai)", call.note)
        self.assertIn("08:30 (Asia/Shanghai)", call.note)

    def test_materials_and_agenda_check_30_minutes_before_departure(self):
        """「出发前半个小时再次检查会议用品是否准备完成…再次向我方与会人员确认会议流程」: at 08:00 Beijing time
        (00:00 UTC), once however often the scheduled action runs."""
        event = self._event()
        self._cron("2026-03-09 23:59:00")
        self.assertFalse(event.cs_check_requested)
        self._cron("2026-03-10 00:00:00")
        self._cron("2026-03-10 00:10:00")
        check = self._activities(event, "mail.mail_activity_data_todo")
        self.assertEqual(len(check), 1)
        self.assertEqual(check.user_id, self.ae)
        self.assertIn("08:30 (Asia/Shanghai)", check.note)
        self.assertEqual(event.cs_check_activity_id, check)

    def test_delays_before_departure_are_company_settings(self):
        """Two hours for the call, 45 minutes for the check: 06:30 and 07:45 Beijing time."""
        self.company.cs_meeting_confirm_hours = 2.0
        self.company.cs_meeting_check_minutes = 45
        event = self._event()
        self._cron("2026-03-09 22:29:00")
        self.assertFalse(event.cs_confirm_requested)
        self._cron("2026-03-09 22:30:00")
        self.assertTrue(event.cs_confirm_requested)
        self.assertFalse(event.cs_check_requested)
        self._cron("2026-03-09 23:45:00")
        self.assertTrue(event.cs_check_requested)
