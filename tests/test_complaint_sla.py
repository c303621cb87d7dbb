from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form

from .complaint_common import RECEIVED
from .complaint_common import ComplaintCommon

SECOND = timedelta(seconds=1)
ESCALATION = "customer_service_dept.mail_activity_type_cs_complaint_escalation"


class TestComplaintSla(ComplaintCommon):
    def states(self, complaint, now):
        with freeze_time(now):
            complaint.invalidate_recordset(["reply_sla_state", "solution_sla_state", "callback_sla_state", "sla_state"])
            return complaint.reply_sla_state, complaint.solution_sla_state, complaint.callback_sla_state

    def found(self, complaint, field, state, now):
        with freeze_time(now):
            return complaint in self.Complaint.search([(field, "=", state), ("id", "=", complaint.id)])

    def test_reply_is_running_up_to_the_deadline_and_late_one_second_after(self):
        complaint = self.new_complaint()
        due = RECEIVED + timedelta(hours=24)
        self.assertEqual(self.states(complaint, due)[0], "running")
        self.assertEqual(self.states(complaint, due + SECOND)[0], "late")
        self.assertTrue(self.found(complaint, "reply_sla_state", "running", due))
        self.assertTrue(self.found(complaint, "reply_sla_state", "late", due + SECOND))
        self.assertTrue(self.found(complaint, "sla_state", "late", due + SECOND))

    def test_reply_at_the_deadline_is_met_one_second_later_is_late(self):
        due = RECEIVED + timedelta(hours=24)
        on_time, late = self.new_complaint(), self.new_complaint()
        on_time.reply = late.reply = "We are looking into it."
        with freeze_time(due):
            on_time.action_send_reply()  # the reply is recorded when it is sent
        with freeze_time(due + SECOND):
            late.action_send_reply()
        self.assertEqual((on_time.reply_date, late.reply_date), (due, due + SECOND))
        now = due + timedelta(days=1)
        self.assertEqual(self.states(on_time, now)[0], "met")
        self.assertEqual(self.states(late, now)[0], "late")
        self.assertTrue(self.found(on_time, "reply_sla_state", "met", now))
        self.assertFalse(self.found(late, "reply_sla_state", "met", now))
        self.assertTrue(self.found(late, "reply_sla_state", "late", now))

    def test_solution_boundary(self):
        complaint = self.new_complaint()
        self.investigate(complaint)
        solution = self.propose(complaint)
        due = RECEIVED + timedelta(hours=48)
        self.assertEqual(self.states(complaint, due)[1], "running")
        self.assertEqual(self.states(complaint, due + SECOND)[1], "late")
        with freeze_time(due):
            solution.with_user(self.cs_manager).action_approve()
        self.assertEqual(self.states(complaint, due + timedelta(days=3))[1], "met")

    def test_callback_boundary(self):
        complaint, late = self.applied_complaint(), self.applied_complaint()
        due = RECEIVED + timedelta(days=7)
        self.assertEqual(self.states(complaint, due)[2], "running")
        self.assertEqual(self.states(complaint, due + SECOND)[2], "late")
        with freeze_time(due + SECOND):
            late.action_follow_up()  # the callback is recorded when it is made
        self.assertEqual(self.states(late, due + timedelta(days=1))[2], "late")
        with freeze_time(due):
            complaint.action_follow_up()
        self.assertEqual(self.states(complaint, due + timedelta(days=1))[2], "met")

    def test_overall_state_is_met_only_when_every_deadline_is_met(self):
        complaint = self.new_complaint()
        with freeze_time(RECEIVED + timedelta(hours=1)):
            complaint.action_judge_valid()
        now = RECEIVED + timedelta(hours=2)
        with freeze_time(now):
            complaint.invalidate_recordset(["sla_state"])
            self.assertEqual(complaint.sla_state, "running")
        self.assertTrue(self.found(complaint, "sla_state", "running", now))
        self.assertFalse(self.found(complaint, "sla_state", "met", now))

    def test_working_calendar_counts_working_hours(self):
        calendar = self.env["resource.calendar"].create({"name": "8-17", "tz": "UTC"})
        self.company.cs_complaint_calendar_id = calendar
        # Monday 02:00 UTC: the first working hour starts at 08:00
        complaint = self.new_complaint()
        self.assertGreater(complaint.reply_due, RECEIVED + timedelta(hours=24))


