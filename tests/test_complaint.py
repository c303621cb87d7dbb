import base64
from datetime import datetime
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form

from .complaint_common import RECEIVED
from .complaint_common import ComplaintCommon


class TestComplaint(ComplaintCommon):
    def test_reference_comes_from_the_sequence_and_deadlines_are_written(self):
        complaint = self.new_complaint()
        self.assertTrue(complaint.name.startswith("CMP/2026/"), complaint.name)
        self.assertEqual(complaint.stage_kind, "registered")
        self.assertEqual(complaint.reply_due, RECEIVED + timedelta(hours=24))
        self.assertEqual(complaint.solution_due, RECEIVED + timedelta(hours=48))
        self.assertEqual(complaint.callback_due, RECEIVED + timedelta(days=7))

    def test_deadline_hours_are_settings(self):
        self.company.write({"cs_complaint_reply_hours": 4, "cs_complaint_solution_hours": 12})
        complaint = self.new_complaint()
        self.assertEqual(complaint.reply_due, RECEIVED + timedelta(hours=4))
        self.assertEqual(complaint.solution_due, RECEIVED + timedelta(hours=12))

    def test_a_recompute_does_not_reset_the_deadlines(self):
        complaint = self.new_complaint()
        complaint.company_id.cs_complaint_reply_hours = 2
        self.investigate(complaint)
        complaint.write({"severity": "high", "category_id": self.delivery.id})
        self.env.flush_all()
        complaint.invalidate_recordset()
        self.assertEqual(complaint.reply_due, RECEIVED + timedelta(hours=24), "written once, never recomputed")

    def test_whole_loop_to_closed_and_reopened(self):
        complaint = self.new_complaint()
        with freeze_time(RECEIVED + timedelta(hours=3)):
            complaint.reply = "Sorry for the crushed cartons: we are looking into it."
            complaint.action_send_reply()
            complaint.action_judge_valid()
        self.assertEqual(complaint.stage_kind, "judged")
        self.assertEqual(complaint.reply_date, RECEIVED + timedelta(hours=3))
        with self.assertRaisesRegex(UserError, "Responsible Department"):
            complaint.action_investigate()
        complaint.write({"responsible_department": "Logistics", "responsible_user_id": self.cs_user.id})
        complaint.action_investigate()
        with self.assertRaisesRegex(UserError, "at least one solution"):
            complaint.action_propose()
        first, second = self.propose(complaint, "Refund the carton", "Replace the goods")
        with self.assertRaisesRegex(UserError, "must approve"):
            complaint.action_apply_solution()
        with freeze_time(RECEIVED + timedelta(hours=30)):
            second.with_user(self.cs_manager).action_approve()
        self.assertEqual(complaint.approved_solution_id, second)
        self.assertEqual(first.state, "rejected")
        self.assertEqual(complaint.solution_date, RECEIVED + timedelta(hours=30))
        with self.assertRaisesRegex(UserError, "acceptance"):
            complaint.action_apply_solution()
        complaint.write({"acceptance_mode": "phone", "acceptance_date": RECEIVED + timedelta(hours=31)})
        complaint.action_apply_solution()
        self.assertEqual(complaint.stage_kind, "solution_applied")
        with self.assertRaisesRegex(UserError, "Callback Result"):
            complaint.action_follow_up()
        complaint.write({"callback_result": "satisfied"})
        with freeze_time(RECEIVED + timedelta(days=2)):
            complaint.action_follow_up()
        self.assertEqual(complaint.callback_date, RECEIVED + timedelta(days=2))
        complaint.action_close()
        self.assertEqual(complaint.stage_kind, "closed")
        self.assertTrue(complaint.close_date)
        self.assertEqual(complaint.sla_state, "met")
        self.env.flush_all()
        self.env.cr.precommit.run()  # as at the end of a request: later changes are tracked
        complaint.action_reopen()
        self.assertEqual(complaint.stage_kind, "investigating")
        self.assertEqual(complaint.reopen_count, 1)
        self.assertFalse(complaint.close_date)
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit time
        tracked = complaint.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "reopen_count")
        self.assertTrue(tracked, "reopening is tracked in the chatter")

    def test_signed_acceptance_needs_the_document(self):
        complaint = self.new_complaint()
        self.investigate(complaint)
        solution = self.propose(complaint)
        solution.with_user(self.cs_manager).action_approve()
        complaint.write({"acceptance_mode": "signed", "acceptance_date": RECEIVED + timedelta(hours=5)})
        with self.assertRaisesRegex(UserError, "Signed Acceptance Document"):
            complaint.action_apply_solution()
        complaint.acceptance_document = base64.b64encode(b"%PDF-1.4 signed")
        complaint.action_apply_solution()
        self.assertEqual(complaint.stage_kind, "solution_applied")

    def test_not_valid_complaint_is_closed_with_the_reply(self):
        complaint = self.new_complaint()
        with self.assertRaisesRegex(UserError, "Reply to Customer"):
            complaint.action_judge_not_valid()
        complaint.reply = "The goods were damaged after delivery, outside our responsibility."
        complaint.action_judge_not_valid()
        self.assertEqual(complaint.stage_kind, "closed")
        self.assertEqual(complaint.validity, "not_valid")
        self.assertTrue(complaint.reply_date)
        self.assertIn("outside our responsibility", complaint.message_ids[0].body)

    def test_kanban_drag_cannot_skip_the_required_data(self):
        """The stage changes only through the step buttons: a drag (a write of the stage) is refused,
        and the stage's requirements still hold for the buttons' own writes."""
        complaint = self.new_complaint()
        investigating = self.env.ref("customer_service_dept.cs_complaint_stage_investigating")
        with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
            complaint.stage_id = investigating
        with self.assertRaisesRegex(ValidationError, "judged valid or not valid"), complaint._cs_transition():
            complaint.stage_id = investigating

    def test_complaint_without_customer_or_content_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "needs a customer"):
            self.Complaint.create({"content": "Late", "company_id": self.company.id})
        with self.assertRaisesRegex(ValidationError, "needs its content"):
            self.Complaint.create({"partner_id": self.client.id, "content": "  "})
        complaint = self.new_complaint()
        with self.assertRaisesRegex(ValidationError, "needs a customer"):
            complaint.partner_id = False

    def test_dates_before_the_received_time_are_refused(self):
        complaint = self.new_complaint()
        with self.assertRaisesRegex(ValidationError, "before the time"):
            complaint.write({"acceptance_date": RECEIVED - timedelta(minutes=1)})
        for field in ("reply_date", "callback_date"):  # set by the buttons at the current time, never typed
            with self.subTest(field=field), self.assertRaisesRegex(ValidationError, "before the time"):
                with complaint._cs_transition():
                    complaint.write({field: RECEIVED - timedelta(minutes=1)})

    def test_views_and_kanban_progress_bar_load(self):
        self.new_complaint()
        Complaint = self.env["cs.complaint"].with_user(self.cs_user)
        views = Complaint.get_views([(False, kind) for kind in ("list", "kanban", "form", "search", "activity")])
        self.assertEqual(len(views["views"]), 5)
        bars = Complaint.read_progress_bar([], "stage_id", {"field": "activity_state", "colors": {"overdue": "danger"}})
        self.assertIsInstance(bars, dict)  # no error: the bar reads a stored field

    def test_chinese_user_reads_chinese_errors(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "customer_service_dept")])._update_translations(["zh_CN"])
        complaint = self.new_complaint().with_context(lang="zh_CN")
        with self.assertRaisesRegex(UserError, "责任部门"):
            complaint.action_judge_valid()
            complaint.action_investigate()

    def test_form_registers_a_complaint(self):
        with freeze_time(RECEIVED):
            form = Form(self.Complaint.with_user(self.cs_user))
            form.partner_id = self.client
            form.content = "Invoice shows a wrong price"
            form.channel = "email"
            complaint = form.save()
        self.assertEqual(complaint.received_date, RECEIVED)
        self.assertEqual(complaint.reply_due, datetime(2026, 3, 10, 2, 0))


