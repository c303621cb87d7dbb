import re
from datetime import date
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common_jobs import JobCommon


class JobConfirmationCommon(JobCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = new_test_user(
            cls.env,
            "cr_member",
            groups="customer_service_dept.group_cs_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
            tz="Asia/Shanghai",
        )
        cls.creative.member_ids = [(4, cls.member.id)]
        cls.contact = cls.env["res.partner"].create(
            {"name": "Zeng Qinghua", "parent_id": cls.client.id, "email": "zeng@example.cn"}
        )

    def approved_ticket(self, user=None, **vals):
        ticket = self.make_ticket(user=user, **vals)
        ticket.action_submit()
        ticket.with_user(self.cr_manager).action_approve()
        return ticket


@freeze_time("2026-03-02 02:00:00")  # Monday 10:00 in Shanghai
class TestJobClientConfirmation(JobConfirmationCommon):
    def test_no_work_starts_before_the_client_confirmed(self):
        """所有执行工作均需经由客户确认同意后, 方始进入执行阶段: the AE cannot start an approved job alone."""
        ticket = self.approved_ticket()
        self.assertFalse(ticket.can_start)
        with self.assertRaisesRegex(UserError, "no client confirmation"):
            ticket.action_start()
        self.assertEqual(ticket.state, "approved")
        with self.assertRaisesRegex(UserError, "no client confirmation"):
            ticket.with_user(self.cr_manager).action_start()

    def test_signed_document_records_who_when_and_how(self):
        """The AE attaches the client's signed confirmation; who, when and how are on the ticket, then work starts."""
        ticket = self.approved_ticket()
        ticket.write({"client_contact_id": self.contact.id})
        self.assertTrue(ticket.can_record_confirmation)
        with self.assertRaisesRegex(UserError, "Signed Confirmation"):
            ticket.action_record_client_confirmation()
        self.confirm_by_client(ticket, self.opener, self.contact)
        self.assertEqual(
            (
                ticket.client_confirmed_by_id,
                str(ticket.date_client_confirmed),
                ticket.client_confirm_method,
                ticket.client_confirm_recorded_by_id,
            ),
            (self.contact, "2026-03-02 02:00:00", "document", self.opener),
        )
        self.assertTrue(ticket.can_start)
        ticket.action_start()
        self.assertEqual(ticket.state, "in_progress")

    def test_department_manager_records_a_confirmation_too(self):
        ticket = self.approved_ticket()
        self.confirm_by_client(ticket, self.cr_manager, self.contact)
        self.assertEqual(ticket.client_confirm_recorded_by_id, self.cr_manager)

    def test_department_member_cannot_record_the_confirmation(self):
        """A member of the department reads the approved job but does not speak for the client."""
        ticket = self.approved_ticket()
        ticket.write({"client_contact_id": self.contact.id})
        as_member = ticket.with_user(self.member)
        self.assertEqual(as_member.title, "Spring poster")
        self.assertFalse(as_member.can_record_confirmation)
        with self.assertRaises(AccessError):
            as_member.action_record_client_confirmation()
        with self.assertRaises(AccessError):
            as_member.action_request_client_confirmation()

    def test_confirmation_is_written_only_by_its_actions(self):
        ticket = self.approved_ticket()
        for user in (self.opener, self.cr_manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "buttons"):
                ticket.with_user(user).write({"date_client_confirmed": "2026-03-01 00:00:00"})
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "buttons"):
                ticket.with_user(user).write({"client_confirmed_by_id": self.contact.id})
        self.confirm_by_client(ticket, self.opener, self.contact)
        other = self.env["res.partner"].create({"name": "Someone else", "parent_id": self.client.id})
        for user in (self.opener, self.cr_manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "client confirmed"):
                ticket.with_user(user).write({"client_contact_id": other.id})
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "client confirmed"):
                ticket.with_user(user).write({"client_confirm_document_ids": [(5, 0, 0)]})
        with self.assertRaisesRegex(UserError, "already confirmed"):
            ticket.action_record_client_confirmation()

    def test_confirmation_link_is_mailed_and_confirms_once(self):
        """The AE mails the contact a link; opening it with the right token records the client's confirmation."""
        ticket = self.approved_ticket()
        ticket.write({"client_contact_id": self.contact.id})
        ticket.action_request_client_confirmation()
        mail = self.env["mail.mail"].search(
            [("model", "=", "cs.job.ticket"), ("res_id", "=", ticket.id), ("body_html", "ilike", "/cs/job/confirm/")]
        )
        self.assertEqual(mail.recipient_ids, self.contact)
        token = ticket.sudo().client_confirm_token
        self.assertTrue(token)
        self.assertIn(f"/cs/job/confirm/{ticket.id}/{token}", mail.body_html)
        # the link is not in the chatter, where the ticket's readers would see it
        self.assertFalse(any(token in (m.body or "") for m in ticket.message_ids))
        self.assertFalse(ticket.date_client_confirmed)
        self.assertFalse(ticket._cs_confirm_from_link("wrong-token"))
        self.assertFalse(ticket.date_client_confirmed)
        self.assertTrue(ticket._cs_confirm_from_link(token))
        self.assertEqual(
            (ticket.client_confirmed_by_id, ticket.client_confirm_method, str(ticket.date_client_confirmed)),
            (self.contact, "link", "2026-03-02 02:00:00"),
        )
        self.assertFalse(ticket._cs_confirm_from_link(token), "a used link confirms nothing more")
        ticket.action_start()
        self.assertEqual(ticket.state, "in_progress")

    def test_link_needs_a_contact_with_email(self):
        ticket = self.approved_ticket()
        with self.assertRaisesRegex(UserError, "Client Contact"):
            ticket.action_request_client_confirmation()
        ticket.write({"client_contact_id": self.env["res.partner"].create({"name": "No Mail"}).id})
        with self.assertRaisesRegex(UserError, "e-mail"):
            ticket.action_request_client_confirmation()

    def test_creative_department_needs_the_concept_worksheet_at_submission(self):
        """决不为任何没有"策略拟定"的客户进行创意工作: a creative job is submitted with its concept worksheet."""
        self.creative.is_creative = True
        ticket = self.make_ticket()
        with self.assertRaisesRegex(UserError, "concept worksheet"):
            ticket.action_submit()
        self.assertEqual((ticket.state, ticket.name), ("draft", False))
        ticket.write({"concept_product": "Tea gift box", "concept_audience": "Families", "concept_message": "-20%"})
        ticket.action_submit()
        self.assertEqual(ticket.state, "submitted")
        # or the worksheet attached as a file (商品概念策略单 以附件形式)
        attached = self.make_ticket(title="Banner")
        sheet = self.env["ir.attachment"].with_user(self.opener).create({"name": "concept.pdf", "raw": b"%PDF"})
        attached.write({"concept_attachment_ids": [(4, sheet.id)]})
        attached.action_submit()
        # a department that is not creative needs no worksheet
        account = self.make_ticket(title="Price list", department=self.account)
        account.action_submit()
        self.assertEqual(account.state, "submitted")


