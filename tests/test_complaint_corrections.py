from datetime import date
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError

from .complaint_common import RECEIVED
from .complaint_common import ComplaintCommon


class TestSolutionOwnerAndDeadline(ComplaintCommon):
    """Seed 004 投诉处理与反馈: 「根据投诉调查结果，制定具体的处理方案，明确处理措施、责任人和时间节点」."""

    def investigated(self):
        complaint = self.new_complaint(user=self.cs_user, user_id=self.cs_user.id)
        with freeze_time(RECEIVED + timedelta(hours=1)):
            complaint = complaint.with_user(self.cs_user)
            complaint.action_judge_valid()
            complaint.write({"responsible_department": "Logistics", "responsible_user_id": self.cs_manager.id})
            complaint.action_investigate()
        return complaint

    def test_owner_defaults_to_the_responsible_person_and_deadline_to_the_solution_due_day(self):
        complaint = self.investigated()
        complaint.write({"solution_ids": [(0, 0, {"name": "Replace the goods"})]})
        solution = complaint.solution_ids
        # received 2026-03-09 10:00 Shanghai + 48 h -> 2026-03-11
        self.assertEqual((solution.owner_id, solution.deadline), (self.cs_manager, date(2026, 3, 11)))
        complaint.action_propose()
        self.assertEqual(complaint.stage_kind, "solution_proposed")

    def test_a_solution_without_owner_or_deadline_cannot_be_proposed(self):
        complaint = self.investigated()
        complaint.write({"solution_ids": [(0, 0, {"name": "Replace the goods", "owner_id": False})]})
        with self.assertRaisesRegex(UserError, "Replace the goods.*Owner and its Deadline"):
            complaint.action_propose()
        complaint.solution_ids.write({"owner_id": self.cs_user.id, "deadline": False})
        with self.assertRaisesRegex(UserError, "Owner and its Deadline"):
            complaint.action_propose()
        complaint.solution_ids.deadline = date(2026, 3, 12)
        complaint.action_propose()
        self.assertEqual(complaint.stage_kind, "solution_proposed")

    def test_a_solution_past_its_deadline_shows_late_until_applied(self):
        complaint = self.investigated()
        complaint.write({"solution_ids": [(0, 0, {"name": "Replace the goods", "deadline": date(2026, 3, 11)})]})
        complaint.action_propose()
        solution = complaint.solution_ids
        Complaint = self.env["cs.complaint"].with_user(self.cs_user)
        # 2026-03-11 23:30 in Shanghai: still the deadline day
        with freeze_time("2026-03-11 15:30"):
            solution.invalidate_recordset(["is_late"])
            self.assertFalse(solution.is_late)
            self.assertFalse(Complaint.search([("solution_ids.is_late", "=", True), ("id", "=", complaint.id)]))
        # 2026-03-12 00:30 in Shanghai: late
        with freeze_time("2026-03-11 16:30"):
            solution.invalidate_recordset(["is_late"])
            self.assertTrue(solution.is_late)
            self.assertEqual(Complaint.search([("solution_ids.is_late", "=", True)]), complaint)
            solution.with_user(self.cs_manager).action_approve()
            complaint.write({"acceptance_mode": "phone", "acceptance_date": RECEIVED + timedelta(days=2)})
            complaint.action_apply_solution()
            solution.invalidate_recordset(["is_late"])
            self.assertFalse(solution.is_late)
