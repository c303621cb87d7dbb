"""Issue 9, e-settlement and retailers: every rule holds on the server, for every caller.

Each test acts as the role's own user; the context carries the flag the old code obeyed
(``cs_settlement_flow``), to show it no longer opens anything.
"""

import base64
import io

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from ..models.cs_xlsx_mixin import cs_new_workbook
from .common import run_jobs
from .common_rpc import execute_kw
from .common_settlement import ID_1
from .common_settlement import ID_2
from .common_settlement import luhn_complete
from .test_settlement_flow import SettlementFlowCommon

# every context key the settlement code ever read to decide a check
FLOW = {"cs_settlement_flow": True}


class TestSettlementIntegrity(SettlementFlowCommon):
    def signed_agreement(self):
        agreement = self.sent_batch(1).agreement_ids
        agreement.with_user(self.accountant).action_mark_signed()
        self.assertEqual(agreement.state, "signed")
        return agreement

    # ------------------------------------------------------------ item 1: flow and frozen fields
    def test_cs_user_with_flow_flag_cannot_change_a_signed_agreements_account(self):
        """Seed 000 (e): 一定要保证签约的"转账银行编号"的对应性, 不然签约错误会导致转账的时候划错客户账上的钱."""
        agreement = self.signed_agreement()
        number, transfer = agreement.account_number, agreement.transfer_number
        as_user = agreement.with_user(self.cs_user).with_context(**FLOW)
        with self.assertRaisesRegex(UserError, "Signed: its Account Number can no longer be changed"):
            as_user.write({"account_number": luhn_complete("622700555555555555")})
        with self.assertRaisesRegex(UserError, "Signed: its Transfer Bank Number can no longer be changed"):
            as_user.write({"transfer_number": "T-OTHER-RETAILER"})
        with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
            as_user.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
            as_user.write({"batch_id": False})
        self.assertEqual(
            (agreement.account_number, agreement.transfer_number, agreement.state), (number, transfer, "signed")
        )

    def test_sudo_cannot_change_a_signed_agreements_transfer_number_either(self):
        agreement = self.signed_agreement()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            agreement.sudo().with_context(**FLOW).write({"transfer_number": "T-OTHER"})
        with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
            agreement.sudo().with_context(**FLOW).write({"state": "sent", "signed_date": False})

    def test_cs_user_cannot_reset_nor_delete_an_agreement_at_the_bank(self):
        agreement = self.sent_batch(1).agreement_ids
        as_user = agreement.with_user(self.cs_user).with_context(**FLOW)
        with self.assertRaisesRegex(UserError, "can go back to draft only while it is verified"):
            as_user.action_reset_draft()
        with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
            as_user.write({"state": "draft", "batch_id": False})
        with self.assertRaisesRegex(UserError, "never deleted"):
            as_user.unlink()
        with self.assertRaisesRegex(UserError, "never deleted"):
            agreement.sudo().with_context(**FLOW).unlink()
        self.assertEqual((agreement.state, bool(agreement.batch_id)), ("sent", True))

    def test_new_agreement_cannot_be_created_signed(self):
        with self.assertRaisesRegex(UserError, "starts at its first step"):
            self.make_agreement(state="signed")

    def test_batch_state_changes_only_through_its_buttons(self):
        batch = self.sent_batch(1)
        as_user = batch.with_user(self.cs_user).with_context(**FLOW)
        with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
            as_user.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            as_user.write({"bank_id": self.abc.id})
        with self.assertRaisesRegex(UserError, "never deleted"):
            batch.sudo().unlink()

    # ------------------------------------------------------------ item 2: separation of duties
    def test_settlement_groups_do_not_imply_each_other(self):
        accountant = self.env.ref("customer_service_dept.group_cs_settlement_accountant")
        cs_manager = self.env.ref("customer_service_dept.group_cs_manager")
        cs_user = self.env.ref("customer_service_dept.group_cs_user")
        self.assertNotIn(accountant, cs_manager.all_implied_ids)
        self.assertNotIn(cs_user, accountant.all_implied_ids)
        both = accountant.all_user_ids & cs_user.all_user_ids
        self.assertFalse(both.filtered(lambda u: u.active and not u.share), "nobody prepares and signs by default")

    def test_cs_manager_cannot_mark_signed_nor_failed_nor_import(self):
        agreement = self.sent_batch(1).agreement_ids
        as_manager = agreement.with_user(self.cs_manager).with_context(**FLOW)
        with self.assertRaises(AccessError):
            as_manager.action_mark_signed()
        with self.assertRaises(AccessError):
            as_manager.write({"failure_reason": "other"})
        with self.assertRaises(AccessError):
            as_manager.action_mark_failed()
        with self.assertRaises(AccessError):
            self.import_file(f"转账银行编号,余额\n{agreement.transfer_number},1\n".encode(), user=self.cs_manager)
        self.assertEqual((agreement.state, agreement.failure_reason), ("sent", False))

    def test_accountant_cannot_create_verify_nor_hand_agreements_to_finance(self):
        draft = self.make_agreement()
        with self.assertRaises(AccessError):
            draft.with_user(self.accountant).with_context(**FLOW).action_verify()
        self.assertEqual(draft.state, "draft")
        verified = self.verified(1)
        with self.assertRaises(AccessError):
            verified.with_user(self.accountant).action_create_batches()
        verified.action_create_batches()
        with self.assertRaises(AccessError):
            verified.batch_id.with_user(self.accountant).action_send()
        self.assertEqual(verified.batch_id.state, "draft")
        with self.assertRaises(AccessError):
            self.Agreement.with_user(self.accountant).create(
                {
                    "partner_id": self.make_retailer().id,
                    "bank_id": self.ccb.id,
                    "account_holder": "Zhang San",
                    "account_number": luhn_complete("622700777777777777"),
                    "id_card_number": ID_1,
                }
            )

    def test_buttons_follow_the_role(self):
        draft = self.make_agreement()
        sent = self.sent_batch(1).agreement_ids
        self.assertTrue(draft.with_user(self.cs_user).can_verify)
        self.assertFalse(draft.with_user(self.accountant).can_verify)
        self.assertFalse(sent.with_user(self.cs_user).can_reset_draft)
        self.assertTrue(sent.with_user(self.accountant).can_mark_result)
        self.assertFalse(sent.with_user(self.cs_manager).can_mark_result)
        self.assertTrue(sent.batch_id.with_user(self.accountant).can_import)
        self.assertFalse(sent.batch_id.with_user(self.cs_manager).can_import)
        self.assertFalse(sent.batch_id.with_user(self.cs_user).can_send)

    # ------------------------------------------------------------ result lines: the audit trail
    def test_nobody_edits_nor_deletes_a_bank_result_line(self):
        agreement = self.sent_batch(1).agreement_ids
        self.import_file(f"转账银行编号,余额\n{agreement.transfer_number},-12.50\n".encode())
        line = agreement.result_ids
        self.assertEqual(line.balance, -12.5)
        with self.assertRaises(UserError):  # refused by the guard and by the access rights
            line.with_user(self.accountant).with_context(**FLOW).write({"balance": 99.0})
        with self.assertRaises(UserError):
            line.with_user(self.accountant).unlink()
        with self.assertRaisesRegex(UserError, "never changed"):
            line.sudo().with_context(**FLOW).write({"balance": 99.0, "outcome": "failed"})
        with self.assertRaisesRegex(UserError, "never deleted"):
            line.sudo().unlink()
        with self.assertRaisesRegex(UserError, "only by importing"):
            line.sudo().copy()
        with self.assertRaises(UserError):
            self.env["cs.settlement.result"].with_user(self.accountant).create(
                {"key": agreement.transfer_number, "outcome": "signed", "company_id": self.company.id}
            )
        self.assertEqual((line.balance, line.outcome), (-12.5, "signed"))

    # ------------------------------------------------------------ item 3: visit-sale phone
    def test_visit_phone_changes_only_through_the_phone_change(self):
        """Seed 000 二(一): 主访销电话长期更改 needs the market department director (市场部主任经理)."""
        retailer = self.make_retailer(cs_visit_phone="13900000001")
        for user in (self.cs_user, self.cs_manager):
            with self.assertRaisesRegex(UserError, "changes only through a phone change"):
                retailer.with_user(user).with_context(**FLOW).write({"cs_visit_phone": "13900000002"})
        with self.assertRaisesRegex(UserError, "changes only through a phone change"):
            retailer.sudo().write({"cs_visit_phone": False})
        retailer.with_user(self.cs_user).write({"cs_visit_phone": "139 0000 0001"})  # same number, spaced
        self.assertEqual(retailer.cs_visit_phone, "13900000001")
        change = (
            self.env["cs.retailer.phone.change"]
            .with_user(self.cs_user)
            .create({"partner_id": retailer.id, "company_id": self.company.id, "new_phone": "13900000002"})
        )
        change.action_submit()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            change.with_user(self.cs_user).write({"new_phone": "13900000003"})
        with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
            change.with_user(self.cs_user).with_context(**FLOW).write({"state": "done"})
        self.assertEqual(retailer.cs_visit_phone, "13900000001")
        self.interaction(change)
        change.with_user(self.director).action_confirm()
        self.assertEqual(retailer.cs_visit_phone, "13900000002")

    def test_first_visit_phone_of_a_new_retailer_is_entered_on_the_profile(self):
        retailer = self.make_retailer()
        retailer.with_user(self.cs_user).write({"cs_visit_phone": "13900000005"})
        self.assertEqual(retailer.cs_visit_phone, "13900000005")

    def test_order_method_change_log_is_not_edited_by_hand(self):
        retailer = self.make_retailer(cs_order_method="phone")
        retailer.with_user(self.cs_user).write({"cs_order_method": "online"})
        change = self.env["cs.order.method.change"].search([("partner_id", "=", retailer.id)])
        self.assertEqual((change.old_method, change.new_method), ("phone", "online"))
        with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
            change.with_user(self.cs_user).with_context(**FLOW).write({"reviewed": True})
        with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
            change.sudo().write({"new_method": "visit"})
        with self.assertRaises(AccessError):
            change.with_user(self.accountant).action_review()
        change.with_user(self.cs_user).action_review()
        self.assertTrue(change.reviewed and change.returned)

    # ------------------------------------------------------------ item 4: bad input
    def test_account_number_length_per_bank_and_kind(self):
        """Seed 000 (b)/(c): ABC passbooks without 17-/18-/19-, ICBC only the account beginning 180."""
        cases = [
            (self.abc, "card", luhn_complete("622848040256489"), "has 16 digits, but a"),
            (self.abc, "passbook", "18-1234567890123", "13 digits"),
            (self.ccb, "card", luhn_complete("62270000000000000"), "18 digits"),
            (self.ccb, "passbook", "123456789012345678", "18 digits"),
            (self.icbc, "passbook", "1809000012345678", "16 digits"),
        ]
        for bank, kind, number, message in cases:
            with self.subTest(bank=bank.name, kind=kind), self.assertRaisesRegex(ValidationError, message):
                self.make_agreement(bank_id=bank.id, account_kind=kind, account_number=number, passbook_anywhere=True)
        good = [
            (self.abc, "card", luhn_complete("622848040256489001")),
            (self.abc, "passbook", "18-123456789012345"),
            (self.ccb, "card", luhn_complete("436742000000001")),
            (self.ccb, "passbook", "12345678901234567890"),
            (self.icbc, "card", "1809000012345678901"),
        ]
        for bank, kind, number in good:
            with self.subTest(bank=bank.name, kind=kind):
                self.assertTrue(self.make_agreement(bank_id=bank.id, account_kind=kind, account_number=number))

    def test_agreement_only_for_a_retailer(self):
        shop = self.Partner.create({"name": "Not A Retailer", "company_id": self.company.id})
        with (
            self.assertRaisesRegex(ValidationError, "Not A Retailer is not marked as a retailer"),
            self.cr.savepoint(),
        ):
            self.Agreement.with_user(self.cs_user).create(
                {
                    "partner_id": shop.id,
                    "company_id": self.company.id,
                    "bank_id": self.ccb.id,
                    "account_holder": "Zhang San",
                    "account_number": luhn_complete("622700888888888888"),
                    "id_card_number": ID_2,
                }
            )
        self.assertFalse(self.Agreement.search([("partner_id", "=", shop.id)]))
        agreement = self.make_agreement()
        with self.assertRaisesRegex(ValidationError, "stays marked as a retailer"):
            agreement.partner_id.with_user(self.cs_user).write({"cs_is_retailer": False})

    def test_balance_with_more_than_two_decimals_refuses_the_whole_file(self):
        """Seed 000 (d): 余额(元) 栏中对应的是具体的数值则证明签约成功: an amount in yuan and fen."""
        a, b = self.sent_batch(2).agreement_ids.sorted("transfer_number")
        for bad in ("12.345", "1e5", "inf", "NaN", "12345678901234.00"):
            content = f"转账银行编号,余额\n{a.transfer_number},10.00\n{b.transfer_number},{bad}\n"
            with (
                self.subTest(bad=bad),
                self.assertRaisesRegex(UserError, f"Line 3: the balance {bad} is not an amount in yuan"),
            ):
                self.import_file(content.encode())
        self.assertEqual((a.state, b.state), ("sent", "sent"))
        self.assertFalse(self.env["cs.settlement.result"].search([("agreement_id", "in", (a | b).ids)]))

    def test_xlsx_balance_with_three_decimals_is_refused_with_its_line(self):
        agreement = self.sent_batch(1).agreement_ids
        out = io.BytesIO()
        book = cs_new_workbook(out)
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["转账银行编号", "余额"])
        sheet.write_string(1, 0, agreement.transfer_number)
        sheet.write_number(1, 1, 12.345)
        book.close()
        with self.assertRaisesRegex(UserError, "Line 2: the balance 12.345 is not an amount"):
            self.import_file(out.getvalue(), name="result.xlsx")
        self.assertEqual(agreement.state, "sent")
        self.assertFalse(agreement.result_ids)

    # ------------------------------------------------------------ item 5: crons run twice
    def _change_of(self, agreement, number):
        wizard = (
            self.env["cs.settlement.change"]
            .with_context(default_agreement_id=agreement.id)
            .create(
                {
                    "bank_id": self.ccb.id,
                    "account_holder": "Zhang San",
                    "account_number": luhn_complete(number),
                    "account_kind": "card",
                    "transfer_number": agreement.transfer_number,
                    "id_card_number": ID_1,
                    "card_copy": base64.b64encode(b"card"),
                    "id_copy": base64.b64encode(b"id"),
                }
            )
        )
        new = self.Agreement.browse(wizard.action_confirm()["res_id"])
        new.with_user(self.cs_user).action_verify()
        return new

    @freeze_time("2026-11-27 08:00:00")  # a Friday
    def test_friday_cron_twice_prepares_one_batch(self):
        """Seed 000 三: 客户重新进行电子结算签约你可以在每周五进行汇总后一起交给财务科签约."""
        Batch = self.env["cs.settlement.batch"]

        def change_batches():
            return Batch.search([("kind", "=", "change"), ("company_id", "=", self.company.id)])

        first = self._change_of(self.verified(1), "622700100000000000")
        run_jobs(Batch._cron_prepare_change_batches)
        batches = change_batches()
        self.assertEqual(batches.agreement_ids, first)
        messages = len(batches.message_ids)
        self.assertFalse(run_jobs(Batch._cron_prepare_change_batches), "a second run prepares nothing")
        Batch.with_company(self.company)._cs_prepare_change_batches(self.company)  # the job run again (a retry)
        self.assertEqual(change_batches(), batches, "a second run prepares nothing")
        self.assertEqual(len(batches.message_ids), messages, "a second run posts nothing")
        second = self._change_of(self.verified(1), "622700200000000000")
        run_jobs(Batch._cron_prepare_change_batches)
        self.assertEqual(change_batches(), batches, "a new change joins the draft batch that waits for finance")
        self.assertEqual(batches.agreement_ids, first | second)
        self.assertEqual(Batch.search_count([("kind", "=", "change"), ("state", "=", "draft")]), 1)

    @freeze_time("2026-11-25 03:00:00")  # 11:00 in Suizhou
    def test_order_method_review_twice_returns_each_change_once(self):
        """订货方式变更日审: each change to online distribution goes back to the customer manager once."""
        self.company.partner_id.tz = "Asia/Shanghai"
        retailer = self.make_retailer(cs_order_method="phone", cs_customer_manager_id=self.cs_manager.id)
        retailer.with_user(self.cs_user).write({"cs_order_method": "online"})
        Change = self.env["cs.order.method.change"].with_company(self.company)
        for user in (self.cs_user, self.cs_manager, self.cs_user):  # reviewed by two people, then again
            Change.with_user(user).search(Change._cs_to_review_domain(self.company)).action_review()
            Change.with_user(user).search([("partner_id", "=", retailer.id)]).action_review()
        self.assertEqual(len(retailer.activity_ids), 1)
        change = Change.search([("partner_id", "=", retailer.id)])
        with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
            change.with_user(self.cs_user).write({"reviewed": False})
        change.with_user(self.cs_user).action_review()
        self.assertEqual(len(retailer.activity_ids), 1)


