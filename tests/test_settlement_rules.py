"""E-settlement as the rulebook runs it (seed 000, 零售客户 / 电子结算), issue 15 items 2, 4, 5, 6, 7, 8.

Each test acts as the role's own user: Customer Service user (clerk), Customer Service manager,
Settlement Accountant, Market Department Director.
"""

import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user

from ..models.rules import working_days_after
from .common_settlement import ID_1
from .common_settlement import ID_2
from .common_settlement import luhn_complete
from .test_settlement_flow import SettlementFlowCommon


def failing_card(prefix="622700000000000001"):
    good = luhn_complete(prefix)
    return good[:-1] + str((int(good[-1]) + 1) % 10)


class TestSettlementFollowUps(SettlementFlowCommon):
    """Item 2: next actions and follow-ups."""

    def _clerk_batch(self, count=1):
        agreements = self.Agreement
        for i in range(count):
            agreements |= self.make_agreement(self.make_retailer(f"Follow-up Store {i}"))
        agreements.with_user(self.cs_user).action_verify()
        action = agreements.with_user(self.cs_user).action_create_batches()
        batch = self.env["cs.settlement.batch"].browse(action["domain"][0][2])
        batch.with_user(self.cs_user).action_send()
        return batch

    def test_next_actions_quote_the_rulebook_in_its_order(self):
        """「如果部分签约成功，部分显示的是“客户代码与银行账号不对应”…如果两者都没有错误，请核实是否是银行尚未签约。」
        「…“客户不属于本单位”或者“其他错误”，这个时候你需要重新核实系统中的银行账号和身份证号码是否与复印件一致…
        第二天访销的时候再查询…找客户核实身份证及银行账号…将信息继续提供给银行签约，并让银行核实原因并进行反馈」"""
        batch = self._clerk_batch(3)
        a, b, c = batch.agreement_ids.sorted("transfer_number")
        self.import_file(
            (
                "转账银行编号,签约结果\n"
                f"{a.transfer_number},客户代码与银行账号不对应\n"
                f"{b.transfer_number},客户不属于本单位\n"
                f"{c.transfer_number},其他错误\n"
            ).encode()
        )
        mismatch = a.with_user(self.cs_user).next_action
        self.assertIn("银行尚未签约", mismatch)
        self.assertLess(mismatch.index("photocopies"), mismatch.index("银行尚未签约"))
        for agreement in (b, c):
            text = agreement.with_user(self.cs_user).next_action
            steps = [
                text.index("against the photocopies"),
                text.index("第二天访销的时候再查询"),
                text.index("with the retailer"),
                text.index("give the agreement to the bank again"),
                text.index("Ask the bank"),
            ]
            self.assertEqual(steps, sorted(steps), text)
        self.assertIn("客户不属于本单位", b.next_action)
        self.assertIn("其他错误", c.next_action)
        self.assertNotIn("第二天访销", mismatch)

    @freeze_time("2026-11-25 17:00:00")  # 01:00 on 26 November in Beijing
    def test_failed_signing_gets_the_clerk_a_next_day_requery(self):
        """「…然后第二天访销的时候再查询是否签约成功」: the clerk who verified it is reminded on the next day of the
        company's calendar (Beijing: 27 November), once, whether the bank file or the button failed it."""
        self.company.partner_id.tz = "Asia/Shanghai"
        batch = self._clerk_batch(2)
        imported, marked = batch.agreement_ids.sorted("transfer_number")
        requery = self.env.ref("customer_service_dept.mail_activity_type_cs_settlement_requery")
        self.import_file(f"转账银行编号,签约结果\n{imported.transfer_number},其他错误\n".encode())
        marked.with_user(self.accountant).write({"failure_reason": "not_unit"})
        marked.with_user(self.accountant).action_mark_failed()
        for agreement in (imported, marked):
            activity = agreement.activity_ids.filtered(lambda a: a.activity_type_id == requery)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.cs_user)
            self.assertEqual(activity.date_deadline, date(2026, 11, 27))
            self.assertIn("第二天访销的时候再查询", str(activity.note))
        # the bank's answer imported again: no second reminder
        imported._cs_schedule_requery()
        self.assertEqual(len(imported.activity_ids.filtered(lambda a: a.activity_type_id == requery)), 1)
        # a signed agreement gets none
        self.assertFalse(self.env["mail.activity"].search([("res_model", "=", "cs.settlement.batch")]))

    def test_working_days_at_the_bank(self):
        """签约的时间一般需要三天左右: handed over on Thursday 19 November 2026, the batch has been at the bank
        1 working day on Friday, still 1 on the weekend, 2 on Monday, 4 on Wednesday."""
        thursday = date(2026, 11, 19)
        self.assertEqual(working_days_after(thursday, date(2026, 11, 20)), 1)
        self.assertEqual(working_days_after(thursday, date(2026, 11, 22)), 1)
        self.assertEqual(working_days_after(thursday, date(2026, 11, 23)), 2)
        self.assertEqual(working_days_after(thursday, date(2026, 11, 25)), 4)
        self.assertEqual(working_days_after(thursday, thursday), 0)
        self.assertEqual(working_days_after(thursday, date(2026, 11, 25), holidays={date(2026, 11, 24)}), 3)

    def test_batch_at_the_bank_more_than_three_working_days_asks_finance(self):
        """「签约的时间一般需要三天左右，你也可以打电话向财务科询问签约情况」: handed to finance on Thursday
        19 November, the batch has been at the bank 3 working days on Tuesday 24 (not more: no reminder) and 4 on
        Wednesday 25: its clerk gets one activity to ask finance; the setting raises the limit."""
        self.company.partner_id.tz = "Asia/Shanghai"
        with freeze_time("2026-11-19 02:00:00"):
            batch = self._clerk_batch(1)
        self.assertEqual(batch.date_sent, date(2026, 11, 19))
        self.assertEqual(self.company.cs_settlement_bank_days, 3)
        Batch = self.env["cs.settlement.batch"]
        ask = self.env.ref("customer_service_dept.mail_activity_type_cs_settlement_ask_finance")
        with freeze_time("2026-11-24 09:00:00"):
            Batch._cron_remind_at_bank()
        self.assertFalse(batch.activity_ids)
        self.company.cs_settlement_bank_days = 4
        with freeze_time("2026-11-25 09:00:00"):
            Batch._cron_remind_at_bank()
            self.assertFalse(batch.activity_ids)
            self.company.cs_settlement_bank_days = 3
            Batch._cron_remind_at_bank()
            Batch._cron_remind_at_bank()  # a second run adds none
        activity = batch.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.activity_type_id, activity.user_id), (ask, self.cs_user))
        self.assertEqual(activity.date_deadline, date(2026, 11, 25))
        self.assertIn("签约的时间一般需要三天左右", str(activity.note))
        self.assertIn("4 working days", str(activity.note))

    def test_answered_batch_asks_nobody(self):
        """A batch the bank answered for (reconciled) needs no call to finance."""
        self.company.partner_id.tz = "Asia/Shanghai"
        with freeze_time("2026-11-19 02:00:00"):
            batch = self._clerk_batch(1)
        batch.agreement_ids.with_user(self.accountant).action_mark_signed()
        self.assertEqual(batch.state, "done")
        with freeze_time("2026-11-30 09:00:00"):
            self.env["cs.settlement.batch"]._cron_remind_at_bank()
        self.assertFalse(batch.activity_ids)


