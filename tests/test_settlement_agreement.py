from ast import literal_eval

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common_settlement import ID_1
from .common_settlement import SettlementCommon
from .common_settlement import luhn_complete


class TestSettlementAgreement(SettlementCommon):
    def test_banks_are_shipped_with_their_codes(self):
        self.assertEqual((self.abc.cs_bank_code, self.ccb.cs_bank_code, self.icbc.cs_bank_code), ("103", "105", "102"))
        self.assertTrue(all((self.abc | self.ccb | self.icbc).mapped("cs_esettlement")))

    def test_other_bank_is_refused(self):
        other = self.env["res.bank"].create({"name": "Bank of Somewhere"})
        with self.assertRaisesRegex(ValidationError, "cannot be signed with Bank of Somewhere"):
            self.make_agreement(bank_id=other.id)

    def test_abc_passbook_prefix_is_stripped(self):
        agreement = self.make_agreement(
            bank_id=self.abc.id,
            account_kind="passbook",
            account_number="18-1234 5678 9012 345",
            passbook_anywhere=True,
        )
        self.assertEqual(agreement.account_number, "123456789012345")

    def test_account_spaces_are_stripped_on_write(self):
        agreement = self.make_agreement()
        number = luhn_complete("622700999999999999")
        agreement.write({"account_number": f" {number[:6]} {number[6:]} "})
        self.assertEqual(agreement.account_number, number)

    def test_icbc_card_number_is_refused_asking_for_180(self):
        with self.assertRaisesRegex(ValidationError, "beginning with 180"):
            self.make_agreement(bank_id=self.icbc.id, account_number=luhn_complete("622202020000123456"))
        agreement = self.make_agreement(bank_id=self.icbc.id, account_number="1809000012345678901")
        self.assertEqual(agreement.account_number, "1809000012345678901")

    def test_card_failing_luhn_is_refused(self):
        good = luhn_complete("622700000000000001")
        bad = good[:-1] + str((int(good[-1]) + 1) % 10)
        with self.assertRaisesRegex(ValidationError, "not a valid card number"):
            self.make_agreement(account_number=bad)

    def test_id_card_check_digit_is_checked(self):
        with self.assertRaisesRegex(ValidationError, "ID card number 110105194912310021 is not valid"):
            self.make_agreement(id_card_number="110105194912310021")
        agreement = self.make_agreement(id_card_number="11010519491231002x")
        self.assertEqual(agreement.id_card_number, ID_1)
        with self.assertRaisesRegex(ValidationError, "is not valid"):
            self.make_retailer(cs_id_card_number="123456")

    def test_passbook_without_tongcun_tongdui_cannot_be_verified(self):
        agreement = self.make_agreement(
            bank_id=self.abc.id, account_kind="passbook", account_number="17-998877665544332"
        )
        with self.assertRaisesRegex(UserError, "通存通兑"):
            agreement.action_verify()
        agreement.passbook_anywhere = True
        agreement.action_verify()
        self.assertEqual(agreement.state, "verified")

    def test_holder_must_be_registered_name(self):
        agreement = self.make_agreement(account_holder="Li Si")
        with self.assertRaisesRegex(UserError, "account holder Li Si is not the retailer's registered name Zhang San"):
            agreement.action_verify()

    def test_missing_attachments_and_transfer_number_block_verification(self):
        agreement = self.make_agreement(attach=False, transfer_number=False)
        with self.assertRaises(UserError) as caught:
            agreement.action_verify()
        self.assertIn("transfer bank number", str(caught.exception))
        self.assertIn("photocopies must be attached", str(caught.exception))

    def test_duplicate_account_needs_a_filing_document(self):
        first = self.make_agreement(self.make_retailer("First Store"))
        second = self.make_agreement(
            self.make_retailer("Second Store"), account_number=first.account_number, transfer_number="T-OTHER"
        )
        self.assertIn("First Store", second.duplicate_warning)
        with self.assertRaisesRegex(UserError, "used by First Store: attach the filing document"):
            second.action_verify()
        second.filing_attachment_ids = [(6, 0, self.attachment("filing.pdf").ids)]
        second.action_verify()
        self.assertEqual(second.state, "verified")

    def test_duplicate_phone_warns_with_the_other_retailer(self):
        self.make_retailer("Phone Store", cs_visit_phone="0722 1234567")
        retailer = self.make_retailer("Copy Store", cs_visit_phone="07221234567")
        self.assertIn("Phone Store", retailer.cs_phone_warning)
        agreement = self.make_agreement(retailer)
        self.assertIn("Phone Store", agreement.duplicate_warning)
        agreement.action_verify()
        self.assertIn("Phone Store", agreement.message_ids[0].body)

    def test_verified_agreement_is_locked_until_reset(self):
        agreement = self.make_agreement()
        agreement.action_verify()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            agreement.account_holder = "Wang Wu"
        agreement.action_reset_draft()
        agreement.account_holder = "Wang Wu"
        self.assertEqual(agreement.state, "draft")

    def test_transfer_number_is_unique_among_active_agreements(self):
        self.make_agreement(transfer_number="T-SAME")
        with self.assertRaises(IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.make_agreement(transfer_number="T-SAME")
            self.env.flush_all()

    def test_draft_can_be_deleted_and_cancelled_stays(self):
        self.make_agreement().unlink()
        agreement = self.make_agreement()
        agreement.action_cancel()
        with self.assertRaisesRegex(UserError, "cancelled or superseded"):
            agreement.stamp_date = "2026-03-01"

    def test_profile_completion_and_list_to_maintain(self):
        retailer = self.make_retailer()
        action = self.env.ref("customer_service_dept.res_partner_action_retailer_to_maintain")
        self.assertIn(retailer, self.Partner.search(literal_eval(action.domain)))
        retailer.write(
            {
                "cs_visit_phone": "13800000000",
                "cs_market_department": "Zengdu market department",
                "cs_market_type": "fixed1",
                "cs_customer_type": "individual",
                "cs_business_format": "convenience",
                "cs_delivery_route": "Route 3",
                "cs_order_method": "online",
                "cs_customer_manager_id": self.cs_user.id,
            }
        )
        self.assertTrue(retailer.cs_profile_complete)
        self.assertNotIn(retailer, self.Partner.search(literal_eval(action.domain)))

    def test_profile_changes_are_tracked(self):
        retailer = self.make_retailer()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written when the transaction commits
        retailer.cs_market_type = "fixed2"
        self.env.flush_all()
        self.env.cr.precommit.run()
        values = retailer.message_ids.tracking_value_ids.filtered(lambda v: v.field_id.name == "cs_market_type")
        self.assertTrue(values)


class TestSettlementThreeWay(SettlementCommon):
    def test_photocopy_wins_and_differences_go_to_the_chatter(self):
        agreement = self.make_agreement()
        good = agreement.account_number
        wizard = (
            self.env["cs.settlement.three.way"]
            .with_context(default_agreement_id=agreement.id)
            .create(
                {
                    "holder_signed": "Zhang San",
                    "holder_copy": "Zhang  San",
                    "account_signed": good[:-1] + "0",
                    "account_copy": f"{good[:4]} {good[4:]}",
                    "id_card_signed": ID_1,
                    "id_card_copy": ID_1.lower(),
                }
            )
        )
        self.assertEqual(wizard.account_file, good)
        wizard.action_apply()
        self.assertEqual(agreement.state, "verified")
        self.assertEqual(agreement.account_number, good)
        body = agreement.message_ids.filtered(lambda m: "Three-way" in (m.body or ""))[0].body
        self.assertIn("photocopy is kept", body)
        self.assertIn("Account Number", body)
        self.assertNotIn("Account Holder", body)

    def test_photocopy_value_replaces_the_entered_one(self):
        agreement = self.make_agreement(account_holder="Zhang Sam")
        wizard = (
            self.env["cs.settlement.three.way"]
            .with_context(default_agreement_id=agreement.id)
            .create(
                {
                    "holder_copy": "Zhang San",
                    "account_copy": agreement.account_number,
                    "id_card_copy": ID_1,
                    "verify": False,
                }
            )
        )
        wizard.action_apply()
        self.assertEqual((agreement.account_holder, agreement.state), ("Zhang San", "draft"))


class TestSettlementChinese(SettlementCommon):
    def test_chinese_clerk_reads_chinese_errors(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "customer_service_dept")])._update_translations(["zh_CN"])
        agreement = self.make_agreement(account_holder="Li Si").with_context(lang="zh_CN")
        with self.assertRaises(UserError) as caught:
            agreement.action_verify()
        self.assertIn("不能审核", str(caught.exception))
        self.assertIn("与零售客户的登记名称 Zhang San 不一致", str(caught.exception))
