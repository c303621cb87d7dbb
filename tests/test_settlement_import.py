import base64
import io

from odoo.exceptions import AccessError
from odoo.exceptions import UserError

from ..models.cs_xlsx_mixin import cs_new_workbook
from .test_settlement_flow import SettlementFlowCommon


class TestSettlementImport(SettlementFlowCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Result = cls.env["cs.settlement.result"]

    def test_each_bank_message_sets_its_failure_reason(self):
        batch = self.sent_batch(4)
        a, b, c, d = batch.agreement_ids.sorted("transfer_number")
        content = (
            "转账银行编号,签约结果\n"
            f"{a.transfer_number},客户代码与银行账号不对应\n"
            f"{b.transfer_number},客户不属于本单位\n"
            f"{c.transfer_number},其他错误\n"
            f'{d.partner_id.cs_retailer_code},"1,200.00"\n'
        )
        self.import_file(content.encode())
        self.assertEqual(
            [(x.state, x.failure_reason) for x in (a, b, c, d)],
            [("failed", "mismatch"), ("failed", "not_unit"), ("failed", "other"), ("signed", False)],
        )
        self.assertIn("belongs to this unit", b.next_action)
        self.assertIn("Ask the bank", c.next_action)
        self.assertEqual((batch.signed_count, batch.failed_count, batch.pending_count), (1, 3, 0))
        self.assertEqual(batch.state, "done")
        self.assertEqual(d.result_ids.balance, 1200.0)

    def test_gbk_csv_and_unmatched_lines_are_kept(self):
        batch = self.sent_batch(2)
        a, b = batch.agreement_ids.sorted("transfer_number")
        content = f"客户代码,余额\n{a.partner_id.cs_retailer_code},0\nNO-SUCH-CODE,15\n".encode("gbk")
        action = self.import_file(content, name="result-gbk.csv")
        self.assertEqual(a.state, "signed")
        self.assertEqual(b.state, "sent")
        self.assertEqual(batch.pending_count, 1)
        self.assertEqual(batch.state, "sent")
        lines = self.Result.search(action["domain"])
        self.assertEqual(len(lines), 2)
        unmatched = lines.filtered(lambda r: r.outcome == "unmatched")
        self.assertEqual(unmatched.key, "NO-SUCH-CODE")
        self.assertEqual(unmatched.line_no, 3)
        self.assertIn("no agreement", unmatched.note)
        self.assertTrue(unmatched.next_action)

    def test_line_for_an_agreement_not_at_the_bank_is_unmatched(self):
        draft = self.make_agreement(transfer_number="T-DRAFT")
        self.import_file(b"transfer bank number,balance\nT-DRAFT,10\n")
        self.assertEqual(draft.state, "draft")
        line = self.Result.search([("key", "=", "T-DRAFT")])
        self.assertEqual(line.outcome, "unmatched")
        self.assertIn("not at the bank", line.note)

    def test_xlsx_result_file(self):
        batch = self.sent_batch(2)
        a, b = batch.agreement_ids.sorted("transfer_number")
        out = io.BytesIO()
        book = cs_new_workbook(out)
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["转账银行编号", "余额"])
        sheet.write_row(1, 0, [a.transfer_number, -3.25])
        sheet.write_row(2, 0, [b.transfer_number, "客户不属于本单位"])
        book.close()
        self.import_file(out.getvalue(), name="result.xlsx")
        self.assertEqual((a.state, b.state, b.failure_reason), ("signed", "failed", "not_unit"))

    def assert_refused(self, content, pattern):
        batch = self.sent_batch(1)
        before = self.Result.search_count([])
        with self.assertRaisesRegex(UserError, pattern):
            self.import_file(content)
        self.assertEqual(batch.agreement_ids.state, "sent")
        self.assertEqual(self.Result.search_count([]), before)

    def test_empty_file_is_refused(self):
        self.assert_refused(b"", "empty")
        self.assert_refused(b"\n \n", "empty")

    def test_header_only_is_refused(self):
        self.assert_refused("转账银行编号,余额\n".encode(), "no result line")

    def test_wrong_columns_are_refused_with_the_line(self):
        self.assert_refused(b"name,amount\nx,1\n", "Line 1: the columns must be")

    def test_unknown_encoding_is_refused(self):
        self.assert_refused(b"transfer number,balance\nT1,1\n\xff\xfe\xfa\x80\n", "Line 3: .*unknown encoding")

    def test_binary_garbage_is_refused(self):
        self.assert_refused(b"\x00\x01\x02garbage", "neither a CSV")
        self.assert_refused(b"PK\x03\x04garbage", "not a readable XLSX")

    def test_garbage_lines_are_refused_with_their_line_numbers(self):
        self.company.cs_settlement_job_lines = 50000  # imported at once (a larger file is queued)
        batch = self.sent_batch(1)
        good = f"{batch.agreement_ids.transfer_number},12\n"
        garbage = "".join(f"junk{i},??\n" for i in range(20000))
        with self.assertRaisesRegex(UserError, r"Line 3: \?\? is neither a balance") as caught:
            self.import_file(("转账银行编号,余额\n" + good + garbage).encode())
        self.assertIn("Line 7", str(caught.exception))
        self.assertEqual(batch.agreement_ids.state, "sent")

    def test_duplicate_key_in_file_is_refused(self):
        batch = self.sent_batch(1)
        key = batch.agreement_ids.transfer_number
        with self.assertRaisesRegex(UserError, f"Line 3: {key} appears already on line 2"):
            self.import_file(f"转账银行编号,余额\n{key},1\n{key},2\n".encode())

    def test_only_accountants_import(self):
        self.sent_batch(1)
        with self.assertRaises(AccessError):
            self.import_file(b"transfer number,balance\nT1,1\n", user=self.cs_user)

    def _import_queries(self, count):
        batch = self.sent_batch(count)
        keys = batch.agreement_ids.mapped("transfer_number")
        content = ("转账银行编号,余额\n" + "".join(f"{k},1\n" for k in keys)).encode()
        wizard = (
            self.env["cs.settlement.import"]
            .with_user(self.accountant)
            .create({"file": base64.b64encode(content), "file_name": "q.csv", "company_id": self.company.id})
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        wizard.action_import()
        self.env.flush_all()
        self.assertEqual(batch.signed_count, count)
        return self.cr.sql_log_count - before

    def test_import_queries_do_not_grow_with_lines(self):
        small = self._import_queries(2)
        large = self._import_queries(40)
        self.assertLess(small, 60)
        self.assertLessEqual(large, small + 2, "the import must not run queries per line")
