"""Corrections of the complaint loop (issue 13, item 5), each tested as the role that meets it."""

from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tests import new_test_user

from .complaint_common import RECEIVED
from .complaint_common import ComplaintCommon

ESCALATION = "customer_service_dept.mail_activity_type_cs_complaint_escalation"


class ComplaintCorrectionCommon(ComplaintCommon):
    def escalations(self, complaint):
        return complaint.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(ESCALATION))

    def run_cron(self, now):
        with freeze_time(now):
            self.env["cs.complaint"]._cron_escalate_overdue()

    def sla(self, complaint, now):
        fields = ("reply_sla_state", "solution_sla_state", "callback_sla_state", "sla_state")
        with freeze_time(now):
            complaint.invalidate_recordset(list(fields))
            return tuple(complaint[f] for f in fields)

    def found(self, complaint, field, state, now, user=None):
        with freeze_time(now):
            Complaint = self.env["cs.complaint"].with_user(user or self.cs_user)
            return bool(Complaint.search([(field, "=", state), ("id", "=", complaint.id)]))

    def stats(self, now):
        with freeze_time(now):
            wizard = (
                self.env["cs.complaint.stats.wizard"]
                .with_user(self.cs_manager)
                .create({"company_id": self.company.id, "year": 2026, "month": "3"})
            )
            return wizard._cs_statistics()[1]


class TestComplaintReplyIsRecordedWhenGiven(ComplaintCorrectionCommon):
    """Seed 003 「所有形式的投诉都必须在24小时内予以回复,在48小时内给出解决方案,并在1周内进行回访」:
    the reply is the answer given to the customer, not the judgement."""

    def test_judging_valid_records_no_reply_and_the_statistics_see_it_late(self):
        complaint = self.new_complaint(user=self.cs_user)
        with freeze_time(RECEIVED + timedelta(hours=1)):
            complaint.with_user(self.cs_user).action_judge_valid()
        self.assertFalse(complaint.reply_date, "nothing was replied")
        after = RECEIVED + timedelta(hours=25)
        self.assertEqual(self.sla(complaint, after)[0], "late")
        self.assertTrue(self.found(complaint, "reply_sla_state", "late", after))
        total = self.stats(after)
        self.assertEqual((total["reply_met"], total["reply_late"]), (0, 1))

    def test_the_reply_sent_is_the_reply_on_record(self):
        complaint = self.new_complaint(user=self.cs_user)
        as_user = complaint.with_user(self.cs_user)
        self.assertTrue(as_user.can_send_reply)
        with self.assertRaisesRegex(UserError, "write the Reply to Customer"):
            as_user.action_send_reply()
        as_user.reply = "Sorry for the crushed cartons: the logistics department is looking into it."
        with freeze_time(RECEIVED + timedelta(hours=2)):
            as_user.action_send_reply()
        with freeze_time(RECEIVED + timedelta(hours=3)):
            as_user.action_judge_valid()
            as_user.action_send_reply()  # a second reply keeps the first time
        self.assertEqual(complaint.reply_date, RECEIVED + timedelta(hours=2))
        self.assertIn("logistics department", complaint.message_ids[0].body)
        total = self.stats(RECEIVED + timedelta(hours=25))
        self.assertEqual((total["reply_met"], total["reply_late"]), (1, 0))

    def test_the_specialist_registering_it_is_the_default_and_hears_of_the_late_reply(self):
        """Seed 003 「客服专员…」: reminders of late deadlines reach the specialist who registered it."""
        self.company.cs_complaint_manager_id = self.cs_manager
        with freeze_time(RECEIVED):
            form = Form(self.env["cs.complaint"].with_user(self.cs_user).with_company(self.company))
            form.partner_id = self.client
            form.content = "Cartons arrived crushed"
            complaint = form.save()
        self.assertEqual(complaint.user_id, self.cs_user)
        self.run_cron(RECEIVED + timedelta(hours=25))
        self.assertEqual(self.escalations(complaint).user_id, self.cs_user)