@tagged("post_install", "-at_install")
class TestSettlementJsonRpc(HttpCase):
    """The attack of the issue, replayed over JSON-RPC by a Customer Service user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cs_user = new_test_user(cls.env, "rpc_cs_user", groups="customer_service_dept.group_cs_user")
        cls.accountant = new_test_user(
            cls.env, "rpc_accountant", groups="customer_service_dept.group_cs_settlement_accountant"
        )
        retailer = cls.env["res.partner"].create(
            {
                "name": "RPC Store",
                "cs_is_retailer": True,
                "cs_registered_name": "Zhang San",
                # a maintained marketing profile (signing goes in step with it)
                "cs_retailer_code": "421300000999",
                "cs_visit_phone": "13900000999",
                "cs_market_department": "Zengdu market department",
                "cs_market_type": "city",
                "cs_customer_type": "individual",
                "cs_business_format": "convenience",
                "cs_delivery_route": "Route 1",
                "cs_order_method": "phone",
                "cs_customer_manager_id": cls.env.ref("base.user_admin").id,
                "cs_id_card_number": ID_1,
            }
        )
        attachment = cls.env["ir.attachment"].create({"name": "p.pdf", "datas": base64.b64encode(b"%PDF")})
        cls.agreement = cls.env["cs.settlement.agreement"].create(
            {
                "partner_id": retailer.id,
                "bank_id": cls.env.ref("customer_service_dept.res_bank_ccb").id,
                "account_holder": "Zhang San",
                "account_number": luhn_complete("622700000000424242"),
                "transfer_number": "RPC-001",
                "id_card_number": ID_1,
                "page1_attachment_ids": [(6, 0, attachment.ids)],
                "photocopy_attachment_ids": [(6, 0, attachment.ids)],
            }
        )
        cls.agreement.action_verify()
        cls.agreement.action_create_batches()
        cls.agreement.batch_id.action_send()
        cls.agreement.with_user(cls.accountant).action_mark_signed()

    def rpc(self, user, model, method, args, kwargs=None):
        return execute_kw(self, user, user.login, model, method, args, kwargs)

    def test_cs_user_with_the_flow_flag_cannot_touch_a_signed_agreement_over_rpc(self):
        context = {"context": dict(FLOW, active_test=False)}
        for vals in ({"transfer_number": "RPC-999"}, {"account_number": "6227000000000000000"}, {"state": "draft"}):
            with self.subTest(vals=vals):
                answer = self.rpc(self.cs_user, "cs.settlement.agreement", "write", [self.agreement.ids, vals], context)
                self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.UserError")
        answer = self.rpc(self.cs_user, "cs.settlement.agreement", "unlink", [self.agreement.ids], context)
        self.assertIn("error", answer)
        self.agreement.invalidate_recordset()
        self.assertEqual((self.agreement.state, self.agreement.transfer_number), ("signed", "RPC-001"))