@freeze_time("2026-03-02 02:00:00")
class TestJobClosing(JobConfirmationCommon):
    def done_ticket(self):
        ticket = self.approved_ticket()
        self.confirm_by_client(ticket, self.opener, self.contact)
        ticket.action_start()
        ticket.action_done()
        return ticket

    def test_closing_needs_the_final_artwork(self):
        """消单: no closing without the final artwork (创意部成稿)."""
        ticket = self.done_ticket()
        with self.assertRaisesRegex(UserError, "Final Artwork"):
            ticket.action_close()
        self.assertEqual(ticket.state, "done")

    def test_closing_files_ticket_worksheet_and_artwork_in_the_client_documents(self):
        """把创制工作单、商品概念单以及创意部成稿全部订在一起: the three go to the client's files."""
        sheet = self.env["ir.attachment"].with_user(self.opener).create({"name": "concept.pdf", "raw": b"%PDF"})
        ticket = self.make_ticket(concept_attachment_ids=[(6, 0, sheet.ids)])
        ticket.action_submit()
        ticket.with_user(self.cr_manager).action_approve()
        self.confirm_by_client(ticket, self.opener, self.contact)
        ticket.action_start()
        ticket.action_done()
        self.attach_artwork(ticket, self.opener)
        ticket.action_close()
        self.assertEqual(ticket.state, "closed")
        filed = self.env["ir.attachment"].search([("res_model", "=", "res.partner"), ("res_id", "=", self.client.id)])
        self.assertEqual(
            sorted(filed.mapped("name")),
            [
                "202603-CR-01 Concept Worksheet concept.pdf",
                "202603-CR-01 Final Artwork poster-final.png",
                "202603-CR-01 Job Ticket.pdf",
            ],
        )
        self.assertEqual(ticket.filed_attachment_ids, filed)
        self.assertEqual(filed.filtered(lambda a: "Artwork" in a.name).raw, b"\x89PNG final")
        self.assertIn("Spring poster", filed.filtered(lambda a: "Job Ticket" in a.name).raw.decode())
        with self.assertRaisesRegex(UserError, "closed out"):
            ticket.write({"artwork_attachment_ids": [(5, 0, 0)]})

    def test_reopening_is_the_department_managers(self):
        """Only the department manager reopens a closed job; closing again replaces the filed copies."""
        ticket = self.done_ticket()
        self.attach_artwork(ticket, self.opener)
        ticket.action_close()
        self.assertFalse(ticket.can_reopen)
        for user in (self.opener, self.member, self.ae_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                ticket.with_user(user).action_reopen()
        self.assertEqual(ticket.state, "closed")
        as_manager = ticket.with_user(self.cr_manager)
        self.assertTrue(as_manager.can_reopen)
        as_manager.action_reopen()
        self.assertEqual((ticket.state, ticket.date_closed), ("done", False))
        for user in (self.opener, self.cr_manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "buttons"):
                ticket.with_user(user).write({"state": "closed"})
        ticket.action_close()
        filed = self.env["ir.attachment"].search([("res_model", "=", "res.partner"), ("res_id", "=", self.client.id)])
        self.assertEqual(len(filed), 2)
        self.assertEqual(ticket.filed_attachment_ids, filed)


class TestJobTicketPdf(JobConfirmationCommon):
    def test_ticket_pdf_shows_issue_date_hours_next_action_and_confirmation(self):
        """The job ticket carries 开单时间, the hours, the next action and the client's confirmation."""
        with freeze_time("2026-03-02 17:30:00"):  # 01:30 on 3 March in Shanghai
            ticket = self.make_ticket(next_action="Send first proof to Zeng")
            ticket.action_submit()
            ticket.with_user(self.cr_manager).action_approve()
            self.env["cs.job.time"].with_user(self.opener).create(
                {"ticket_id": ticket.id, "hours": 3.5, "date": "2026-03-03"}
            )
            self.confirm_by_client(ticket, self.opener, self.contact)
        report = self.env["ir.actions.report"].with_user(self.opener)
        page = report._render_qweb_html("customer_service_dept.action_report_cs_job_ticket", ticket.ids)[0].decode()
        text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
        self.assertIn("Issue Date (开单时间) 03/03/2026 01:30:00 AM Hours Spent 03:30", text)
        self.assertIn("Next Action Send first proof to Zeng", text)
        self.assertIn(
            f"Client Confirmation Zeng Qinghua , 03/03/2026 01:30:00 AM , Signed document ( {self.opener.name} )", text
        )


@tagged("post_install", "-at_install")
class TestJobConfirmationLink(HttpCase, JobConfirmationCommon):
    def test_client_confirms_through_the_page_behind_the_link(self):
        """The contact opens the mailed link (no login): the page confirms nothing until the button is pressed."""
        # HttpCase keeps its HTTP session in ``self.opener``: the AE user is the class's
        ticket = self.approved_ticket(user=type(self).opener, due=date.today() + timedelta(days=30))
        ticket.write({"client_contact_id": self.contact.id})
        ticket.action_request_client_confirmation()
        token = ticket.sudo().client_confirm_token
        url = f"/cs/job/confirm/{ticket.id}/{token}"
        self.assertEqual(self.url_open(f"/cs/job/confirm/{ticket.id}/wrong").status_code, 404)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Spring poster", page.text)
        ticket.invalidate_recordset()
        self.assertFalse(ticket.date_client_confirmed)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        done = self.url_open(url, data={"csrf_token": csrf})
        self.assertEqual(done.status_code, 200)
        self.assertIn("is confirmed", done.text)
        ticket.invalidate_recordset()
        self.assertEqual((ticket.client_confirmed_by_id, ticket.client_confirm_method), (self.contact, "link"))
        again = self.url_open(url, data={"csrf_token": csrf})
        self.assertEqual(again.status_code, 404)
