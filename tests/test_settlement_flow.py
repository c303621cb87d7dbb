import base64

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import render_xlsx
from .common import run_jobs
from .common_settlement import ID_2
from .common_settlement import SettlementCommon
from .common_settlement import luhn_complete


class SettlementFlowCommon(SettlementCommon):
    def verified(self, count=2, bank=None, **vals):
        agreements = self.Agreement
        for i in range(count):
            agreements |= self.make_agreement(
                self.make_retailer(f"Store {self.serial}-{i}"), bank_id=(bank or self.ccb).id, **vals
            )
        agreements.action_verify()
        return agreements

    def sent_batch(self, count=2):
        agreements = self.verified(count)
        action = agreements.action_create_batches()
        batch = self.env["cs.settlement.batch"].browse(action["domain"][0][2])
        batch.action_send()
        return batch

    def import_file(self, content, name="result.csv", batch=None, user=None):
        wizard = (
            self.env["cs.settlement.import"]
            .with_user(user or self.accountant)
            .with_company(self.company)
            .create(
                {
                    "file": base64.b64encode(content),
                    "file_name": name,
                    "company_id": self.company.id,
                    "batch_id": batch and batch.id,
                }
            )
        )
        return wizard.action_import()


class TestSettlementFlow(SettlementFlowCommon):
    def test_verified_agreements_are_grouped_by_bank(self):
        agreements = self.verified(2) | self.verified(1, bank=self.abc)
        action = agreements.action_create_batches()
        batches = self.env["cs.settlement.batch"].browse(action["domain"][0][2])
        self.assertEqual(len(batches), 2)
        self.assertEqual(batches.mapped("agreement_count"), [2, 1] if batches[0].bank_id == self.ccb else [1, 2])
        for batch in batches:
            self.assertEqual(batch.agreement_ids.bank_id, batch.bank_id)
            self.assertEqual(batch.state, "draft")
        with self.assertRaisesRegex(UserError, "not in a signing batch"):
            agreements.action_create_batches()

    def test_batch_of_one_bank_refuses_another_banks_agreement(self):
        batch = self.env["cs.settlement.batch"].create({"bank_id": self.ccb.id, "company_id": self.company.id})
        agreement = self.verified(1, bank=self.abc)
        with self.assertRaisesRegex(Exception, "a batch holds the agreements of one bank"):
            with agreement._cs_transition():
                agreement.batch_id = batch

    def test_whole_flow_new_retailer_to_signed(self):
        retailer = self.make_retailer("Zengdu Store", code="421300000001", cs_visit_phone="13900000001")
        agreement = self.make_agreement(retailer, transfer_number="88001", id_card_number=ID_2)
        self.assertEqual(agreement.state, "draft")
        agreement.with_user(self.cs_user).action_verify()
        batch = (
            self.env["cs.settlement.batch"]
            .with_user(self.cs_user)
            .create({"bank_id": self.ccb.id, "company_id": self.company.id})
        )
        batch.action_add_verified()
        self.assertIn(agreement, batch.agreement_ids)
        batch.action_send()
        self.assertEqual((agreement.state, batch.state), ("sent", "sent"))
        self.assertEqual(batch.pending_count, 1)
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            agreement.account_holder = "Someone Else"
        with self.assertRaisesRegex(UserError, "never deleted"):
            agreement.unlink()
        self.import_file("转账银行编号,余额\n88001,-12.50\n".encode(), batch=batch)
        self.assertEqual(agreement.state, "signed")
        self.assertEqual(agreement.result_ids.balance, -12.5)
        self.assertEqual(batch.state, "done")
        self.assertEqual((batch.signed_count, batch.failed_count, batch.pending_count), (1, 0, 0))

    def test_failed_agreement_is_corrected_and_verified_again(self):
        batch = self.sent_batch(1)
        agreement = batch.agreement_ids
        self.import_file(f"转账银行编号,签约结果\n{agreement.transfer_number},客户代码与银行账号不对应\n".encode())
        self.assertEqual((agreement.state, agreement.failure_reason), ("failed", "mismatch"))
        self.assertIn("account number and the ID card number", agreement.next_action)
        agreement.id_card_number = ID_2
        agreement.partner_id.sudo().cs_id_card_number = ID_2  # the profile is corrected with it
        agreement.action_verify()
        self.assertEqual(agreement.state, "verified")
        self.assertFalse(agreement.batch_id)

    def test_signing_sheet_xlsx_has_the_right_columns(self):
        """The settlement accountant prints the batch's XLSX from its Print menu, beside the PDF."""
        batch = self.sent_batch(2)
        xlsx = self.env.ref("customer_service_dept.action_report_cs_settlement_batch_xlsx")
        pdf = self.env.ref("customer_service_dept.action_report_cs_settlement_batch")
        self.assertEqual((xlsx.binding_model_id, xlsx.group_ids), (pdf.binding_model_id, pdf.group_ids))
        book = render_xlsx(batch.with_user(self.accountant).env, xlsx, batch.ids)
        sheet = book.active
        header = [c.value for c in sheet[3]]
        self.assertEqual(header[:5], ["No.", "Transfer Bank Number", "Retailer", "Account Holder", "Account Number"])
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
        self.assertEqual(len(rows), 2)
        self.assertEqual(sorted(r[1] for r in rows), sorted(batch.agreement_ids.mapped("transfer_number")))
        self.assertIn(rows[0][4], batch.agreement_ids.mapped("account_number"))
        action = batch.with_user(self.accountant).action_export_xlsx()
        self.assertEqual(
            (action["report_type"], action["report_name"], action["context"]["active_ids"]),
            ("xlsx", "customer_service_dept.cs_settlement_batch_xlsx", batch.ids),
        )

    def test_sending_needs_verified_agreements(self):
        batch = self.env["cs.settlement.batch"].create({"bank_id": self.ccb.id, "company_id": self.company.id})
        with self.assertRaisesRegex(UserError, "holds no agreement"):
            batch.action_send()

    @freeze_time("2026-11-27 08:00:00")
    def test_friday_cron_prepares_a_draft_batch_of_changes(self):
        old = self.verified(1)
        change = (
            self.env["cs.settlement.change"]
            .with_context(default_agreement_id=old.id)
            .create(
                {
                    "bank_id": self.abc.id,
                    "account_holder": "Zhang San",
                    "account_number": "18-556677889900112",
                    "account_kind": "passbook",
                    "passbook_anywhere": True,
                    "transfer_number": "T-NEW-1",
                    "id_card_number": ID_2,
                    "card_copy": base64.b64encode(b"card"),
                    "id_copy": base64.b64encode(b"id"),
                }
            )
        )
        action = change.action_confirm()
        new = self.Agreement.browse(action["res_id"])
        self.assertEqual((old.state, old.superseded_by_id), ("superseded", new))
        self.assertEqual(new.account_number, "556677889900112")
        self.assertEqual(len(new.photocopy_attachment_ids), 2)
        new.partner_id.sudo().cs_id_card_number = ID_2  # the profile's ID card is the new agreement's
        new.action_verify()
        Batch = self.env["cs.settlement.batch"]
        run_jobs(Batch._cron_prepare_change_batches)
        batches = Batch.search([("kind", "=", "change"), ("company_id", "=", self.company.id)])
        self.assertEqual(batches.agreement_ids, new)
        self.assertEqual((batches.state, batches.kind, batches.bank_id), ("draft", "change", self.abc))
        self.assertEqual(new.state, "verified")


