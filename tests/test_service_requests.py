"""Service requests (issue 13, items 1 and 2): inquiries and requests besides complaints,
their reply and solution deadlines, the answer sent to the customer, the supervisor's
escalation, and the e-mail intake through a team's mail alias."""

import email.utils
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from email.message import EmailMessage

from freezegun import freeze_time

from odoo.addons.mail.tests.common import MockEmail
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import BaseCase
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from ..models.rules import mail_received_time
from ..models.rules import request_references
from ..models.rules import working_day_deadline
from .common import CsCommon

TZ = "Asia/Shanghai"
# Friday 13 March 2026, 17:00 in Beijing
FRIDAY_17 = datetime(2026, 3, 13, 9, 0)
MONDAY_17 = datetime(2026, 3, 16, 9, 0)
ESCALATION = "customer_service_dept.mail_activity_type_cs_request_escalation"


class TestServiceDeadlineRules(BaseCase):
    """The working-day deadline and the mail's clock, as pure functions."""

    def test_friday_17_mail_with_one_working_day_is_due_monday_17(self):
        """Seed 004: 郵件咨詢應在一個工作日內回復 — Friday 17:00 in Beijing, one working day: Monday 17:00."""
        self.assertEqual(working_day_deadline(FRIDAY_17, 24, TZ), MONDAY_17)

    def test_weekend_mail_is_due_at_the_end_of_monday(self):
        """Received on Saturday 10:00 (Beijing): the clock runs from Monday 00:00, due Monday 24:00."""
        saturday_10 = datetime(2026, 3, 14, 2, 0)
        self.assertEqual(working_day_deadline(saturday_10, 24, TZ), datetime(2026, 3, 16, 16, 0))

    def test_public_holiday_is_skipped(self):
        """Friday 17:00, Monday a public holiday: due Tuesday 17:00."""
        self.assertEqual(
            working_day_deadline(FRIDAY_17, 24, TZ, holidays={date(2026, 3, 16)}), datetime(2026, 3, 17, 9, 0)
        )

    def test_mail_clock_starts_at_the_date_header_unless_implausible(self):
        now = datetime(2026, 3, 13, 9, 5)
        self.assertEqual(mail_received_time(FRIDAY_17, now), FRIDAY_17)
        self.assertEqual(mail_received_time(now + timedelta(hours=1), now), now, "a Date in the future")
        self.assertEqual(mail_received_time(now - timedelta(days=8), now), now, "a Date older than a week")
        self.assertEqual(mail_received_time(None, now), now, "no Date header")

    def test_references_are_read_from_the_subject(self):
        self.assertEqual(
            request_references("Re: [REQ/2026/00042] 价格 / REQ/2025/00007"), ["REQ/2026/00042", "REQ/2025/00007"]
        )
        self.assertEqual(request_references("Re: CMP/2026/00042"), [])


