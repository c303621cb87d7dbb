import io

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import new_test_user
from odoo.tests import tagged

from ..models.cs_xlsx_mixin import cs_new_workbook
from ..models.rules import find_result_columns
from ..models.rules import split_titles
from .common import render_xlsx
from .test_settlement_flow import SettlementFlowCommon


def xlsx_file(rows):
    """A workbook the way a bank's report platform exports it: ``rows`` from A1 on, None for an empty cell."""
    out = io.BytesIO()
    book = cs_new_workbook(out)
    sheet = book.add_worksheet("Sheet1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return out.getvalue()


class TestResultColumnRules(SettlementFlowCommon):
    def test_balance_query_titles_are_found_in_any_order_among_extra_columns(self):
        """「“零售客户余额查询”…“余额(元)”栏中对应的是具体的数值则证明签约成功」 (000, 电子结算): the
        query's own titles, full-width brackets included, are a header."""
        self.assertEqual(find_result_columns(["序号", "客户名称", "零售客户代码", "余额（元）"]), ([2], 3))
        self.assertEqual(find_result_columns(["余额(元)", "转账银行编号", "零售户代码"]), ([1, 2], 0))
        self.assertIsNone(find_result_columns(["电子结算签约结果", None, None]))
        self.assertIsNone(find_result_columns(["客户名称", "余额(元)"]))

    def test_bank_titles_are_split_on_chinese_and_ascii_commas(self):
        self.assertEqual(split_titles("客户号， 零售户号,可用 余额"), ["客户号", "零售户号", "可用余额"])
        self.assertEqual(find_result_columns(["客户号", "可用余额"], ["客户号"], ["可用余额"]), ([0], 1))


class TestSettlementBankFiles(SettlementFlowCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Result = cls.env["cs.settlement.result"]

    def test_balance_query_export_with_title_rows_and_extra_columns(self):
        """「用“转账银行编号”或者“零售户代码”在“零售客户余额查询”界面中查询…如果系统中“余额(元)”栏中对应的是
        具体的数值则证明签约成功」 (000, 电子结算): the accountant imports the balance query's own export: two
        title rows, 序号 and 客户名称 columns, the retailer code in the third column, the balance last."""
        batch = self.sent_batch(3)
        a, b, c = batch.agreement_ids.sorted("transfer_number")
        content = xlsx_file(
            [
                ["零售客户余额查询"],
                ["查询日期: 2026-11-26", None, None, None],
                ["序号", "客户名称", "零售客户代码", "余额（元）", "备注"],
                [1, a.partner_id.name, a.partner_id.cs_retailer_code, 1200.5, "正常"],
                [2, b.partner_id.name, b.partner_id.cs_retailer_code, "客户不属于本单位", None],
                [3, c.partner_id.name, c.partner_id.cs_retailer_code, 0, None],
                ["合计", None, None, 1200.5, None],
            ]
        )
        self.import_file(content, name="零售客户余额查询.xlsx")
        self.assertEqual(
            [(x.state, x.failure_reason) for x in (a, b, c)],
            [("signed", False), ("failed", "not_unit"), ("signed", False)],
        )
        lines = self.Result.search([("batch_id", "=", batch.id)], order="line_no")
        self.assertEqual(lines.mapped("line_no"), [4, 5, 6])
        self.assertEqual(lines.mapped("balance"), [1200.5, 0.0, 0.0])
        self.assertEqual(set(lines.mapped("create_uid")), {self.accountant})
        self.assertEqual(batch.state, "done")

    def test_gbk_csv_with_a_title_line_and_columns_in_another_order(self):
        """A bank's CSV in GBK: a title line, the result first, the transfer bank number third, a name
        column between; both the transfer number and the retailer code columns, the transfer number wins."""
        batch = self.sent_batch(2)
        a, b = batch.agreement_ids.sorted("transfer_number")
        content = (
            "建设银行电子结算签约结果\n"
            "签约结果,客户名称,转账银行编号,零售客户编码\n"
            f"客户代码与银行账号不对应,{a.partner_id.name},{a.transfer_number},{a.partner_id.cs_retailer_code}\n"
            f'"3,456.78",{b.partner_id.name},,{b.partner_id.cs_retailer_code}\n'
        ).encode("gbk")
        self.import_file(content, name="ccb.csv")
        self.assertEqual((a.state, a.failure_reason), ("failed", "mismatch"))
        self.assertEqual(b.state, "signed")
        result_b = self.Result.search([("agreement_id", "=", b.id)])
        self.assertEqual(
            (result_b.line_no, result_b.key, result_b.balance), (4, b.partner_id.cs_retailer_code, 3456.78)
        )

    def test_every_bad_line_is_counted_and_the_first_named_nothing_applied(self):
        """A file with 25 bad lines among good ones is refused whole: the first ten are named, all 25 are
        counted, no agreement changes and no result line is kept."""
        batch = self.sent_batch(2)
        a, b = batch.agreement_ids.sorted("transfer_number")
        bad = "".join(f"X{i},12.345\n" for i in range(20)) + "".join(f"Y{i},inf\n" for i in range(5))
        content = f"标题\n转账银行编号,余额\n{a.transfer_number},10\n{b.transfer_number},1e3\n{bad}".encode()
        before = self.Result.search_count([])
        with self.assertRaises(UserError) as caught:
            self.import_file(content)
        message = str(caught.exception)
        self.assertIn("26 lines are wrong", message)
        self.assertIn("Line 4: the balance 1e3 is not an amount", message)
        self.assertIn("Line 5: the balance 12.345 is not an amount", message)
        self.assertIn("Line 13:", message)
        self.assertNotIn("Line 14:", message)
        self.assertIn("16 more wrong lines", message)
        self.assertEqual(batch.agreement_ids.mapped("state"), ["sent", "sent"])
        self.assertEqual(batch.line_ids.mapped("outcome"), ["pending", "pending"])
        self.assertEqual(self.Result.search_count([]), before)

    def test_duplicates_are_counted_with_the_other_bad_lines(self):
        batch = self.sent_batch(1)
        key = batch.agreement_ids.transfer_number
        content = f"转账银行编号,余额\n{key},1\n{key},2\n{key},3\nX1,1.234\n".encode()
        with self.assertRaises(UserError) as caught:
            self.import_file(content)
        self.assertEqual(
            str(caught.exception).splitlines(),
            [
                "The result file was not imported, nothing was changed: 3 lines are wrong.",
                f"Line 3: {key} appears already on line 2",
                f"Line 4: {key} appears already on line 2",
                "Line 5: the balance 1.234 is not an amount in yuan with at most two decimals (fen)",
            ],
        )
        self.assertEqual(batch.agreement_ids.state, "sent")

    def test_titles_not_found_in_the_first_lines_are_refused(self):
        self.sent_batch(1)
        content = ("\n".join(f"说明第{i}行" for i in range(25)) + "\n转账银行编号,余额\nT1,1\n").encode()
        with self.assertRaisesRegex(UserError, "Line 1: the columns must be.*first 20"):
            self.import_file(content)

    def test_administrator_saves_a_banks_own_titles(self):
        """A bank names its columns its own way (客户号 / 可用余额): an administrator saves them on the bank,
        then the accountant's file of that bank imports; before that it was refused."""
        batch = self.sent_batch(1)
        agreement = batch.agreement_ids
        content = f"客户号,户名,可用余额\n{agreement.transfer_number},{agreement.partner_id.name},88.80\n".encode()
        with self.assertRaisesRegex(UserError, "the columns must be"):
            self.import_file(content, batch=batch)
        admin = new_test_user(self.env, "cs_bank_admin", groups="base.group_system,base.group_partner_manager")
        self.ccb.with_user(admin).write(
            {"cs_result_key_titles": "客户号，零售户号", "cs_result_value_titles": "可用余额"}
        )
        self.import_file(content, batch=batch)
        self.assertEqual(agreement.state, "signed")
        self.assertEqual(agreement.result_ids.balance, 88.8)


@tagged("post_install", "-at_install")
class TestSettlementBatchHistory(SettlementFlowCommon):
    def _sheet(self, batch):
        html = batch.env["ir.actions.report"]._render_qweb_html(
            "customer_service_dept.action_report_cs_settlement_batch", batch.ids
        )[0]
        book = render_xlsx(batch.env, "customer_service_dept.action_report_cs_settlement_batch_xlsx", batch.ids)
        cells = [[cell.value for cell in row] for row in book.active.iter_rows()]
        return html, cells

    def test_reverifying_a_failed_agreement_leaves_the_old_batch_as_sent(self):
        """「如果信息一致…你需要将信息继续提供给银行签约」 (000, 电子结算): a failed agreement corrected and verified
        again goes to the bank in a new batch; the old batch, handed to finance already, keeps its lines, its
        counts and its signing sheet (PDF content and XLSX) exactly as before."""
        batch = self.sent_batch(2)
        failed, signed = batch.agreement_ids.sorted("transfer_number")
        self.import_file(f"转账银行编号,余额\n{failed.transfer_number},其他错误\n{signed.transfer_number},5\n".encode())
        self.assertEqual(batch.state, "done")
        counts = (batch.agreement_count, batch.signed_count, batch.failed_count, batch.pending_count)
        self.assertEqual(counts, (2, 1, 1, 0))
        sheet_before = self._sheet(batch.with_user(self.cs_user))

        failed.with_user(self.cs_user).write({"account_holder": "Zhang San"})
        failed.with_user(self.cs_user).action_verify()
        action = failed.with_user(self.cs_user).action_create_batches()
        new_batch = self.env["cs.settlement.batch"].browse(action["domain"][0][2])
        new_batch.with_user(self.cs_user).action_send()
        self.assertNotEqual(new_batch, batch)

        batch.invalidate_recordset()
        self.assertEqual((batch.agreement_count, batch.signed_count, batch.failed_count, batch.pending_count), counts)
        self.assertEqual(sheet_before, self._sheet(batch.with_user(self.cs_user)))
        self.assertEqual(
            [(line.batch_id, line.outcome, line.failure_reason) for line in failed.batch_line_ids.sorted("id")],
            [(batch, "failed", "other"), (new_batch, "pending", False)],
        )
        self.assertEqual(new_batch.agreement_count, 1)

    def test_batch_lines_keep_the_content_as_sent(self):
        """The line keeps the account, holder and transfer number as handed to finance, even after a bank
        account change supersedes the agreement."""
        batch = self.sent_batch(1)
        agreement = batch.agreement_ids
        line = batch.line_ids
        self.assertEqual(
            (line.transfer_number, line.account_number, line.account_holder, line.id_card_number),
            (agreement.transfer_number, agreement.account_number, agreement.account_holder, agreement.id_card_number),
        )
        agreement.with_user(self.accountant).action_mark_signed()
        self.assertEqual((line.outcome, batch.signed_count, batch.state), ("signed", 1, "done"))

    def test_nobody_changes_or_deletes_a_batch_line(self):
        batch = self.sent_batch(1)
        line = batch.line_ids
        for env_line in (line.with_user(self.cs_user), line.sudo()):
            with self.assertRaisesRegex(UserError, "never changed"):
                env_line.write({"account_number": "6227000000000000000"})
        with self.assertRaises(AccessError):
            line.with_user(self.cs_user).unlink()
        with self.assertRaisesRegex(UserError, "never deleted"):
            line.sudo().unlink()
        with self.assertRaisesRegex(UserError, "written only when a batch is handed"):
            self.env["cs.settlement.batch.line"].sudo().create(
                {"batch_id": batch.id, "agreement_id": batch.agreement_ids.id, "company_id": self.company.id}
            )
