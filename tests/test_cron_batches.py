from datetime import datetime
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.customer_service_dept.models import cs_batch

from .common_jobs import JobCommon
from .complaint_common import RECEIVED
from .complaint_common import ComplaintCommon

ESCALATION = "customer_service_dept.mail_activity_type_cs_complaint_escalation"
PROGRESS = {"done": 0, "remaining": 0, "timed_out_counter": 0}


class TestInterruptedCron(ComplaintCommon):
    """Scheduled actions walk their records by committed batches: a crash loses at most the batch it
    was in, and the next run goes on with what is left, chasing nothing twice."""

    def run_cron(self, xmlid, now):
        """Run the scheduled action as Odoo's cron worker does: its own transaction, progress committed."""
        cron = self.env.ref(xmlid)
        self.env.flush_all()
        with freeze_time(now), self.enter_registry_test_mode(), self.registry.cursor() as cr:
            self.registry["ir.cron"]._process_job(cr, {**cron.read(load=None)[0], **PROGRESS})
        self.env.invalidate_all()

    def test_a_crash_in_the_second_batch_keeps_the_first_and_the_next_run_finishes(self):
        """Seed 003: 24小时内回复; five complaints all missed their reply deadline (received 10:00, now the
        next day 11:00). Batches of two; chasing the third one crashes (its specialist's mail server is
        down, say) as long as the fault lasts. Odoo retries once after the partial failure and stops: the
        first batch (complaints 1-2) stays chased, the crashed batch (3-4) is rolled back both times, the
        fifth was never reached. Once the fault is gone the next run chases the 3 left, and each complaint
        has exactly one reminder."""
        complaints = self.Complaint.browse([self.new_complaint(user_id=self.cs_user.id).id for _i in range(5)])
        late = RECEIVED + timedelta(hours=25)
        chase = type(self.env["cs.complaint"])._cs_chase
        calls = []

        def crash_on_third(record, prefix):
            calls.append(record.id)
            if record == complaints[2]:
                raise RuntimeError("mail server down")
            return chase(record, prefix)

        with (
            patch.object(cs_batch, "BATCH_SIZE", 2),
            patch.object(type(self.env["cs.complaint"]), "_cs_chase", crash_on_third),
            self.assertLogs("odoo.addons.base.models.ir_cron", "ERROR"),
        ):
            self.run_cron("customer_service_dept.ir_cron_cs_complaint_escalation", late)
        ids = complaints.ids
        self.assertEqual(calls, [ids[0], ids[1], ids[2], ids[2]])
        self.assertEqual(complaints.mapped("reply_chased"), [True, True, False, False, False])
        escalation = self.env.ref(ESCALATION)
        self.assertEqual(len(complaints.activity_ids.filtered(lambda a: a.activity_type_id == escalation)), 2)

        with patch.object(cs_batch, "BATCH_SIZE", 2):
            self.run_cron("customer_service_dept.ir_cron_cs_complaint_escalation", late + timedelta(minutes=5))
        self.assertEqual(complaints.mapped("reply_chased"), [True] * 5)
        for complaint in complaints:
            reminders = complaint.activity_ids.filtered(lambda a: a.activity_type_id == escalation)
            self.assertEqual((len(reminders), reminders.user_id), (1, self.cs_user), complaint.name)

    def test_progress_is_reported_per_batch(self):
        """Five late complaints in batches of two: Odoo's cron progress records 5 done, 0 remaining."""
        self.Complaint.browse([self.new_complaint(user_id=self.cs_user.id).id for _i in range(5)])
        cron = self.env.ref("customer_service_dept.ir_cron_cs_complaint_escalation")
        with patch.object(cs_batch, "BATCH_SIZE", 2):
            self.run_cron("customer_service_dept.ir_cron_cs_complaint_escalation", RECEIVED + timedelta(hours=25))
        progress = self.env["ir.cron.progress"].search([("cron_id", "=", cron.id)])
        self.assertEqual(sum(progress.mapped("done")), 5)
        self.assertEqual(progress.sorted("id")[-1].remaining, 0)


class TestInterruptedMeetingNotices(JobCommon):
    """The meeting notices walk by committed batches too: a crash while sending loses only its batch."""

    def test_a_crash_while_sending_keeps_the_sent_notices_and_the_next_run_sends_the_rest(self):
        """Seed 000-10 「在任何會議舉行前一日, 均會備妥會議通知發予客戶及與會相關人員」: five client meetings tomorrow, batches of two; sending
        the third notice fails (mail server down). The first two meetings keep their sent notice, the failed
        batch is rolled back; the next run sends the three left, and each meeting has exactly one notice."""
        attendee = self.env["res.partner"].create({"name": "Ms Wang", "email": "wang@example.com"})
        Event = self.env["calendar.event"]
        events = Event.browse(
            [
                Event.create(
                    {
                        "name": f"Campaign review {n}",
                        "start": datetime(2026, 3, 10, 6, n),
                        "stop": datetime(2026, 3, 10, 7, n),
                        "user_id": self.opener.id,
                        "partner_ids": [(6, 0, (attendee | self.opener.partner_id).ids)],
                        "cs_meeting_notice": True,
                        "cs_partner_id": self.client.id,
                        "cs_topic": f"Campaign topic {n}",
                    }
                ).id
                for n in range(5)
            ]
        )
        send = type(Event)._cs_send_notice
        calls = []

        def crash_on_third(records):
            calls.append(records.ids)
            if events[2] in records:
                raise RuntimeError("mail server down")
            return send(records)

        run = TestInterruptedCron.run_cron
        with (
            patch.object(cs_batch, "BATCH_SIZE", 2),
            patch.object(type(Event), "_cs_send_notice", crash_on_third),
            self.assertLogs("odoo.addons.base.models.ir_cron", "ERROR"),
        ):
            run(self, "customer_service_dept.ir_cron_cs_meeting_notices", datetime(2026, 3, 9, 7, 0))
        ids = events.ids
        self.assertEqual(calls, [ids[0:2], ids[2:4], ids[2:4]])
        self.assertEqual([bool(e.cs_notice_sent) for e in events], [True, True, False, False, False])

        with patch.object(cs_batch, "BATCH_SIZE", 2):
            run(self, "customer_service_dept.ir_cron_cs_meeting_notices", datetime(2026, 3, 9, 7, 5))
        for event in events:
            notices = event.message_ids.filtered(lambda m, e=event: e.cs_topic in (m.subject or ""))
            self.assertEqual(len(notices), 1, event.name)