class TestSettlementVerificationRules(SettlementFlowCommon):
    """Item 5: three-way check and verification."""

    def _three_way(self, agreement, **vals):
        return (
            self.env["cs.settlement.three.way"]
            .with_user(self.cs_user)
            .with_context(default_agreement_id=agreement.id)
            .create(
                {
                    "holder_copy": agreement.account_holder,
                    "account_copy": agreement.sudo().account_number,
                    "id_card_copy": ID_1,
                    **vals,
                }
            )
        )

    def test_three_way_check_compares_the_transfer_bank_number(self):
        """「就要进行转账银行编号、身份证及银行账号的核对了…如果三者一致则表示正确，如果不对就要核实是哪一环节出错」;
        「切记…一定要保证签约的“转账银行编号”的对应性，不然签约错误会导致转账的时候划错客户账上的钱」"""
        agreement = self.make_agreement(transfer_number="T-FILE-1")
        wizard = self._three_way(agreement, transfer_signed="T-PAPER-9")
        self.assertEqual(wizard.transfer_file, "T-FILE-1")
        with self.assertRaisesRegex(UserError, "T-FILE-1.*T-PAPER-9"):
            wizard.action_apply()
        self.assertEqual((agreement.state, agreement.transfer_number), ("draft", "T-FILE-1"))
        self._three_way(agreement, transfer_signed="T-FILE-1").action_apply()
        self.assertEqual(agreement.state, "verified")
        checked = agreement.message_ids.filtered(lambda m: "Three-way" in str(m.body))
        self.assertIn("transfer bank number", str(checked.body))

    def test_agreement_id_card_must_be_the_retailers(self):
        """「市场部收到电子文档后需要核实新增客户的…身份证号码等信息」: the agreement's ID card number is the one of
        the retailer's profile, or the agreement is not verified."""
        retailer = self.maintain(self.make_retailer("ID Store"), id_card=ID_2)
        agreement = self.make_agreement(retailer)  # the agreement carries ID_1
        with self.assertRaisesRegex(UserError, f"ID card number {ID_1} is not the one of the retailer's profile"):
            agreement.with_user(self.cs_user).action_verify()
        self.assertEqual(agreement.state, "draft")
        agreement.with_user(self.cs_user).id_card_number = ID_2
        agreement.with_user(self.cs_user).action_verify()
        self.assertEqual(agreement.state, "verified")

    def test_verifying_needs_the_maintained_profile_with_a_retailer_code(self):
        """「电子结算签约的处理需要与零售客户的营销信息维护同步进行，以免影响客户进入访销后正常电子结算」"""
        retailer = self.make_retailer("New Store", cs_id_card_number=ID_1)
        retailer.cs_retailer_code = False
        agreement = self.make_agreement(retailer, maintain=False)
        as_clerk = agreement.with_user(self.cs_user)
        with self.assertRaisesRegex(UserError, "has no retailer code"):
            as_clerk.action_verify()
        retailer.cs_retailer_code = "421300000777"
        with self.assertRaisesRegex(UserError, "not maintained yet.*Delivery Route"):
            as_clerk.action_verify()
        self.maintain(retailer)
        as_clerk.action_verify()
        self.assertEqual(agreement.state, "verified")


