from datetime import date
from datetime import datetime
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from .common import run_jobs
from .complaint_common import RECEIVED
from .complaint_common import ComplaintCommon

ESCALATION = "customer_service_dept.mail_activity_type_cs_complaint_escalation"
# every context key the addon's source ever read to let a write through
BYPASS = {"cs_solution_approval": True, "cs_job_revision": True, "cs_settlement_flow": True, "tracking_disable": True}


class TestComplaintIntegrity(ComplaintCommon):
    """Flow fields of complaints, solutions and callbacks change only through their buttons."""

    def proposed(self, user=None):
        complaint = self.new_complaint(user_id=(user or self.cs_user).id)
        with freeze_time(RECEIVED + timedelta(hours=1)):
            self.investigate(complaint)
            solution = self.propose(complaint)
        return complaint, solution

    def test_specialist_cannot_approve_own_solution_with_the_old_context_flag(self):
        """Seed 001 「明確各類人員處理顧客投訴的權限」, 003 「超出自身職權範圍的投訴…上報客服經理」:
        only a Customer Service Manager approves a solution, whatever the caller's context."""
        complaint, solution = self.proposed()
        own = solution.with_user(self.cs_user).with_context(**BYPASS)
        with self.assertRaises(AccessError):
            own.write({"state": "approved", "approved_by_id": self.cs_user.id})
        with self.assertRaises(AccessError):
            complaint.with_user(self.cs_user).with_context(**BYPASS).write({"approved_solution_id": solution.id})
        with self.assertRaises(AccessError):
            own.action_approve()
        self.assertEqual(solution.state, "proposed")
        self.assertFalse(complaint.approved_solution_id)

    def test_even_a_manager_writes_no_solution_state_or_approver_directly(self):
        complaint, solution = self.proposed()
        manager_solution = solution.with_user(self.cs_manager).with_context(**BYPASS)
        for vals in (
            {"state": "approved"},
            {"approved_by_id": self.cs_manager.id},
            {"approved_date": RECEIVED + timedelta(hours=2)},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "only through the document's buttons"):
                manager_solution.write(vals)
        with self.assertRaisesRegex(UserError, "only through the document's buttons"):
            complaint.with_user(self.cs_manager).with_context(**BYPASS).write({"approved_solution_id": solution.id})
        with self.assertRaisesRegex(UserError, "starts at its first step"):
            self.env["cs.complaint.solution"].with_user(self.cs_manager).create(
                {"complaint_id": complaint.id, "name": "Refund", "state": "approved"}
            )
        with freeze_time(RECEIVED + timedelta(hours=2)):
            solution.with_user(self.cs_manager).action_approve()
        self.assertEqual(solution.approved_by_id, self.cs_manager)
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            solution.with_user(self.cs_manager).write({"cost": 1.0})

    def test_manager_approves_the_solution_of_a_complaint_they_handle(self):
        """The manager's own authority covers their own complaints (seed 003: the 客服經理 decides)."""
        complaint, solution = self.proposed(user=self.cs_manager)
        with freeze_time(RECEIVED + timedelta(hours=2)):
            solution.with_user(self.cs_manager).action_approve()
        self.assertEqual(complaint.approved_solution_id, solution)
        self.assertEqual(complaint.solution_date, RECEIVED + timedelta(hours=2))

    def test_stage_deadlines_and_reopen_count_are_refused_even_for_a_manager(self):
        complaint = self.new_complaint(user_id=self.cs_user.id)
        closed = self.env.ref("customer_service_dept.cs_complaint_stage_closed")
        for user in (self.cs_user, self.cs_manager):
            mine = complaint.with_user(user).with_context(**BYPASS)
            for vals in (
                {"stage_id": closed.id},
                {"reply_due": RECEIVED + timedelta(days=30)},
                {"solution_due": RECEIVED + timedelta(days=30)},
                {"callback_due": RECEIVED + timedelta(days=30)},
                {"reply_date": RECEIVED + timedelta(hours=1)},
                {"solution_date": RECEIVED + timedelta(hours=1)},
                {"callback_date": RECEIVED + timedelta(hours=1)},
                {"reopen_count": 0},
                {"escalation_level": "none"},
                {"validity": "valid"},
            ):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaisesRegex(UserError, "only through the document's buttons"),
                ):
                    mine.write(vals)
        self.assertEqual(complaint.reply_due, RECEIVED + timedelta(hours=24))
        self.assertEqual(complaint.stage_kind, "registered")

    def test_deadlines_cannot_be_set_at_registration(self):
        with self.assertRaisesRegex(UserError, "starts at its first step"):
            self.new_complaint(user=self.cs_manager, reply_due=RECEIVED + timedelta(days=30))

    def test_received_time_is_fixed_once_judged(self):
        complaint = self.new_complaint(user_id=self.cs_user.id)
        with freeze_time(RECEIVED + timedelta(hours=1)):
            complaint.with_user(self.cs_user).action_judge_valid()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            complaint.with_user(self.cs_manager).write({"received_date": RECEIVED + timedelta(days=1)})

    def test_reopen_counts_through_the_button_only(self):
        complaint = self.new_complaint(user_id=self.cs_user.id, reply="Not our fault")
        as_user = complaint.with_user(self.cs_user)
        as_user.action_judge_not_valid()
        as_user.action_reopen()
        self.assertEqual(complaint.reopen_count, 1)
        with self.assertRaisesRegex(UserError, "only through the document's buttons"):
            complaint.with_user(self.cs_manager).write({"reopen_count": 0})

    def test_step_buttons_follow_the_can_fields(self):
        complaint = self.new_complaint(user_id=self.cs_user.id)
        other = self.env["res.users"].create(
            {
                "name": "Other specialist",
                "login": "other_cs_integrity",
                "group_ids": [(4, self.env.ref("customer_service_dept.group_cs_user").id)],
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
            }
        )
        self.assertTrue(complaint.with_user(self.cs_user).can_judge)
        self.assertFalse(complaint.with_user(self.cs_user).can_investigate)
        self.assertFalse(complaint.with_user(other).can_judge, "someone else's complaint: no buttons")
        with self.assertRaises(AccessError):
            complaint.with_user(other).action_judge_valid()
        self.assertEqual(complaint.stage_kind, "registered")

    def test_responsible_person_opens_the_complaint_and_gets_an_activity(self):
        """The person named responsible for the investigation (any department) opens the complaint."""
        complaint = self.new_complaint(user_id=self.cs_user.id)
        as_user = complaint.with_user(self.cs_user)
        as_user.action_judge_valid()
        with self.assertRaises(AccessError):
            complaint.with_user(self.employee).read(["name"])  # not named yet
        self.env.invalidate_all()
        as_user.write({"responsible_department": "Logistics", "responsible_user_id": self.employee.id})
        as_user.action_investigate()
        as_employee = complaint.with_user(self.employee)
        self.assertEqual(as_employee.read(["name", "content"])[0]["content"], "Cartons arrived crushed")
        self.assertEqual(self.env["cs.complaint"].with_user(self.employee).search([]), complaint)
        todo = complaint.activity_ids.filtered(lambda a: a.user_id == self.employee)
        self.assertEqual(len(todo), 1)
        self.assertIn(complaint.name, todo.summary)
        self.assertFalse(as_employee.can_propose, "reads, does not run the steps")
        with self.assertRaises(AccessError):  # issue 13: writes the findings only (see test_complaint_corrections)
            as_employee.write({"severity": "high"})

    def test_received_date_outside_1990_2100_is_refused(self):
        for received in (datetime(1989, 12, 31, 15, 0), datetime(2101, 1, 1, 0, 0)):
            with self.subTest(received=received), self.assertRaisesRegex(ValidationError, "not plausible"):
                with freeze_time(datetime(2101, 6, 1) if received.year > 2100 else RECEIVED):
                    self.Complaint.with_user(self.cs_user).create(
                        {"partner_id": self.client.id, "content": "Late", "received_date": received}
                    )
        self.new_complaint(received=datetime(1990, 1, 1, 0, 0), user=self.cs_user)  # the first day is fine

    def test_daily_cron_prepares_next_years_complaint_references(self):
        """The first complaint of a new year finds its range made ahead (no race to create it)."""
        sequence = self.env.ref("customer_service_dept.seq_cs_complaint")
        sequence.date_range_ids.filtered(lambda r: r.date_from.year == 2027).unlink()
        with freeze_time("2026-12-30 20:00:00"):
            run_jobs(self.env["cs.department"]._cron_prepare_number_ranges)
        prepared = sequence.date_range_ids.filtered(lambda r: r.date_from.year == 2027)
        self.assertEqual((prepared.date_from, prepared.date_to), (date(2027, 1, 1), date(2027, 12, 31)))
        complaint = self.new_complaint(received=datetime(2027, 1, 1, 1, 0), user=self.cs_user)
        self.assertEqual(complaint.name, "CMP/2027/00001")
        self.assertEqual(sequence.date_range_ids.filtered(lambda r: r.date_from.year == 2027), prepared)

    def test_callback_state_changes_only_through_its_buttons(self):
        callback = self.env["cs.callback"].with_user(self.cs_user).create({"partner_id": self.client.id})
        for user in (self.cs_user, self.cs_manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "only through the document's"):
                callback.with_user(user).with_context(**BYPASS).write({"state": "done"})
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "only through the document's"):
                callback.with_user(user).write({"due_date": callback.due_date + timedelta(days=30)})
        with self.assertRaisesRegex(UserError, "starts at its first step"):
            self.env["cs.callback"].with_user(self.cs_manager).create({"partner_id": self.client.id, "state": "done"})
        callback.with_user(self.cs_user).write({"result": "satisfied"})
        callback.with_user(self.cs_user).action_done()
        self.assertEqual(callback.state, "done")
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            callback.with_user(self.cs_manager).write({"result": "not_satisfied"})
        with self.assertRaisesRegex(UserError, "this step is not possible now"):
            callback.with_user(self.cs_user).action_cancel()


