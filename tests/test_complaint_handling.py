from datetime import date
from datetime import datetime
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import render_xlsx
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


class TestDissatisfiedCustomerClosing(ComplaintCommon):
    """Seed 004 投诉处理与反馈: 「如客户对处理结果不满意，要进一步沟通协调，直至客户满意为止」: a complaint whose
    customer is not satisfied closes only on a Customer Service Manager's decision, with its reason."""

    def followed_up(self, result):
        complaint = self.applied_complaint(callback_result=result).with_user(self.cs_user)
        complaint.action_follow_up()
        return complaint

    def test_specialist_cannot_close_a_dissatisfied_customer(self):
        complaint = self.followed_up("not_satisfied")
        self.assertFalse(complaint.can_close)
        self.assertFalse(complaint.can_decide_close)
        with self.assertRaisesRegex(UserError, "not satisfied"):
            complaint.action_close()
        with self.assertRaises(AccessError):
            complaint._cs_decide_close("Customer wants a refund we cannot give")
        with self.assertRaises(AccessError):
            self.env["cs.complaint.close.decision.wizard"].with_user(self.cs_user).create(
                {"complaint_id": complaint.id, "reason": "x"}
            )
        self.assertEqual(complaint.stage_kind, "followed_up")

    def test_manager_closes_with_a_reason_recorded(self):
        complaint = self.followed_up("not_satisfied").with_user(self.cs_manager)
        self.assertTrue(complaint.can_decide_close)
        self.assertFalse(complaint.can_close)
        action = complaint.action_decide_close()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.cs_manager)
            .with_context(**action["context"])
            .create({"reason": "   "})
        )
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.action_confirm()
        wizard.reason = "Refund refused twice; the contract excludes it"
        wizard.action_confirm()
        self.assertEqual(complaint.stage_kind, "closed")
        self.assertEqual(
            (complaint.close_decision, complaint.close_decision_by_id),
            ("Refund refused twice; the contract excludes it", self.cs_manager),
        )
        self.assertIn("Refund refused twice", complaint.message_ids[0].body)
        with self.assertRaises(UserError):
            complaint.with_user(self.cs_manager).write({"close_decision": "changed"})

    def test_reopened_complaint_needs_a_new_decision(self):
        complaint = self.followed_up("not_satisfied")
        complaint.with_user(self.cs_manager)._cs_decide_close("Customer left the region")
        complaint.action_reopen()
        self.assertFalse(complaint.close_decision_by_id)

    def test_satisfied_customer_closes_without_decision(self):
        complaint = self.followed_up("satisfied")
        self.assertTrue(complaint.can_close)
        complaint.action_close()
        self.assertEqual(complaint.stage_kind, "closed")


@tagged("post_install", "-at_install")
class TestImprovementMeasuresInStatistics(ComplaintCommon):
    """Seed 000 投诉处理流程: 「对直接责任者和部门主管要按照有关规定进行处罚」 and 「由客服主管填写《顾客投诉分类
    统计表》，并做数据分析统计，提出改进对策」: measures and accountability are recorded on the complaint and listed
    per category in the monthly statistics (PDF and spreadsheet)."""

    def test_measures_and_accountability_listed_per_category(self):
        packing = self.investigate(self.new_complaint())
        late_truck = self.investigate(self.new_complaint(category_id=self.delivery.id))
        self.investigate(self.new_complaint())  # nothing recorded: not listed
        april = self.investigate(self.new_complaint(received=datetime(2026, 4, 2, 2, 0)))
        packing.with_user(self.cs_user).write(
            {"improvement_measures": "Train the packers", "accountability": "Packing team lead warned"}
        )
        late_truck.with_user(self.cs_user).write({"improvement_measures": "Second truck on Mondays"})
        april.with_user(self.cs_user).write({"improvement_measures": "April measure"})
        wizard = (
            self.env["cs.complaint.stats.wizard"]
            .with_user(self.cs_manager)
            .create({"company_id": self.company.id, "year": 2026, "month": "3"})
        )
        with freeze_time("2026-04-15"):
            sections = wizard._cs_improvements()
            html = (
                self.env["ir.actions.report"]
                .with_user(self.cs_manager)
                ._render_qweb_html("customer_service_dept.cs_complaint_stats_report_action", wizard.ids)[0]
                .decode()
            )
            book = render_xlsx(
                self.env(user=self.cs_manager),
                "customer_service_dept.cs_complaint_stats_report_action_xlsx",
                wizard.ids,
            )
        self.assertEqual(
            sections,
            [
                {
                    "name": "Product Quality",
                    "lines": [
                        {
                            "complaint": packing.name,
                            "customer": "Zengdu Store",
                            "measures": "Train the packers",
                            "accountability": "Packing team lead warned",
                        }
                    ],
                },
                {
                    "name": "Delivery",
                    "lines": [
                        {
                            "complaint": late_truck.name,
                            "customer": "Zengdu Store",
                            "measures": "Second truck on Mondays",
                            "accountability": "",
                        }
                    ],
                },
            ],
        )
        for text in ("Improvement Measures and Accountability", "Train the packers", "Packing team lead warned"):
            self.assertIn(text, html)
        self.assertNotIn("April measure", html)
        rows = [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]
        start = rows.index(next(r for r in rows if r[0] == "Improvement Measures and Accountability"))
        self.assertEqual(
            rows[start + 1][:5], ["Category", "Complaint", "Customer", "Improvement Measures", "Accountability"]
        )
        self.assertEqual(
            rows[start + 2][:5],
            ["Product Quality", packing.name, "Zengdu Store", "Train the packers", "Packing team lead warned"],
        )
        self.assertEqual(rows[start + 3][:4], ["Delivery", late_truck.name, "Zengdu Store", "Second truck on Mondays"])
        self.assertFalse(any("April measure" in str(value) for row in rows for value in row))