class TestCheckDigitOverride(SettlementFlowCommon):
    """Item 8: a Customer Service manager accepts a real card failing the check digit."""

    def _values(self, **vals):
        retailer = self.maintain(self.make_retailer("Card Store"))
        return {
            "partner_id": retailer.id,
            "company_id": self.company.id,
            "bank_id": self.ccb.id,
            "account_holder": "Zhang San",
            "account_number": failing_card(),
            "transfer_number": "T-CARD-1",
            "id_card_number": ID_1,
            **vals,
        }

    def test_manager_accepts_a_failing_card_with_a_reason_in_the_chatter(self):
        """Only a Customer Service manager, with a reason; the reason stays in the chatter."""
        values = self._values()
        Agreement = self.Agreement
        with self.assertRaisesRegex(ValidationError, "manager may accept it"), self.cr.savepoint():
            Agreement.with_user(self.cs_user).create(values)
        accepted = dict(values, check_digit_accepted=True, check_digit_reason="卡片实物核对无误，银行确认")
        for user in (self.cs_user, self.accountant):
            with self.assertRaises(AccessError):
                Agreement.with_user(user).create(accepted)
            with self.assertRaises(AccessError):  # sudo does not make a clerk a manager
                Agreement.with_user(user).sudo().create(accepted)
        with self.assertRaisesRegex(ValidationError, "give the reason"), self.cr.savepoint():
            Agreement.with_user(self.cs_manager).create(dict(accepted, check_digit_reason=" "))
        agreement = Agreement.with_user(self.cs_manager).create(accepted)
        self.assertEqual(agreement.sudo().account_number, values["account_number"])
        bodies = " ".join(agreement.message_ids.mapped(lambda m: str(m.body)))
        self.assertIn("卡片实物核对无误，银行确认", bodies)
        self.assertIn(self.cs_manager.name, bodies)

    def test_acceptance_holds_for_that_card_only(self):
        """Another number typed in later is checked again; the clerk cannot set the acceptance by writing it."""
        agreement = self.Agreement.with_user(self.cs_manager).create(
            self._values(check_digit_accepted=True, check_digit_reason="银行确认卡号有效")
        )
        as_clerk = agreement.with_user(self.cs_user)
        with self.assertRaisesRegex(ValidationError, "not a valid card number"):
            as_clerk.write({"account_number": failing_card("622700000000000002")})
        with self.assertRaises(AccessError):
            as_clerk.write({"check_digit_reason": "clerk's own reason"})
        good = luhn_complete("622700000000000003")
        as_clerk.write({"account_number": good})
        self.assertFalse(agreement.check_digit_accepted)
        self.assertEqual(agreement.sudo().account_number, good)