class ServiceRequestCommon(CsCommon, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.email = "service@suizhou.example"
        cls.domain = cls.env["mail.alias.domain"].create({"name": "suizhou.example"})
        cls.company.alias_domain_id = cls.domain
        cls.supervisor = new_test_user(
            cls.env,
            "key_account_supervisor",
            groups="customer_service_dept.group_cs_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.team = cls.env["cs.service.team"].create(
            {
                "name": "Suizhou Service",
                "company_id": cls.company.id,
                "alias_name": "kefu",
                "supervisor_id": cls.supervisor.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Zengdu Store",
                "is_company": True,
                "company_id": cls.company.id,
                "email": "boss@zengdu.example",
                "lang": "en_US",
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Li Ming", "parent_id": cls.customer.id, "email": "li.ming@zengdu.example"}
        )
        cls.other_specialist = new_test_user(
            cls.env,
            "cs_user_2",
            groups="customer_service_dept.group_cs_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.Request = cls.env["cs.service.request"].with_company(cls.company)

    def new_request(self, user=None, received=FRIDAY_17, **vals):
        with freeze_time(received):
            return self.Request.with_user(user or self.cs_user).create(
                {
                    "company_id": self.company.id,
                    "partner_id": self.customer.id,
                    "subject": "Price of the spring tea",
                    "received_date": received,
                    **vals,
                }
            )

    def mime(self, subject, sender="Li Ming <li.ming@zengdu.example>", to="kefu@suizhou.example", sent=None, **extra):
        """A real RFC 5322 message as a mail server hands it to Odoo."""
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = email.utils.format_datetime((sent or FRIDAY_17).replace(tzinfo=UTC))
        message["Message-ID"] = extra.get("message_id") or email.utils.make_msgid(domain="zengdu.example")
        if extra.get("in_reply_to"):
            message["In-Reply-To"] = extra["in_reply_to"]
            message["References"] = extra["in_reply_to"]
        message.set_content(extra.get("body") or "请问春茶的价格是多少? What is the price of the spring tea?")
        for name, data, mimetype in extra.get("attachments", ()):
            maintype, subtype = mimetype.split("/")
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
        return message.as_bytes()

    def receive(self, raw, now=None):
        """Feed the message to Odoo's mail gateway, as the fetchmail cron does."""
        with freeze_time(now or FRIDAY_17 + timedelta(minutes=5)), self.mock_mail_gateway():
            request_id = self.env["mail.thread"].sudo().message_process(None, raw)
        return self.env["cs.service.request"].browse(request_id)

    def customer_messages(self, request):
        """Messages of the request sent to the outside (comments, not notes), newest first."""
        return request.message_ids.filtered(
            lambda m: m.message_type == "comment" and m.subtype_id == self.env.ref("mail.mt_comment")
        )


class TestServiceRequest(ServiceRequestCommon):
    def test_phone_inquiry_is_due_in_24_hours(self):
        """Seed 003: 客户回复24小时内解答 — a question by phone is answered within 24 hours, round the clock."""
        request = self.new_request(channel="phone")
        self.assertEqual(request.reply_due, FRIDAY_17 + timedelta(hours=24))
        self.assertRegex(request.name, r"^REQ/2026/\d{5}$")

    def test_key_customer_is_answered_in_half_the_time(self):
        """Seed 004: 重点客户 get priority service. A key customer's phone question (24 h) is due in 12 h at the
        default share of 50 %; the customer becoming key later shortens a request not yet answered."""
        self.customer.sudo().cs_key_customer = True
        request = self.new_request(request_type="inquiry", channel="phone")
        self.assertEqual(request.reply_due, FRIDAY_17 + timedelta(hours=12))
        self.customer.sudo().cs_key_customer = False
        other = self.new_request(request_type="inquiry", channel="phone")
        self.assertEqual(other.reply_due, FRIDAY_17 + timedelta(hours=24))
        self.company.cs_key_customer_deadline_percent = 25
        self.customer.sudo().cs_key_customer = True
        other.with_user(self.cs_user).write({"partner_id": self.customer.id})
        self.assertEqual(other.reply_due, FRIDAY_17 + timedelta(hours=6))

    def test_email_inquiry_is_due_in_one_working_day(self):
        """Seed 004: 郵件咨詢應在一個工作日內回復 — registered from an e-mail of Friday 17:00: Monday 17:00."""
        request = self.new_request(channel="email")
        self.assertEqual(request.reply_due, MONDAY_17)

    def test_company_rule_beats_the_shared_rule(self):
        """The deadlines are configurable: a company's own e-mail rule replaces the rulebook default."""
        self.env["cs.service.deadline"].create(
            {"request_type": "inquiry", "channel": "email", "hours": 4, "company_id": self.company.id}
        )
        request = self.new_request(channel="email")
        self.assertEqual(request.reply_due, FRIDAY_17 + timedelta(hours=4))

    def test_one_rule_per_type_channel_and_company(self):
        Deadline = self.env["cs.service.deadline"].with_user(self.cs_manager)
        Deadline.create({"request_type": "inquiry", "channel": "letter", "hours": 48, "company_id": self.company.id})
        with self.assertRaisesRegex(ValidationError, "already a rule"):
            Deadline.create({"request_type": "inquiry", "channel": "letter", "hours": 8, "company_id": self.company.id})
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            Deadline.create({"request_type": "request", "channel": "letter", "hours": -1})
        with self.assertRaises(AccessError):
            self.env["cs.service.deadline"].with_user(self.cs_user).create({"request_type": "request", "hours": 1})

    def test_public_holiday_of_the_company_schedule_is_skipped(self):
        """Monday 16 March a public holiday of the company's working schedule: due Tuesday 17:00."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.company.resource_calendar_id.id,
                "company_id": self.company.id,
                "date_from": datetime(2026, 3, 15, 16, 0),
                "date_to": datetime(2026, 3, 16, 15, 59, 59),
            }
        )
        request = self.new_request(channel="email")
        self.assertEqual(request.reply_due, datetime(2026, 3, 17, 9, 0))

    def test_specialist_defaults_to_the_person_registering_it(self):
        request = self.new_request()
        self.assertEqual(request.user_id, self.cs_user)

    def test_answer_is_sent_to_the_customer_and_recorded(self):
        """Seed 003 answers every question; the answer goes to the customer by e-mail, not as a note."""
        request = self.new_request()
        request.answer = "<p>120 yuan per box.</p>"
        with freeze_time(FRIDAY_17 + timedelta(hours=2)), self.mock_mail_gateway():
            request.action_answer()
        self.assertEqual(request.state, "answered")
        self.assertEqual(request.reply_date, FRIDAY_17 + timedelta(hours=2))
        self.assertEqual(request.reply_sla_state, "met")
        sent = self.customer_messages(request)[:1]
        self.assertIn("120 yuan per box", str(sent.body))
        self.assertIn(self.customer, sent.notified_partner_ids)
        mail = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        self.assertTrue(mail, "the answer is mailed to the customer")

    def test_answer_needs_a_text(self):
        request = self.new_request()
        with self.assertRaisesRegex(UserError, "write the Answer"):
            request.action_answer()
        self.assertEqual(request.state, "new")

    def test_request_needs_the_promised_date_told_to_the_customer(self):
        """Seed 002: 对不能现场解决的需求...告之客户解决时限 — starting a request tells the customer its deadline."""
        request = self.new_request(request_type="request", channel="visit")
        with self.assertRaisesRegex(UserError, "Promised Date"):
            request.action_start()
        request.promised_date = date(2026, 3, 20)
        with freeze_time(FRIDAY_17 + timedelta(hours=1)), self.mock_mail_gateway():
            request.action_start()
        self.assertEqual(request.state, "in_progress")
        told = self.customer_messages(request)[:1]
        self.assertIn("2026-03-20", str(told.body))
        self.assertIn(self.customer, told.notified_partner_ids)
        self.assertEqual(request.reply_date, FRIDAY_17 + timedelta(hours=1), "telling the deadline is the reply")
        # the promised date ends at midnight in Beijing: 20 March 16:00 UTC
        self.assertEqual(request.solution_due, datetime(2026, 3, 20, 16, 0))

    def test_result_is_reported_back_to_the_customer(self):
        """Seed 002: 经主管协调处理后,要将处理结果及时反馈至客户 — the result is sent to the customer."""
        request = self.new_request(request_type="request", promised_date=date(2026, 3, 20))
        request.action_start()
        with self.assertRaisesRegex(UserError, "write the Result"):
            request.action_solve()
        request.result = "<p>The display shelf was replaced.</p>"
        with freeze_time(datetime(2026, 3, 19, 2, 0)), self.mock_mail_gateway():
            request.action_solve()
        self.assertEqual(request.state, "solved")
        self.assertIn("display shelf was replaced", str(self.customer_messages(request)[:1].body))
        self.assertEqual(request.solution_sla_state, "met")
        request.action_close()
        self.assertEqual(request.state, "closed")

    def test_state_and_deadlines_change_only_through_the_buttons(self):
        """House rule: nobody writes the state or a deadline directly, sudo included."""
        request = self.new_request()
        for vals in ({"state": "closed"}, {"reply_due": datetime(2030, 1, 1)}, {"reply_date": FRIDAY_17}):
            with self.assertRaises(UserError):
                request.sudo().write(vals)
        with self.assertRaises(UserError):
            self.Request.with_user(self.cs_user).create({"subject": "x", "state": "closed"})

    def test_answer_is_frozen_once_sent(self):
        request = self.new_request(answer="<p>120 yuan per box.</p>")
        request.action_answer()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            request.sudo().answer = "<p>100 yuan</p>"

    def test_another_specialist_cannot_answer_my_request(self):
        """Specialists edit their own or unassigned requests; the manager any."""
        request = self.new_request(answer="<p>120 yuan per box.</p>")
        with self.assertRaises(AccessError):
            request.with_user(self.other_specialist).action_answer()
        self.assertFalse(request.with_user(self.other_specialist).can_answer)
        self.assertTrue(request.with_user(self.cs_user).can_answer)
        request.with_user(self.cs_manager).action_answer()
        self.assertEqual(request.state, "answered")

    def test_other_company_request_is_invisible(self):
        outsider = new_test_user(
            self.env,
            "wuhan_user",
            groups="customer_service_dept.group_cs_user",
            company_id=self.other_company.id,
            company_ids=[(6, 0, self.other_company.ids)],
        )
        request = self.new_request()
        with self.assertRaises(AccessError):
            request.with_user(outsider).read(["subject"])

    def test_late_filter_finds_the_unanswered_request_after_its_deadline(self):
        request = self.new_request(channel="phone")
        due = FRIDAY_17 + timedelta(hours=24)
        with freeze_time(due):
            self.assertFalse(self.Request.search([("id", "=", request.id), ("sla_state", "=", "late")]))
        with freeze_time(due + timedelta(seconds=1)):
            self.assertTrue(self.Request.search([("id", "=", request.id), ("sla_state", "=", "late")]))
            self.assertTrue(self.Request.search([("id", "=", request.id), ("reply_sla_state", "=", "late")]))
            request.invalidate_recordset(["sla_state"])
            self.assertEqual(request.sla_state, "late")
            request.action_cancel()
            self.assertFalse(self.Request.search([("id", "=", request.id), ("sla_state", "=", "late")]))

    def test_escalation_tells_the_supervisor_once_per_missed_deadline(self):
        """Seed 002: 对未能现场解决的客户需求,反馈至大客户主管 — a late request reaches the key-account
        supervisor once per missed deadline: the late reply, then the passed promised date."""
        request = self.new_request(request_type="request", channel="phone")
        activities = request.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(ESCALATION))
        self.assertFalse(activities)
        late = FRIDAY_17 + timedelta(hours=25)
        with freeze_time(late):
            self.Request._cron_escalate_late()
            self.Request._cron_escalate_late()
        activities = request.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(ESCALATION))
        self.assertEqual(len(activities), 1, "the late reply is chased once")
        self.assertEqual(activities.user_id, self.supervisor)
        self.assertIn("reply late", activities.summary)
        with freeze_time(late):
            request.promised_date = date(2026, 3, 18)
            request.action_start()
        with freeze_time(datetime(2026, 3, 18, 16, 1)):  # 19 March 00:01 in Beijing
            self.Request._cron_escalate_late()
            self.Request._cron_escalate_late()
        activities = request.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(ESCALATION))
        self.assertEqual(len(activities), 2, "the passed promised date is chased once more")
        self.assertIn("promised date passed", activities.sorted("id")[-1].summary)

    def test_company_supervisor_when_the_team_has_none(self):
        self.company.cs_request_supervisor_id = self.cs_manager
        request = self.new_request(channel="phone", team_id=False)
        with freeze_time(FRIDAY_17 + timedelta(hours=25)):
            self.Request._cron_escalate_late()
        activity = request.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(ESCALATION))
        self.assertEqual(activity.user_id, self.cs_manager)

    def test_promised_date_before_receipt_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Promised Date"):
            self.new_request(request_type="request", promised_date=date(2026, 3, 12))


class TestServiceRequestMail(ServiceRequestCommon):
    """Real MIME messages through Odoo's mail gateway (``mail.thread.message_process``)."""

    def test_mail_from_a_known_customer_creates_an_acknowledged_request(self):
        """Seed 003: 所有电子邮件在24小时内回复 / seed 004: 一個工作日內回復 — Friday 17:00 mail, due Monday 17:00;
        the sender gets the reference and the promised reply time."""
        request = self.receive(self.mime("春茶价格 Price of spring tea"))
        self.assertTrue(request)
        self.assertEqual(request.partner_id, self.contact)
        self.assertEqual(request.commercial_partner_id, self.customer)
        self.assertEqual((request.channel, request.request_type, request.team_id), ("email", "inquiry", self.team))
        self.assertEqual(request.received_date, FRIDAY_17, "the clock starts at the mail's Date")
        self.assertEqual(request.reply_due, MONDAY_17)
        self.assertFalse(request.user_id, "left to be assigned")
        self.assertIn("spring tea", str(request.description))
        acknowledgement = self._new_mails.filtered(lambda m: self.contact in m.recipient_ids)
        self.assertEqual(len(acknowledgement), 1)
        self.assertIn(request.name, acknowledgement.subject)
        self.assertIn("2026-03-16 17:00", acknowledgement.body_html)
        self.assertIn("kefu@suizhou.example", acknowledgement.reply_to, "answers come back to the team's mailbox")
        self.assertIn(self.contact, request.message_partner_ids, "the customer follows the request")

    def test_unknown_sender_is_not_rejected(self):
        """A mail from an unknown address is a request without customer, acknowledged to the sender."""
        request = self.receive(self.mime("Question", sender="Wang Wu <wang.wu@unknown.example>"))
        self.assertTrue(request)
        self.assertFalse(request.partner_id)
        self.assertIn("wang.wu@unknown.example", request.email_from)
        acknowledgement = self._new_mails.filtered(lambda m: "wang.wu@unknown.example" in (m.email_to or ""))
        self.assertEqual(len(acknowledgement), 1)
        self.assertIn(request.name, acknowledgement.subject)

    def test_customer_language_not_installed_does_not_bounce_the_mail(self):
        """A contact whose language was uninstalled still gets the acknowledgement (in the company's)."""
        self.env.cr.execute("UPDATE res_partner SET lang = 'fr_FR' WHERE id = %s", [self.contact.id])
        self.contact.invalidate_recordset(["lang"])
        request = self.receive(self.mime("Price of spring tea"))
        self.assertEqual(request.partner_id, self.contact)
        self.assertEqual(len(self._new_mails.filtered(lambda m: self.contact in m.recipient_ids)), 1)

    def test_customer_of_another_company_is_not_taken(self):
        self.env["res.partner"].create(
            {"name": "Wuhan shop", "email": "shop@wuhan.example", "company_id": self.other_company.id}
        )
        request = self.receive(self.mime("Question", sender="shop@wuhan.example"))
        self.assertFalse(request.partner_id)

    def test_colleague_forwarding_a_mail_is_not_the_customer(self):
        self.cs_manager.partner_id.email = "manager@suizhou.example"
        request = self.receive(self.mime("Fwd: price question", sender="manager@suizhou.example"))
        self.assertTrue(request)
        self.assertFalse(request.partner_id)

    def test_customer_shows_its_requests(self):
        self.receive(self.mime("Price of spring tea"))
        self.new_request(partner_id=self.customer.id)
        self.assertEqual(self.customer.with_user(self.cs_user).cs_request_count, 2, "its contact's and its own")
        self.assertEqual(self.contact.with_user(self.cs_user).cs_request_count, 2)
        action = self.contact.with_user(self.cs_user).action_cs_view_requests()
        self.assertEqual(self.env["cs.service.request"].search_count(action["domain"]), 2)

    def test_reply_to_our_mail_lands_on_the_request(self):
        """A reply carrying In-Reply-To/References of our acknowledgement lands on the same case."""
        request = self.receive(self.mime("Price of spring tea"))
        acknowledgement = self.customer_messages(request).filtered(lambda m: request.name in (m.subject or ""))
        count = self.env["cs.service.request"].search_count([])
        reply = self.receive(
            self.mime("Re: something else", in_reply_to=acknowledgement.message_id, body="And the summer tea?"),
            now=FRIDAY_17 + timedelta(hours=1),
        )
        self.assertEqual(reply, request)
        self.assertEqual(self.env["cs.service.request"].search_count([]), count, "no new request")
        self.assertIn("summer tea", str(request.message_ids[:1].body))

    def test_reference_in_the_subject_lands_on_the_request(self):
        """Without the headers (a new mail), the reference in the subject finds the case of that customer."""
        request = self.receive(self.mime("Price of spring tea"))
        again = self.receive(
            self.mime(f"About {request.name}", sender="boss@zengdu.example", body="Any news?"),
            now=FRIDAY_17 + timedelta(hours=2),
        )
        self.assertEqual(again, request, "another contact of the same customer")

    def test_reference_in_the_subject_from_a_stranger_opens_a_new_request(self):
        request = self.receive(self.mime("Price of spring tea"))
        other = self.receive(
            self.mime(f"Re: {request.name}", sender="stranger@evil.example"), now=FRIDAY_17 + timedelta(hours=2)
        )
        self.assertTrue(other)
        self.assertNotEqual(other, request)

    def test_attachment_is_kept_on_the_request(self):
        request = self.receive(
            self.mime("Broken shelf photo", attachments=[("shelf.png", b"\x89PNG\r\n\x1a\nfake", "image/png")])
        )
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "cs.service.request"), ("res_id", "=", request.id)]
        )
        self.assertEqual(attachments.mapped("name"), ["shelf.png"])

    def test_chatter_message_reaches_the_customer(self):
        """Replies written in the chatter (Send message, not Log note) are mailed to the customer."""
        request = self.receive(self.mime("Price of spring tea"))
        request = request.with_user(self.cs_user)
        with self.mock_mail_gateway():
            request.message_post(
                body="We are checking the price list.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertTrue(self._new_mails.filtered(lambda m: self.contact in m.recipient_ids))
        with self.mock_mail_gateway():
            request.message_post(
                body="Internal: ask the sales team.", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        self.assertFalse(self._new_mails.filtered(lambda m: self.contact in m.recipient_ids), "a note stays inside")

    def test_specialist_answers_a_mailed_request_by_mail(self):
        """The mail's sender gets the answer even when no customer is assigned."""
        request = self.receive(self.mime("Question", sender="wang.wu@unknown.example"))
        request = request.with_user(self.cs_user)
        request.answer = "<p>Yes, we deliver on Saturdays.</p>"
        with freeze_time(MONDAY_17 - timedelta(hours=1)), self.mock_mail_gateway():
            request.action_answer()
        self.assertEqual(request.user_id, self.cs_user, "the one who answers takes it")
        self.assertTrue(self._new_mails.filtered(lambda m: "wang.wu@unknown.example" in (m.email_to or "")))
        self.assertEqual(request.reply_sla_state, "met")

    def test_queries_per_mail_do_not_grow_with_the_cases(self):
        """Issue 13, Performance: each mail finds its customer and case with a bounded number of queries."""

        def queries(number, subject=None, in_reply_to=None):
            raw = self.mime(
                subject or f"Delivery question {number}",
                message_id=f"<bound-{number}@zengdu.example>",
                in_reply_to=in_reply_to,
                attachments=[(f"order-{number}.pdf", b"%PDF-1.4 scan", "application/pdf")],
            )
            before = self.cr.sql_log_count
            request = self.receive(raw)
            self.env.flush_all()
            return request, self.cr.sql_log_count - before

        first, _warm_up = queries(0)
        queries(1, in_reply_to=first.message_ids.filtered("message_id")[-1:].message_id)
        few_new = queries(2)[1]
        few_reply = queries(3, in_reply_to=first.message_ids[-1:].message_id)[1]
        # 200 more cases, with their messages
        self.Request.create([{"subject": f"Old question {i}", "partner_id": self.contact.id} for i in range(200)])
        for old in self.Request.search([("subject", "like", "Old question")]):
            old.message_post(body="Old answer", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.env.flush_all()
        many_new = queries(4)[1]
        many_reply = queries(5, in_reply_to=first.message_ids[-1:].message_id)[1]
        self.assertLessEqual(many_new, few_new, "a new mail costs no more queries among 200 more cases")
        self.assertLessEqual(many_reply, few_reply, "a reply costs no more queries among 200 more cases")

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_mail_date_in_the_future_starts_the_clock_at_receipt(self):
        request = self.receive(self.mime("Question", sent=FRIDAY_17 + timedelta(days=2)))
        self.assertEqual(request.received_date, FRIDAY_17 + timedelta(minutes=5))
