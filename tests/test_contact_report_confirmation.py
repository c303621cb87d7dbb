from datetime import datetime
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common_jobs import JobCommon


class TestContactReportConfirmation(JobCommon):
    """「联络报告…送交客户相关人员…的内容须完整纪录任何结论及重要讨论事项的过程」 and
    「做好会议记录,及时整理,并向客户进行确认」: the AE (the opener) writes and sends the minutes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_tz = "Asia/Shanghai"
        cls.wang = cls.env["res.partner"].create(
            {"name": "Ms Wang", "email": "wang@zengdu.example.com", "parent_id": cls.client.id}
        )

    def _report(self, **vals):
        values = {
            "name": "Spring campaign kick-off",
            "partner_id": self.client.id,
            "contact_date": datetime(2026, 3, 6, 7, 30),
            "company_id": self.company.id,
            "participant_ids": [(6, 0, self.wang.ids)],
            "team_user_ids": [(6, 0, self.cr_manager.ids)],
            "discussion": "<p>Poster sizes</p>",
            "conclusions": "<p>A1 and A2</p>",
        }
        values.update(vals)
        with freeze_time("2026-03-06 08:00:00"):
            return self.env["cs.contact.report"].with_user(self.opener).create(values)

    def _send(self, report):
        with freeze_time("2026-03-06 08:00:00"):
            report.action_send()
        return report.confirmation_ids

    def test_minutes_without_discussion_or_conclusions_are_not_sent(self):
        """Discussion points and conclusions are both required to send the report."""
        for fname, label in (("discussion", "Discussion Points"), ("conclusions", "Conclusions")):
            report = self._report(**{fname: "<p><br></p>"})
            with freeze_time("2026-03-06 08:00:00"), self.assertRaisesRegex(UserError, label):
                report.action_send()
            self.assertEqual(report.state, "draft")

    def test_each_client_participant_gets_a_personal_link(self):
        """Ms Wang receives her own link (her confirmation's token); the team member confirms nothing."""
        report = self._report()
        confirmation = self._send(report)
        self.assertEqual(confirmation.partner_id, self.wang)
        self.assertEqual((confirmation.state, report.confirm_state), ("pending", "waiting"))
        mail = self.env["mail.mail"].search([("subject", "=", "Please confirm the minutes: Spring campaign kick-off")])
        self.assertEqual(mail.recipient_ids, self.wang)
        self.assertIn(
            f"/cs/contact_report/confirm/{confirmation.id}/{confirmation.sudo().access_token}", mail.body_html
        )
        self.assertIn("A1 and A2", mail.body_html)

    def test_a_reply_by_mail_is_recorded_as_the_participants_answer(self):
        """Ms Wang answers the mail with a correction: her reply lands on the report and answers it."""
        report = self._report()
        confirmation = self._send(report)
        mail = self.env["mail.mail"].search([("subject", "like", "Please confirm the minutes")])
        raw = (
            "From: Ms Wang <wang@zengdu.example.com>\r\n"
            "To: minutes@example.com\r\n"
            "Subject: Re: Please confirm the minutes\r\n"
            "Message-ID: <reply-1@zengdu.example.com>\r\n"
            f"In-Reply-To: {mail.message_id}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Agreed, but the A2 poster is A3.\r\n"
        )
        with freeze_time("2026-03-07 01:00:00"):
            self.env["mail.thread"].message_process(False, raw)
        self.assertEqual(confirmation.state, "replied")
        self.assertIn("A3", confirmation.message_id.body)
        self.assertEqual(confirmation.date_answered, datetime(2026, 3, 7, 1, 0))
        self.assertEqual(report.confirm_state, "confirmed")

    def test_author_is_reminded_once_after_the_delay(self):
        """Three days (the company's delay) after sending without confirmation, the author gets a to-do."""
        report = self._report()
        self._send(report)
        Report = self.env["cs.contact.report"]
        with freeze_time("2026-03-09 07:59:00"):
            Report._cron_cs_confirmation_reminders()
        self.assertFalse(report.activity_ids)
        with freeze_time("2026-03-09 08:00:00"):
            Report._cron_cs_confirmation_reminders()
            Report._cron_cs_confirmation_reminders()
        self.assertEqual(len(report.activity_ids), 1)
        self.assertEqual(report.activity_ids.user_id, self.opener)
        self.assertIn("Ms Wang", report.activity_ids.note)

    def test_confirmed_minutes_give_no_reminder(self):
        report = self._report()
        confirmation = self._send(report)
        with freeze_time("2026-03-06 09:00:00"):
            confirmation.sudo()._cs_answer("confirmed")
        with freeze_time("2026-03-20 08:00:00"):
            self.env["cs.contact.report"]._cron_cs_confirmation_reminders()
        self.assertFalse(report.activity_ids)

    def test_nobody_writes_a_confirmation_directly(self):
        """The department manager cannot mark Ms Wang's confirmation as given, nor can sudo code."""
        report = self._report()
        confirmation = self._send(report)
        with self.assertRaises(UserError):  # the guard, else the missing write right (AccessError)
            confirmation.with_user(self.cr_manager).write({"state": "confirmed"})
        with self.assertRaisesRegex(UserError, "only through"):
            confirmation.sudo().write({"state": "confirmed"})
        self.assertEqual(confirmation.state, "pending")


@tagged("post_install", "-at_install")
class TestContactReportLink(HttpCase):
    def setUp(self):
        super().setUp()
        self.ae = new_test_user(self.env, "ae_link", groups="customer_service_dept.group_cs_user", tz="Asia/Shanghai")
        client = self.env["res.partner"].create({"name": "Zengdu Store", "is_company": True})
        self.wang = self.env["res.partner"].create(
            {"name": "Ms Wang", "email": "wang@zengdu.example.com", "parent_id": client.id}
        )
        self.report = (
            self.env["cs.contact.report"]
            .with_user(self.ae)
            .create(
                {
                    "name": "Spring campaign kick-off",
                    "partner_id": client.id,
                    "contact_date": fields.Datetime.now() - timedelta(hours=2),
                    "participant_ids": [(6, 0, self.wang.ids)],
                    "discussion": "<p>Poster sizes</p>",
                    "conclusions": "<p>A1 and A2</p>",
                }
            )
        )
        self.report.action_send()
        self.confirmation = self.report.confirmation_ids

    def _url(self, token):
        return f"/cs/contact_report/confirm/{self.confirmation.id}/{token}"

    def test_the_link_records_who_confirmed_and_when(self):
        """Ms Wang opens her link (nothing is recorded by opening it) and confirms."""
        token = self.confirmation.sudo().access_token
        page = self.url_open(self._url(token))
        self.assertEqual(page.status_code, 200)
        self.assertIn("A1 and A2", page.text)
        self.assertEqual(self.confirmation.state, "pending")
        before = fields.Datetime.now().replace(microsecond=0)
        page = self.url_open(self._url(token), data={"confirm": "1"})
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_cs_confirmed", page.text)
        self.confirmation.invalidate_recordset()
        self.report.invalidate_recordset()
        self.assertEqual(self.confirmation.state, "confirmed")
        self.assertGreaterEqual(self.confirmation.date_answered, before)
        self.assertEqual(self.report.confirm_state, "confirmed")
        note = self.report.message_ids.filtered(lambda m: "confirmed the minutes" in (m.body or ""))
        self.assertEqual(note.author_id, self.wang)

    def test_a_wrong_token_confirms_nothing(self):
        page = self.url_open(self._url("0" * 32), data={"confirm": "1"})
        self.assertEqual(page.status_code, 404)
        self.confirmation.invalidate_recordset()
        self.assertEqual(self.confirmation.state, "pending")
