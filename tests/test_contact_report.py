from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from .common_jobs import JobCommon


class TestContactReport(JobCommon):
    def _report(self, when, **vals):
        values = {
            "name": "Spring campaign kick-off",
            "partner_id": self.client.id,
            "contact_date": when,
            "company_id": self.company.id,
            "participant_ids": [(0, 0, {"name": "Ms Wang", "email": "wang@example.com", "parent_id": self.client.id})],
            "team_user_ids": [(6, 0, self.cr_manager.ids)],
            "discussion": "<p>Poster sizes</p>",
            "conclusions": "<p>A1 and A2</p>",
        }
        values.update(vals)
        return self.env["cs.contact.report"].with_user(self.opener).create(values)

    def test_due_48_hours_after_the_contact(self):
        with freeze_time("2026-03-06 08:00:00"):
            report = self._report(datetime(2026, 3, 6, 7, 30))
        self.assertEqual(report.date_due, datetime(2026, 3, 8, 7, 30))

    def test_late_flag_at_the_48_hour_boundary(self):
        with freeze_time("2026-03-06 08:00:00"):
            report = self._report(datetime(2026, 3, 6, 7, 30))
        Report = self.env["cs.contact.report"]
        with freeze_time("2026-03-08 07:30:00"):
            report.invalidate_recordset(["is_late"])
            self.assertFalse(report.is_late)
            self.assertNotIn(report, Report.search([("is_late", "=", True)]))
        with freeze_time("2026-03-08 07:30:01"):
            report.invalidate_recordset(["is_late"])
            self.assertTrue(report.is_late)
            self.assertIn(report, Report.search([("is_late", "=", True)]))

    def test_sent_in_time_is_not_late_afterwards(self):
        with freeze_time("2026-03-06 08:00:00"):
            report = self._report(datetime(2026, 3, 6, 7, 30))
        with freeze_time("2026-03-07 10:00:00"):
            report.action_send()
        with freeze_time("2026-03-20 10:00:00"):
            report.invalidate_recordset(["is_late"])
            self.assertFalse(report.is_late)
            self.assertEqual(report.state, "sent")

    def test_sending_mails_client_participants_and_team(self):
        with freeze_time("2026-03-06 08:00:00"):
            report = self._report(datetime(2026, 3, 6, 7, 30))
            report.action_send()
        message = report.message_ids.filtered(lambda m: (m.subject or "").startswith("Contact report:"))
        self.assertEqual(len(message), 1)
        self.assertEqual(set(message.partner_ids.mapped("name")), {"Ms Wang", self.cr_manager.partner_id.name})
        self.assertIn("A1 and A2", message.body)

    def test_report_without_recipients_cannot_be_sent(self):
        with freeze_time("2026-03-06 08:00:00"):
            report = self._report(datetime(2026, 3, 6, 7, 30), participant_ids=[], team_user_ids=[])
            with self.assertRaisesRegex(UserError, "no recipients"):
                report.action_send()

    def test_future_contact_date_is_refused(self):
        with freeze_time("2026-03-06 08:00:00"), self.assertRaisesRegex(ValidationError, "in the future"):
            self._report(datetime(2026, 3, 7, 8, 0))