class TestComplaintCron(ComplaintCommon):
    """The hourly escalation chases every missed deadline once.

    Seed 003 「所有形式的投诉都必须在24小时内予以回复,在48小时内给出解决方案,并在1周内进行回访」."""

    def escalations(self, complaint):
        return complaint.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(ESCALATION))

    def run_cron(self, now):
        with freeze_time(now):
            self.env["cs.complaint"]._cron_escalate_overdue()

    def test_running_the_cron_twice_creates_no_second_activity_nor_mail(self):
        complaint = self.new_complaint(user_id=self.cs_user.id)
        late = RECEIVED + timedelta(hours=25)
        self.run_cron(late)
        activities = self.escalations(complaint)
        messages = self.env["mail.message"].search_count([])
        mails = self.env["mail.mail"].search_count([])
        self.run_cron(late)
        self.run_cron(late + timedelta(minutes=1))
        self.assertEqual(self.escalations(complaint), activities)
        self.assertEqual(len(activities), 1)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)

    def test_every_missed_deadline_is_chased_once(self):
        """Reply answered in time, solution approved in time: the late callback alone is chased, once."""
        complaint = self.applied_complaint()
        complaint.user_id = self.cs_user
        self.run_cron(RECEIVED + timedelta(days=3))
        self.assertFalse(self.escalations(complaint), "nothing is late yet")
        self.run_cron(RECEIVED + timedelta(days=7, seconds=1))
        chased = self.escalations(complaint)
        self.assertEqual(len(chased), 1)
        self.assertEqual(chased.user_id, self.cs_user)
        self.assertIn("callback", chased.note)
        self.run_cron(RECEIVED + timedelta(days=8))
        self.assertEqual(self.escalations(complaint), chased)

    def test_a_deadline_missed_after_an_earlier_chase_is_still_chased(self):
        complaint = self.new_complaint(user_id=self.cs_user.id)
        self.run_cron(RECEIVED + timedelta(hours=25))  # reply late: the specialist
        with freeze_time(RECEIVED + timedelta(hours=26)):
            complaint.action_judge_valid()
        self.run_cron(RECEIVED + timedelta(hours=49))  # solution late: the manager
        self.run_cron(RECEIVED + timedelta(days=7, hours=1))  # callback late: the specialist again
        activities = self.escalations(complaint)
        self.assertEqual(len(activities), 3)
        self.assertEqual(activities.user_id, self.cs_user | self.cs_manager)
        self.run_cron(RECEIVED + timedelta(days=9))
        self.assertEqual(len(self.escalations(complaint)), 3)