class TestSettlementChange(SettlementFlowCommon):
    def _change(self, agreement, **vals):
        values = {
            "bank_id": self.ccb.id,
            "account_holder": "Zhang San",
            "account_number": luhn_complete("622700332456000000"),
            "account_kind": "card",
            "transfer_number": agreement.transfer_number,
            "id_card_number": ID_2,
            "card_copy": base64.b64encode(b"card"),
            "id_copy": base64.b64encode(b"id"),
        }
        values.update(vals)
        return self.env["cs.settlement.change"].with_context(default_agreement_id=agreement.id).create(values)

    def test_signed_agreement_is_superseded_and_kept_read_only(self):
        batch = self.sent_batch(1)
        old = batch.agreement_ids
        old.with_user(self.accountant).action_mark_signed()
        change = self._change(old)
        new = self.Agreement.browse(change.action_confirm()["res_id"])
        self.assertEqual(old.state, "superseded")
        self.assertEqual(new.transfer_number, old.transfer_number)
        self.assertEqual(new.state, "draft")
        with self.assertRaisesRegex(UserError, "no longer be changed|cancelled or superseded"):
            old.account_holder = "X"
        with self.assertRaisesRegex(UserError, "never deleted"):
            old.unlink()
        self.assertTrue(old.with_user(self.cs_user).read(["state", "account_number"]))

    def test_superseded_agreement_leaves_a_draft_batch(self):
        old = self.verified(1)
        old.action_create_batches()
        batch = old.batch_id
        self.Agreement.browse(self._change(old).action_confirm()["res_id"])
        self.assertEqual(old.state, "superseded")
        self.assertFalse(old.batch_id)
        self.assertFalse(batch.agreement_ids)

    def test_change_needs_both_photocopies(self):
        old = self.verified(1)
        change = self._change(old, id_copy=False)
        with self.assertRaisesRegex(UserError, "photocopies"):
            change.action_confirm()
        self.assertEqual(old.state, "verified")

    def test_agreement_at_the_bank_cannot_be_changed(self):
        old = self.sent_batch(1).agreement_ids
        with self.assertRaisesRegex(UserError, "cannot be replaced now"):
            self._change(old).action_confirm()


@tagged("post_install", "-at_install")
class TestSettlementReport(SettlementFlowCommon):
    def test_signing_sheet_pdf_renders(self):
        batch = self.sent_batch(2)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("customer_service_dept.action_report_cs_settlement_batch", batch.ids)[0]
            .decode()
        )
        self.assertIn(batch.name, html)
        for agreement in batch.agreement_ids:
            self.assertIn(agreement.transfer_number, html)
            self.assertIn(agreement.account_number, html)
        self.assertIn(batch.action_print()["type"], ("ir.actions.report", "ir.actions.act_window"))