class TestComplaintRights(ComplaintCommon):
    def test_only_a_manager_approves_a_solution(self):
        complaint = self.new_complaint()
        self.investigate(complaint)
        solution = self.propose(complaint)
        with self.assertRaisesRegex(AccessError, "Only a Customer Service Manager"):
            solution.with_user(self.cs_user).action_approve()
        with self.assertRaises(AccessError):
            solution.with_user(self.cs_user).write({"state": "approved"})
        with self.assertRaises(AccessError):
            complaint.with_user(self.cs_user).write({"approved_solution_id": solution.id})
        solution.with_user(self.cs_manager).action_approve()
        self.assertEqual(solution.state, "approved")

    def test_specialist_edits_own_or_unassigned_complaints_only(self):
        other = self.env["res.users"].create(
            {
                "name": "Other specialist",
                "login": "other_cs",
                "group_ids": [(4, self.env.ref("customer_service_dept.group_cs_user").id)],
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
            }
        )
        unassigned = self.new_complaint()
        mine = self.new_complaint(user_id=self.cs_user.id)
        theirs = self.new_complaint(user_id=other.id)
        for complaint in (unassigned, mine):
            complaint.with_user(self.cs_user).write({"severity": "high"})
        with self.assertRaises(AccessError):
            theirs.with_user(self.cs_user).write({"severity": "high"})
        self.assertEqual(theirs.with_user(self.cs_user).severity, "normal", "but can read it")
        theirs.with_user(self.cs_manager).write({"severity": "high"})

    def test_only_managers_delete_and_never_closed_complaints(self):
        complaint = self.new_complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.cs_user).unlink()
        complaint.reply = "Not our fault"
        complaint.action_judge_not_valid()
        with self.assertRaisesRegex(UserError, "closed and cannot be deleted"):
            complaint.with_user(self.cs_manager).unlink()
        self.new_complaint().with_user(self.cs_manager).unlink()

    def test_users_see_complaints_of_their_own_companies(self):
        elsewhere = self.env["res.company"].create({"name": "Xiangyang Branch"})
        client = self.env["res.partner"].create({"name": "Far client", "company_id": elsewhere.id})
        far = (
            self.env["cs.complaint"]
            .with_company(elsewhere)
            .create({"partner_id": client.id, "content": "Late", "company_id": elsewhere.id})
        )
        visible = self.env["cs.complaint"].with_user(self.cs_manager).search([("id", "=", far.id)])
        self.assertFalse(visible)
        with self.assertRaises(AccessError):
            far.with_user(self.cs_user).read(["name"])

    def test_employee_without_group_has_no_access(self):
        """An employee outside Customer Service sees no complaint (only those naming them responsible)."""
        complaint = self.new_complaint()
        self.assertFalse(self.env["cs.complaint"].with_user(self.employee).search([]))
        with self.assertRaises(AccessError):
            complaint.with_user(self.employee).read(["name"])
        with self.assertRaises(AccessError):
            complaint.with_user(self.employee).write({"severity": "high"})