class TestComplaintEscalation(ComplaintCommon):
    def setUp(self):
        super().setUp()
        self.company.cs_complaint_manager_id = self.cs_manager

    def escalations(self, complaint):
        return complaint.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(ESCALATION))

    def run_cron(self, now):
        with freeze_time(now):
            self.env["cs.complaint"]._cron_escalate_overdue()

    def test_cron_reminds_the_specialist_then_alerts_the_manager_once(self):
        complaint = self.new_complaint(user_id=self.cs_user.id)
        self.run_cron(RECEIVED + timedelta(hours=24))
        self.assertFalse(self.escalations(complaint), "nothing is late at the deadline itself")
        self.run_cron(RECEIVED + timedelta(hours=25))
        self.assertEqual(self.escalations(complaint).user_id, self.cs_user)
        self.assertEqual(complaint.escalation_level, "specialist")
        self.run_cron(RECEIVED + timedelta(hours=26))
        self.assertEqual(len(self.escalations(complaint)), 1, "a second run adds no activity")
        self.run_cron(RECEIVED + timedelta(hours=49))
        activities = self.escalations(complaint)
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.user_id, self.cs_user | self.cs_manager)
        self.assertEqual(complaint.escalation_level, "manager")
        self.run_cron(RECEIVED + timedelta(hours=60))
        self.assertEqual(len(self.escalations(complaint)), 2)

    def test_without_a_configured_manager_a_manager_of_the_company_is_alerted(self):
        self.company.cs_complaint_manager_id = False
        complaint = self.new_complaint()
        manager = complaint._cs_manager()
        self.assertTrue(manager.has_group("customer_service_dept.group_cs_manager"))
        self.assertIn(self.company, manager.company_ids)
        self.run_cron(RECEIVED + timedelta(hours=49))
        self.assertEqual(self.escalations(complaint).user_id, manager, "unassigned: the manager hears of it")

    def test_cron_leaves_answered_and_closed_complaints_alone(self):
        closed = self.new_complaint(user_id=self.cs_user.id, reply="Not our fault")
        closed.action_judge_not_valid()
        self.run_cron(RECEIVED + timedelta(days=10))
        self.assertFalse(self.escalations(closed))

    def test_manual_escalation_with_an_agreed_reply_time(self):
        complaint = self.new_complaint(user_id=self.cs_user.id)
        agreed = RECEIVED + timedelta(hours=72)
        with freeze_time(RECEIVED + timedelta(hours=2)):
            action = complaint.with_user(self.cs_user).action_escalate()
            form = Form(self.env[action["res_model"]].with_user(self.cs_user).with_context(**action["context"]))
            self.assertEqual(form.manager_id, self.cs_manager)
            form.agreed_reply_date = agreed
            form.reason = "Refund above the specialist's limit"
            form.save().action_confirm()
        self.assertEqual(complaint.agreed_reply_date, agreed)
        self.assertEqual(complaint.reply_due, agreed)
        self.assertEqual(self.escalations(complaint).user_id, self.cs_manager)
        self.assertEqual(complaint.escalation_level, "manager")

    def test_agreed_reply_time_before_received_is_refused(self):
        complaint = self.new_complaint(user_id=self.cs_user.id)
        with self.assertRaisesRegex(ValidationError, "before the time"):
            self.env["cs.complaint.escalate.wizard"].create(
                {
                    "complaint_id": complaint.id,
                    "manager_id": self.cs_manager.id,
                    "agreed_reply_date": RECEIVED - timedelta(hours=1),
                    "reason": "x",
                }
            )