class TestNotValidReplyIsSent(ComplaintCorrectionCommon):
    """Seed 000 「如果投訴不能成立,即可以婉轉的方式答復客戶,取得客戶的諒解」:
    "Not valid: reply and close" sends the reply to the customer."""

    def test_reply_reaches_the_customer_by_email_when_the_complaint_came_by_email(self):
        self.client.email = "zengdu@example.com"
        complaint = self.new_complaint(user=self.cs_user, channel="email", reply="The cartons left us intact.")
        with freeze_time(RECEIVED + timedelta(hours=2)):
            complaint.with_user(self.cs_user).action_judge_not_valid()
        sent = complaint.message_ids.filtered(lambda m: self.client in m.partner_ids)
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.message_type, "comment")
        self.assertEqual(sent.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn("left us intact", sent.body)
        self.assertIn(complaint.name, sent.subject)
        notification = sent.notification_ids.filtered(lambda n: n.res_partner_id == self.client)
        self.assertEqual(notification.notification_type, "email")
        self.assertEqual(complaint.reply_date, RECEIVED + timedelta(hours=2))
        self.assertEqual(complaint.stage_kind, "closed")

    def test_phone_complaint_records_the_reply_given_without_mailing(self):
        self.client.email = "zengdu@example.com"
        complaint = self.new_complaint(user=self.cs_user, reply="Told by phone: the cartons left us intact.")
        complaint.with_user(self.cs_user).action_judge_not_valid()
        self.assertFalse(complaint.message_ids.filtered(lambda m: self.client in m.partner_ids))
        self.assertIn("left us intact", complaint.message_ids[0].body)
        self.assertTrue(complaint.reply_date)

    def test_email_complaint_of_a_customer_without_email_is_refused(self):
        complaint = self.new_complaint(user=self.cs_user, channel="email", reply="Not our fault.")
        with self.assertRaisesRegex(UserError, "has no e-mail address"):
            complaint.with_user(self.cs_user).action_judge_not_valid()
        self.assertEqual(complaint.stage_kind, "registered")


class TestNotValidMeasuredOnItsReply(ComplaintCorrectionCommon):
    """Seed 000 「如果投訴不能成立,即可以婉轉的方式答復客戶」 and seed 003 「所有形式的投诉都必须在24小时内予以回复」:
    a complaint judged not valid is answered and closed; no solution or callback is owed."""

    def test_not_valid_answered_on_time_is_met_everywhere(self):
        complaint = self.new_complaint(user=self.cs_user, reply="The cartons left us intact.")
        running = self.new_complaint(user=self.cs_user)
        with freeze_time(RECEIVED + timedelta(hours=3)):
            complaint.with_user(self.cs_user).action_judge_not_valid()
        later = RECEIVED + timedelta(days=10)
        self.assertEqual(self.sla(complaint, later), ("met", "na", "na", "met"))
        for field, state, expected in (
            ("solution_sla_state", "late", False),
            ("callback_sla_state", "late", False),
            ("sla_state", "late", False),
            ("solution_sla_state", "na", True),
            ("callback_sla_state", "na", True),
            ("sla_state", "met", True),
            ("reply_sla_state", "met", True),
        ):
            with self.subTest(field=field, state=state):
                self.assertEqual(self.found(complaint, field, state, later), expected)
        # a complaint still being judged keeps its solution clock
        self.assertTrue(self.found(running, "solution_sla_state", "running", RECEIVED + timedelta(hours=2)))
        self.assertTrue(self.found(running, "solution_sla_state", "late", later))
        with freeze_time(later):
            self.env.flush_all()
            line = self.env["cs.complaint.report"].with_user(self.cs_user).search([("complaint_id", "=", complaint.id)])
            self.assertEqual(
                (line.reply_sla_state, line.solution_sla_state, line.callback_sla_state, line.sla_state),
                ("met", "na", "na", "met"),
            )
        total = self.stats(later)
        self.assertEqual((total["not_valid"], total["reply_met"], total["solution_late"]), (1, 1, 1))

    def test_not_valid_answered_late_is_late_on_its_reply_only(self):
        complaint = self.new_complaint(user=self.cs_user, reply="The cartons left us intact.")
        with freeze_time(RECEIVED + timedelta(hours=30)):
            complaint.with_user(self.cs_user).action_judge_not_valid()
        self.assertEqual(self.sla(complaint, RECEIVED + timedelta(days=10)), ("late", "na", "na", "late"))


class TestReopenedComplaintNeedsANewCallback(ComplaintCorrectionCommon):
    """Seed 004 「如客戶對處理結果不滿意,要進一步溝通協調,直至客戶滿意為止」 and seed 003 「并在1周内进行回访」:
    a reopened complaint is closed again only on a callback made after the reopening."""

    def closed_complaint(self):
        complaint = self.applied_complaint()
        complaint.user_id = self.cs_user
        with freeze_time(RECEIVED + timedelta(days=2)):
            complaint.with_user(self.cs_user).action_follow_up()
            complaint.with_user(self.cs_user).action_close()
        return complaint

    def test_reopening_archives_the_old_callback_and_closing_needs_a_new_one(self):
        complaint = self.closed_complaint()
        as_user = complaint.with_user(self.cs_user)
        reopened = RECEIVED + timedelta(days=3)
        with freeze_time(reopened):
            as_user.action_reopen()
        self.assertEqual(complaint.stage_kind, "investigating")
        self.assertFalse(complaint.callback_result)
        self.assertFalse(complaint.callback_date)
        self.assertEqual(complaint.reopen_date, reopened)
        self.assertEqual(complaint.callback_due, reopened + timedelta(days=7))
        self.assertIn("Satisfied", complaint.message_ids[0].body, "the old result stays in the chatter")
        self.assertIn("2026-03-11", complaint.message_ids[0].body)
        as_user.action_propose()
        as_user.action_apply_solution()
        with self.assertRaisesRegex(UserError, "Callback Result"):
            as_user.action_follow_up()
        self.assertFalse(as_user.can_close)
        with freeze_time(reopened + timedelta(days=1)):
            action = as_user.action_plan_callback()
            callback = self.env["cs.callback"].with_user(self.cs_user).browse(action["res_id"])
            self.assertEqual(callback.due_date, (reopened + timedelta(days=7)).date())
            callback.write({"result": "satisfied", "suggestions": "Replaced again, fine now"})
            callback.action_done()
        self.assertEqual(complaint.stage_kind, "followed_up")
        self.assertEqual(complaint.callback_date, reopened + timedelta(days=1))
        as_user.action_close()
        self.assertEqual(complaint.stage_kind, "closed")


class TestEveryMissedDeadlineIsChased(ComplaintCorrectionCommon):
    """Seed 003 「所有形式的投诉都必须在24小时内予以回复,在48小时内给出解决方案,并在1周内进行回访」 and
    「应与顾客协商回复时间,并立即将投诉事件上报客服经理」: each deadline, also a new one, is chased once."""

    def setUp(self):
        super().setUp()
        self.company.cs_complaint_manager_id = self.cs_manager

    def test_the_new_callback_deadline_of_a_reopened_complaint_is_chased(self):
        complaint = self.applied_complaint()
        complaint.user_id = self.cs_user
        as_user = complaint.with_user(self.cs_user)
        self.run_cron(RECEIVED + timedelta(days=7, seconds=1))
        self.assertEqual(len(self.escalations(complaint)), 1, "the first callback is late")
        with freeze_time(RECEIVED + timedelta(days=8)):
            as_user.action_follow_up()
            as_user.action_close()
        with freeze_time(RECEIVED + timedelta(days=9)):
            as_user.action_reopen()
        self.run_cron(RECEIVED + timedelta(days=16))
        self.assertEqual(len(self.escalations(complaint)), 1, "the new callback is due on day 16")
        self.run_cron(RECEIVED + timedelta(days=16, hours=1))
        chased = self.escalations(complaint)
        self.assertEqual(len(chased), 2)
        self.assertEqual(chased.user_id, self.cs_user)
        self.run_cron(RECEIVED + timedelta(days=17))
        self.assertEqual(len(self.escalations(complaint)), 2, "once")

    def test_a_missed_agreed_reply_time_is_chased_again(self):
        complaint = self.new_complaint(user=self.cs_user)
        self.run_cron(RECEIVED + timedelta(hours=25))  # reply late: the specialist
        with freeze_time(RECEIVED + timedelta(hours=26)):
            self.env["cs.complaint.escalate.wizard"].with_user(self.cs_user).create(
                {
                    "complaint_id": complaint.id,
                    "manager_id": self.cs_manager.id,
                    "agreed_reply_date": RECEIVED + timedelta(hours=72),
                    "reason": "Refund above the specialist's limit",
                }
            ).action_confirm()
        self.run_cron(RECEIVED + timedelta(hours=49))  # solution late: the manager
        self.assertEqual(len(self.escalations(complaint)), 3)
        self.run_cron(RECEIVED + timedelta(hours=72))
        self.assertEqual(len(self.escalations(complaint)), 3, "the agreed time is not passed yet")
        self.run_cron(RECEIVED + timedelta(hours=73))
        activities = self.escalations(complaint)
        self.assertEqual(len(activities), 4)
        self.assertEqual(activities.sorted("id")[-1].user_id, self.cs_user)
        self.assertIn("reply", activities.sorted("id")[-1].note)
        self.run_cron(RECEIVED + timedelta(hours=80))
        self.assertEqual(len(self.escalations(complaint)), 4)


class TestResponsiblePersonIsToldAndWritesTheFindings(ComplaintCorrectionCommon):
    """Seed 004 「將客戶投訴信息及時傳遞給相關部門…確定責任部門和責任人」 and 000 「如屬修理質量問題,交相關負責人處理」:
    the person named responsible (an employee of any department, base.group_user only) is told,
    opens the complaint and writes the investigation findings, nothing else."""

    def investigating(self, responsible):
        complaint = self.new_complaint(user=self.cs_user)
        as_user = complaint.with_user(self.cs_user)
        as_user.action_judge_valid()
        as_user.write({"responsible_department": "Logistics", "responsible_user_id": responsible.id})
        as_user.action_investigate()
        return complaint

    def test_employee_outside_cs_is_told_opens_the_form_and_writes_the_findings_only(self):
        self.assertFalse(self.employee.has_group("customer_service_dept.group_cs_user"))
        self.assertTrue(self.employee.has_group("base.group_user"))
        complaint = self.investigating(self.employee)
        todo = complaint.activity_ids.filtered(lambda a: a.user_id == self.employee)
        self.assertEqual(len(todo), 1)
        self.assertIn(self.employee.partner_id, complaint.message_partner_ids, "follows the complaint")
        as_employee = complaint.with_user(self.employee)
        with Form(as_employee) as form:  # the form as the web client loads and saves it
            self.assertEqual(form.content, "Cartons arrived crushed")
            form.investigation = "The driver stacked the cartons five high."
        self.assertEqual(complaint.investigation, "The driver stacked the cartons five high.")
        as_employee.message_post(body="Photos of the truck attached.")
        for vals in ({"severity": "high"}, {"reply": "All fine"}, {"responsible_user_id": self.cs_user.id}):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "Investigation Findings only"):
                as_employee.write(vals)
        self.assertFalse(as_employee.can_propose or as_employee.can_send_reply or as_employee.can_escalate)
        with self.assertRaisesRegex(AccessError, "named responsible"):
            as_employee.action_send_reply()
        complaint.with_user(self.cs_user).write({"solution_ids": [(0, 0, {"name": "Replace the goods"})]})
        with self.assertRaisesRegex(AccessError, "named responsible"):
            as_employee.action_propose()
        self.assertEqual(complaint.stage_kind, "investigating")
        other = self.new_complaint(user=self.cs_user)
        self.assertEqual(self.env["cs.complaint"].with_user(self.employee).search([]), complaint)
        with self.assertRaises(AccessError):
            other.with_user(self.employee).write({"investigation": "Not mine"})

    def test_findings_are_closed_to_the_responsible_person_with_the_complaint(self):
        complaint = self.applied_complaint()
        complaint.write({"user_id": self.cs_user.id, "responsible_user_id": self.employee.id})
        with self.assertRaisesRegex(UserError, "while the investigation runs"):
            complaint.with_user(self.employee).write({"investigation": "Late findings"})

    def test_a_responsible_person_named_during_the_investigation_is_told_too(self):
        complaint = self.investigating(self.cs_manager)
        complaint.with_user(self.cs_user).write({"responsible_user_id": self.employee.id})
        self.assertEqual(len(complaint.activity_ids.filtered(lambda a: a.user_id == self.employee)), 1)
        self.assertIn(self.employee.partner_id, complaint.message_partner_ids)

    def test_another_specialist_named_responsible_writes_the_findings_only(self):
        other = new_test_user(
            self.env,
            "cs_other",
            groups="customer_service_dept.group_cs_user",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        complaint = self.investigating(other)
        complaint.with_user(other).write({"investigation": "Checked the batch."})
        with self.assertRaisesRegex(AccessError, "Investigation Findings only"):
            complaint.with_user(other).write({"severity": "high"})