class TestOrderMethodReview(SettlementFlowCommon):
    """Item 6: the order-method review is a person's, and returns 网上配货."""

    def _change(self, retailer, method, user=None):
        retailer.with_user(user or self.cs_user).write({"cs_order_method": method})
        return self.env["cs.order.method.change"].search([("partner_id", "=", retailer.id)], limit=1)

    def test_returned_online_change_is_not_applied_and_goes_back_to_the_customer_manager(self):
        """「注：订货方式中如果出现“网上配货”请退回该条记录由客户经理重新提报。」"""
        retailer = self.make_retailer(cs_order_method="phone", cs_customer_manager_id=self.cs_manager.id)
        change = self._change(retailer, "online")
        self.assertEqual(retailer.cs_order_method, "online")
        change.with_user(self.cs_user).action_review()
        self.assertEqual((change.reviewed, change.returned, change.reviewed_by_id), (True, True, self.cs_user))
        self.assertEqual(retailer.cs_order_method, "phone", "a returned change is not applied")
        self.assertEqual(
            self.env["cs.order.method.change"].search_count([("partner_id", "=", retailer.id)]),
            1,
            "setting the former method back is no new change",
        )
        resubmit = self.env.ref("customer_service_dept.mail_activity_type_cs_order_method_resubmit")
        activity = retailer.activity_ids
        self.assertEqual((activity.activity_type_id, activity.user_id), (resubmit, self.cs_manager))
        self.assertIn("重新提报", str(activity.note))
        # the customer manager resubmits: accepted on review
        again = self._change(retailer, "online", user=self.cs_manager)
        self.assertNotEqual(again, change)
        again.with_user(self.cs_user).action_review()
        self.assertEqual((again.reviewed, again.returned, retailer.cs_order_method), (True, False, "online"))

    @freeze_time("2026-11-26 02:00:00")  # 10:00 in Beijing
    def test_review_is_a_persons_activity_with_the_list_of_what_is_left(self):
        """「每天下午下班之前你需要…对今天的客户订货方式进行审核」: the clerk gets an activity due today, the list shows
        what is left, and no scheduled action reviews anything."""
        self.company.partner_id.tz = "Asia/Shanghai"
        retailer = self.make_retailer(cs_order_method="phone")
        change = self._change(retailer, "visit")
        review = self.env.ref("customer_service_dept.mail_activity_type_cs_order_method_review")
        activity = change.activity_ids
        self.assertEqual((activity.activity_type_id, activity.user_id), (review, self.cs_user))
        self.assertEqual(activity.date_deadline, date(2026, 11, 26))
        Change = self.env["cs.order.method.change"].with_user(self.cs_user).with_company(self.company)
        self.assertIn(change, Change.search(Change._cs_to_review_domain(self.company)))
        self.assertFalse(
            self.env["ir.cron"].with_context(active_test=False).search([("model_id.model", "=", Change._name)]),
            "no scheduled action reviews the order method changes",
        )
        with self.assertRaises(AccessError):
            change.with_user(self.accountant).action_review()
        change.with_user(self.cs_user).action_review()
        self.assertTrue(change.reviewed)
        self.assertFalse(change.activity_ids, "the review activity is done")
        self.assertEqual(retailer.cs_order_method, "visit")
        self.assertNotIn(change, Change.search(Change._cs_to_review_domain(self.company)))


