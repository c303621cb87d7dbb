from datetime import date
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from .common_jobs import JobCommon

BYPASS = {"cs_solution_approval": True, "cs_job_revision": True, "cs_settlement_flow": True, "tracking_disable": True}


@freeze_time("2026-03-02 09:00:00")
class TestJobIntegrity(JobCommon):
    """Job tickets, time and contact reports: flow fields only through the buttons."""

    def approved_ticket(self):
        ticket = self.make_ticket()
        ticket.action_submit()
        ticket.with_user(self.cr_manager).action_approve()
        return ticket

    def test_opener_cannot_approve_by_writing_the_state(self):
        """营业主管签章: the opener can neither write the state nor name themselves the approver."""
        ticket = self.make_ticket()
        ticket.with_user(self.opener).action_submit()
        mine = ticket.with_user(self.opener).with_context(**BYPASS)
        for vals in (
            {"state": "approved"},
            {"state": "approved", "approved_by_id": self.opener.id},
            {"approved_by_id": self.opener.id},
            {"date_approved": datetime(2026, 3, 2, 9, 0)},
            {"name": "202603-CR-99"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "only through the document's buttons"):
                mine.write(vals)
        with self.assertRaises(AccessError):
            mine.action_approve()
        self.assertEqual(ticket.state, "submitted")
        self.assertFalse(ticket.approved_by_id)
        with self.assertRaisesRegex(UserError, "starts at its first step"):
            self.make_ticket(state="approved")

    def test_department_manager_writes_no_state_either(self):
        ticket = self.make_ticket()
        ticket.action_submit()
        with self.assertRaisesRegex(UserError, "only through the document's buttons"):
            ticket.with_user(self.cr_manager).with_context(**BYPASS).write({"state": "approved"})
        with self.assertRaises(AccessError):
            ticket.with_user(self.ae_manager).action_approve()  # a manager of another department
        with self.assertRaises(AccessError):
            ticket.sudo().with_user(self.opener).sudo().action_approve()  # sudo() is no right to approve

    def test_approved_content_is_frozen_even_for_the_department_manager(self):
        ticket = self.approved_ticket()
        attachment = self.env["ir.attachment"].create({"name": "concept.pdf", "raw": b"%PDF"})
        for user in (self.opener, self.cr_manager):
            edit = ticket.with_user(user).with_context(**BYPASS)
            for vals in (
                {"description": "<p>Now three banners</p>"},
                {"brief": "<p>Red</p>"},
                {"concept_message": "Another message"},
                {"concept_attachment_ids": [(4, attachment.id)]},
                {"department_id": self.account.id},
                {"partner_id": self.env["res.partner"].create({"name": "Other", "is_company": True}).id},
            ):
                with self.subTest(user=user.login, vals=list(vals)), self.assertRaisesRegex(UserError, "revision"):
                    edit.write(vals)
        ticket.with_user(self.opener).write({"next_action": "Proofs on Friday"})  # follow-up stays editable
        self.confirm_by_client(ticket, self.opener)
        ticket.with_user(self.opener).action_start()
        with self.assertRaisesRegex(UserError, "revision"):
            ticket.with_user(self.cr_manager).write({"description": "<p>Late change</p>"})

    def test_revision_is_a_new_draft_with_its_own_content(self):
        ticket = self.approved_ticket()
        action = ticket.with_user(self.opener).with_context(**BYPASS).action_create_revision()
        revision = self.env["cs.job.ticket"].browse(action["res_id"])
        self.assertEqual((revision.name, revision.state, revision.parent_id), ("202603-CR-01/R1", "draft", ticket))
        revision.with_user(self.opener).write({"description": "<p>Three banners</p>"})
        with self.assertRaisesRegex(UserError, "only through the document's buttons"):
            revision.with_user(self.opener).write({"revision": 7})
        with self.assertRaisesRegex(UserError, "only through the document's buttons"):
            revision.with_user(self.opener).write({"parent_id": False})

    def test_buttons_follow_the_can_fields(self):
        ticket = self.make_ticket()
        self.assertTrue(ticket.with_user(self.opener).can_submit)
        self.assertFalse(ticket.with_user(self.opener).can_create_revision)
        ticket.action_submit()
        self.assertFalse(ticket.with_user(self.opener).can_approve)
        self.assertTrue(ticket.with_user(self.cr_manager).can_approve)
        self.assertFalse(ticket.with_user(self.ae_manager).can_approve)

    def test_hours_per_person_and_day_are_at_most_24(self):
        ticket = self.make_ticket()
        other = self.make_ticket(title="Leaflet")
        Time = self.env["cs.job.time"].with_user(self.opener)
        Time.create({"ticket_id": ticket.id, "user_id": self.opener.id, "hours": 16, "date": date(2026, 3, 2)})
        Time.create({"ticket_id": other.id, "user_id": self.opener.id, "hours": 8, "date": date(2026, 3, 2)})
        with self.assertRaisesRegex(ValidationError, r"opener.*2026-03-02"):
            Time.create({"ticket_id": other.id, "user_id": self.opener.id, "hours": 0.5, "date": date(2026, 3, 2)})
        # another day, another person: their own 24 hours
        Time.create({"ticket_id": other.id, "user_id": self.opener.id, "hours": 8, "date": date(2026, 3, 3)})
        Time.create({"ticket_id": other.id, "user_id": self.other_opener.id, "hours": 8, "date": date(2026, 3, 2)})
        line = Time.search([("hours", "=", 16)])
        with self.assertRaisesRegex(ValidationError, "at most 24 hours"):
            line.write({"hours": 17})
        with self.assertRaisesRegex(ValidationError, "at most 24 hours"):
            Time.create(
                {"ticket_id": other.id, "user_id": self.other_opener.id, "hours": 24.5, "date": date(2026, 3, 5)}
            )

    def test_contact_report_state_and_sent_date_only_through_sending(self):
        report = (
            self.env["cs.contact.report"]
            .with_user(self.opener)
            .create(
                {
                    "name": "Kick-off",
                    "partner_id": self.client.id,
                    "contact_date": datetime(2026, 3, 2, 8, 0),
                    "team_user_ids": [(6, 0, self.cr_manager.ids)],
                    "discussion": "<p>Poster sizes</p>",
                    "conclusions": "<p>A1 and A2</p>",
                }
            )
        )
        for vals in ({"state": "sent"}, {"date_sent": datetime(2026, 3, 2, 8, 30)}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "only through the document's buttons"):
                report.with_user(self.opener).with_context(**BYPASS).write(vals)
        self.assertTrue(report.with_user(self.opener).can_send)
        report.with_user(self.opener).action_send()
        self.assertEqual((report.state, report.date_sent), ("sent", datetime(2026, 3, 2, 9, 0)))
        with self.assertRaisesRegex(UserError, "this step is not possible now"):
            report.with_user(self.opener).action_send()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            report.with_user(self.opener).write({"contact_date": datetime(2026, 3, 1, 8, 0)})

    def test_contact_date_outside_1990_2100_is_refused(self):
        for when in (datetime(1989, 12, 31, 23, 0), datetime(2101, 1, 1, 1, 0)):
            with self.subTest(when=when), self.assertRaisesRegex(ValidationError, "not plausible"):
                self.env["cs.contact.report"].with_user(self.opener).create(
                    {"name": "Typo", "partner_id": self.client.id, "contact_date": when}
                )
