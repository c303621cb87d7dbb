from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from .common_jobs import JobCommon


class TestJobTicket(JobCommon):
    @freeze_time("2026-03-02 09:00:00")
    def test_number_assigned_on_submission_not_on_draft(self):
        ticket = self.make_ticket()
        self.assertFalse(ticket.name)
        ticket.action_submit()
        self.assertEqual(ticket.name, "202603-CR-01")
        self.assertEqual(ticket.state, "submitted")

    def test_numbers_restart_monthly_and_count_per_department(self):
        with freeze_time("2026-03-02 09:00:00"):
            first = self.make_ticket()
            second = self.make_ticket()
            account = self.make_ticket(department=self.account)
            (first | second | account).action_submit()
        with freeze_time("2026-04-01 09:00:00"):
            april = self.make_ticket(due=date(2026, 4, 20))
            april.action_submit()
        self.assertEqual(
            (first | second | account | april).mapped("name"),
            ["202603-CR-01", "202603-CR-02", "202603-AE-01", "202604-CR-01"],
        )

    @freeze_time("2026-03-02 09:00:00")
    def test_numbers_are_never_reused(self):
        first = self.make_ticket()
        first.action_submit()
        first.with_user(self.cr_manager).action_refuse()
        first.action_submit()  # back to draft and submitted again: keeps its number
        second = self.make_ticket()
        second.action_submit()
        self.assertEqual((first | second).mapped("name"), ["202603-CR-01", "202603-CR-02"])

    @freeze_time("2026-03-02 09:00:00")
    def test_ticket_without_description_or_brief_cannot_be_submitted(self):
        for missing in ("description", "brief"):
            ticket = self.make_ticket(**{missing: "<p><br></p>"})
            with self.assertRaisesRegex(UserError, "cannot be submitted without"):
                ticket.action_submit()
            self.assertFalse(ticket.name)

    @freeze_time("2026-03-02 09:00:00")
    def test_due_date_inside_the_lead_time_is_refused_with_the_reason(self):
        self.company.cs_job_min_lead_days = 3
        with self.assertRaisesRegex(ValidationError, "earliest due date is 2026-03-05"):
            self.make_ticket(due=date(2026, 3, 4))
        ticket = self.make_ticket(due=date(2026, 3, 5))
        self.assertEqual(ticket.date_due, date(2026, 3, 5))

    @freeze_time("2026-03-02 09:00:00")
    def test_only_the_department_manager_approves(self):
        ticket = self.make_ticket()
        ticket.action_submit()
        for intruder in (self.opener, self.ae_manager):
            with self.assertRaises(AccessError):
                ticket.with_user(intruder).action_approve()
        ticket.with_user(self.cr_manager).action_approve()
        self.assertEqual(ticket.state, "approved")
        self.assertEqual(ticket.approved_by_id, self.cr_manager)
        self.assertEqual(str(ticket.date_approved), "2026-03-02 09:00:00")

    @freeze_time("2026-03-02 09:00:00")
    def test_manager_sees_only_own_departments_tickets(self):
        creative = self.make_ticket()
        account = self.make_ticket(department=self.account)
        visible = self.env["cs.job.ticket"].with_user(self.cr_manager).search([("id", "in", (creative | account).ids)])
        self.assertEqual(visible, creative)

    @freeze_time("2026-03-02 09:00:00")
    def test_openers_see_only_their_own_tickets(self):
        mine = self.make_ticket()
        theirs = self.make_ticket(user=self.other_opener)
        visible = self.env["cs.job.ticket"].with_user(self.opener).search([("id", "in", (mine | theirs).ids)])
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.opener).write({"next_action": "call"})

    @freeze_time("2026-03-02 09:00:00")
    def test_full_flow_to_closing(self):
        ticket = self.make_ticket()
        ticket.action_submit()
        ticket.with_user(self.cr_manager).action_approve()
        self.confirm_by_client(ticket)
        ticket.action_start()
        ticket.action_done()
        self.attach_artwork(ticket)
        ticket.action_close()
        self.assertEqual(ticket.state, "closed")
        self.assertTrue(ticket.date_closed)
        with self.assertRaisesRegex(UserError, "closed"):
            ticket.action_cancel()

    @freeze_time("2026-03-02 09:00:00")
    def test_approved_description_changes_only_through_a_revision(self):
        ticket = self.make_ticket()
        ticket.action_submit()
        ticket.with_user(self.cr_manager).action_approve()
        with self.assertRaisesRegex(UserError, "Create a revision"):
            ticket.write({"description": "<p>Now three banners</p>"})
        ticket.write({"next_action": "Send proofs on Friday"})  # follow-up fields stay editable

    @freeze_time("2026-03-02 09:00:00")
    def test_revisions_keep_the_job_number_with_a_suffix(self):
        ticket = self.make_ticket()
        ticket.action_submit()
        ticket.with_user(self.cr_manager).action_approve()
        first = self.env["cs.job.ticket"].browse(ticket.action_create_revision()["res_id"])
        second = self.env["cs.job.ticket"].browse(first.action_create_revision()["res_id"])
        self.assertEqual(first.name, "202603-CR-01/R1")
        self.assertEqual(second.name, "202603-CR-01/R2")
        self.assertEqual(second.parent_id, ticket)
        self.assertEqual(ticket.revision_ids, first | second)
        self.assertEqual(ticket.revision_count, 2)
        second.write({"description": "<p>Three banners</p>", "date_due": date(2026, 3, 10)})
        second.action_submit()
        self.assertEqual(second.name, "202603-CR-01/R2")
        next_job = self.make_ticket()
        next_job.action_submit()
        self.assertEqual(next_job.name, "202603-CR-02")

    @freeze_time("2026-03-02 09:00:00")
    def test_time_spent_is_summed_per_ticket(self):
        ticket = self.make_ticket()
        self.env["cs.job.time"].create(
            [
                {"ticket_id": ticket.id, "user_id": self.opener.id, "hours": 1.5, "date": date(2026, 3, 2)},
                {
                    "ticket_id": ticket.id,
                    "user_id": self.cr_manager.id,
                    "hours": 2.0,
                    "date": date(2026, 3, 3),
                },
            ]
        )
        self.assertEqual(ticket.hours_spent, 3.5)
        groups = self.env["cs.job.time"]._read_group(
            [("ticket_id", "=", ticket.id)], ["partner_id", "date:month"], ["hours:sum"]
        )
        self.assertEqual([(g[0], g[2]) for g in groups], [(self.client, 3.5)])

    def test_department_codes_are_checked(self):
        with self.assertRaisesRegex(ValidationError, "not valid"):
            self.env["cs.department"].create({"name": "Bad", "code": "C-R", "company_id": self.company.id})
        self.assertEqual(self.creative.code, "CR")

    @freeze_time("2026-03-02 09:00:00")
    def test_job_ticket_pdf_renders(self):
        ticket = self.make_ticket(concept_product="Spring tea")
        ticket.action_submit()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("customer_service_dept.action_report_cs_job_ticket", ticket.ids)[0]
            .decode()
        )
        self.assertIn("202603-CR-01", html)
        self.assertIn("Spring tea", html)