class TestPhoneChangeDirector(SettlementFlowCommon):
    """Item 7: the market department director and the 四员互动."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_clerk = new_test_user(
            cls.env,
            "order_clerk_h28",
            groups="customer_service_dept.group_cs_order_department",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.customer_manager = new_test_user(
            cls.env,
            "customer_manager_h28",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _change(self, retailer, **vals):
        change = (
            self.env["cs.retailer.phone.change"]
            .with_user(self.cs_user)
            .create({"partner_id": retailer.id, "company_id": self.company.id, "new_phone": "13900000002", **vals})
        )
        change.action_submit()
        return change

    def test_long_term_change_is_confirmed_by_the_market_director_on_the_interaction(self):
        """「如果客户主访销电话需要长期更改，这时需要市场部主任经理提供客户信息更改的四员互动信息之后，你需要…进行
        更改」: the Customer Service manager is not the market department director."""
        retailer = self.make_retailer(cs_visit_phone="13900000001")
        change = self._change(retailer)
        with self.assertRaisesRegex(AccessError, "market department director"):
            change.with_user(self.cs_manager).action_confirm()
        with self.assertRaisesRegex(UserError, "四员互动"):
            change.with_user(self.director).action_confirm()
        self.assertTrue(change.with_user(self.director).can_confirm)
        self.assertFalse(change.with_user(self.cs_manager).can_confirm)
        document = self.interaction(change, user=self.cs_user)  # the clerk attaches what the director sent
        change.with_user(self.director).action_confirm()
        self.assertEqual((change.state, change.confirmed_by_id), ("done", self.director))
        self.assertEqual(retailer.cs_visit_phone, "13900000002")
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            change.with_user(self.director).write({"interaction_attachment_ids": [(3, document.id)]})
        self.assertEqual(change.interaction_attachment_ids, document)

    def test_director_refuses_and_the_phone_stays(self):
        retailer = self.make_retailer(cs_visit_phone="13900000001")
        change = self._change(retailer)
        with self.assertRaises(AccessError):
            change.with_user(self.cs_manager).action_refuse()
        change.with_user(self.director).action_refuse()
        self.assertEqual((change.state, retailer.cs_visit_phone), ("refused", "13900000001"))

    @freeze_time("2026-11-26 02:00:00")  # a Thursday; the retailer's visit day is Monday
    def test_temporary_change_tells_the_order_department_and_the_customer_manager(self):
        """「主访销电话临时更改由订单部处理，如果有对应的四员互动信息请传递给订单部主任或者坐席班长，并告知对应客户经理
        以后请将四员互动传递给订单部」"""
        retailer = self.make_retailer(
            cs_visit_phone="13900000001", cs_visit_weekday="0", cs_customer_manager_id=self.customer_manager.id
        )
        change = self._change(retailer, kind="temporary", date_to="2026-12-10")
        self.assertEqual(change.state, "done")
        self.assertEqual(retailer.cs_visit_phone, "13900000001")
        by_user = {a.user_id: a for a in change.activity_ids}
        self.assertEqual(set(by_user), {self.order_clerk, self.customer_manager})
        self.assertIn("13900000002", str(by_user[self.order_clerk].note))
        self.assertIn("四员互动", str(by_user[self.customer_manager].note))
        self.assertIn("order department", str(by_user[self.customer_manager].note))


class TestRetailerChangeQueryBankAccount(SettlementFlowCommon):
    """Item 4: the change query traces bank account changes made with the change wizard."""

    def test_bank_account_change_shows_old_and_new_account_to_those_who_may_read_them(self):
        """「可以在报表平台中选择“零售客户信息变更查询”菜单进入界面查询客户的银行账号、电话号码、市场类型等信息的痕迹
        跟踪资料」; 「三、银行卡或者存折更换…对客户进行新的电子结算签约」"""
        Attachment = self.env["ir.attachment"].with_user(self.cs_user)
        scans = [
            Attachment.create({"name": name, "datas": base64.b64encode(b"scan")}).ids
            for name in ("page1.pdf", "copies.jpg")
        ]
        old = self.make_agreement(
            attach=False, page1_attachment_ids=[(6, 0, scans[0])], photocopy_attachment_ids=[(6, 0, scans[1])]
        )
        old.with_user(self.cs_user).action_verify()
        old_number = old.sudo().account_number
        new_number = luhn_complete("622700332456000000")
        wizard = (
            self.env["cs.settlement.change"]
            .with_user(self.cs_user)
            .with_context(default_agreement_id=old.id)
            .create(
                {
                    "bank_id": self.ccb.id,
                    "account_holder": "Zhang San",
                    "account_number": new_number,
                    "account_kind": "card",
                    "transfer_number": old.transfer_number,
                    "id_card_number": ID_1,
                    "card_copy": base64.b64encode(b"card"),
                    "id_copy": base64.b64encode(b"id"),
                }
            )
        )
        new = self.Agreement.browse(wizard.action_confirm()["res_id"])
        self.env.flush_all()
        for user in (self.cs_user, self.accountant):
            rows = (
                self.env["cs.retailer.change.report"]
                .with_user(user)
                .search([("partner_id", "=", old.partner_id.id), ("kind", "=", "bank_account")])
            )
            self.assertEqual(
                [(r.agreement_id, r.old_value, r.new_value) for r in rows], [(new, old_number, new_number)]
            )
            self.assertEqual(rows.author_id, self.cs_user.partner_id)
        for user in (self.employee, self.director):
            with self.assertRaises(AccessError):
                self.env["cs.retailer.change.report"].with_user(user).search_read(
                    [("partner_id", "=", old.partner_id.id)], ["old_value", "new_value"]
                )
