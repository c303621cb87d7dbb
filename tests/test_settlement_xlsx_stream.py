import base64
import io
import zipfile

import openpyxl
import xlsxwriter

from odoo.exceptions import UserError

from ..wizards import cs_xlsx_stream
from .test_settlement_flow import SettlementFlowCommon

HEADER = ["序号", "客户名称", "零售客户代码", "余额(元)"]


def xlsxwriter_file(rows):
    """The balance query as xlsxwriter writes it: every text (keys included) in the shared strings table."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return out.getvalue()


def openpyxl_file(rows):
    """The same as openpyxl writes it: every text an inline string (openpyxl 3.0 writes no shared string)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: openpyxl would take "=..." for a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xml_cell(ref, value):
    if value is None:
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def inline_file(rows, first_row=1):
    """A workbook as some bank platforms write it: inline strings (no shared strings table at all), numbers
    as <v>, rows numbered from ``first_row`` (the rows above missing from the XML)."""
    sheet_rows = "".join(
        f'<row r="{r}">' + "".join(_xml_cell(f"{'ABCDEFGH'[c]}{r}", value) for c, value in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=first_row)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="余额查询" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{sheet_rows}'
            "</sheetData></worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            book.writestr(name, text)
    return out.getvalue()


def shared_string_kinds(content):
    """{cell type attribute} of the first sheet's cells, to show how the writer stored them."""
    book = zipfile.ZipFile(io.BytesIO(content))
    sheet, _strings = cs_xlsx_stream.xlsx_parts(book)
    text = book.read(sheet).decode()
    return {kind for kind in ('t="s"', 't="inlineStr"') if kind in text}


class TestSettlementXlsxStream(SettlementFlowCommon):
    """The balance query's XLSX read as a stream (shared strings in PostgreSQL, not in Python memory)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Result = cls.env["cs.settlement.result"]

    def _balance_query(self, batch):
        """「用“转账银行编号”或者“零售户代码”在“零售客户余额查询”界面中查询…“余额(元)”栏中对应的是具体的数值则证明
        签约成功」 (000, 电子结算): the query's export, a title row above the header, the retailer codes as text."""
        a, b, c = batch.agreement_ids.sorted("transfer_number")
        rows = [
            ["零售客户余额查询", None, None, None],
            HEADER,
            [1, a.partner_id.name, a.partner_id.cs_retailer_code, 1200.5],
            [2, b.partner_id.name, b.partner_id.cs_retailer_code, "客户不属于本单位"],
            [3, c.partner_id.name, c.partner_id.cs_retailer_code, -3],
        ]
        return (a, b, c), rows

    def _assert_imported(self, batch, agreements):
        a, b, c = agreements
        self.assertEqual(
            [(x.state, x.failure_reason) for x in (a, b, c)],
            [("signed", False), ("failed", "not_unit"), ("signed", False)],
        )
        lines = self.Result.search([("batch_id", "=", batch.id)], order="line_no")
        self.assertEqual(lines.mapped("line_no"), [3, 4, 5])
        self.assertEqual(lines.mapped("key"), [x.partner_id.cs_retailer_code for x in (a, b, c)])
        self.assertEqual(lines.mapped("balance"), [1200.5, 0.0, -3.0])
        self.assertEqual(lines.mapped("outcome"), ["signed", "failed", "signed"])

    def test_rows_are_read_as_openpyxl_reads_them(self):
        """The streamed reader gives the cells openpyxl (the reader before) gives: shared strings (rich text
        included), inline strings, integers, decimals, booleans, empty cells and rows."""
        rows = [
            ["零售客户余额查询"],
            [],
            [*HEADER, "备注"],
            [1, "Store A", "004213000001", 1200.5, None],
            [2, "Store B", 4213000002, 0, True],
            [3, "Store C", "4213000003", "客户不属于本单位", "tab\tand\\backslash"],
        ]
        for name, content, kind in (
            ("xlsxwriter", xlsxwriter_file(rows), 't="s"'),
            ("openpyxl", openpyxl_file(rows), 't="inlineStr"'),
        ):
            with self.subTest(writer=name):
                self.assertEqual(shared_string_kinds(content), {kind})
                expected = [
                    list(row)
                    for row in openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
                    .worksheets[0]
                    .iter_rows(values_only=True)
                ]
                wizard = (
                    self.env["cs.settlement.import"]
                    .with_user(self.accountant)
                    .create({"file": base64.b64encode(content), "file_name": name})
                )
                read = list(wizard._cs_iter_rows(content))
                self.assertEqual([n for n, _cells in read], list(range(1, len(expected) + 1)))
                for (_n, cells), want in zip(read, expected, strict=True):
                    self.assertEqual(cells + [None] * (len(want) - len(cells)), want)

    def test_xlsxwriter_workbook_imports_as_before(self):
        batch = self.sent_batch(3)
        agreements, rows = self._balance_query(batch)
        content = xlsxwriter_file(rows)
        self.assertEqual(shared_string_kinds(content), {'t="s"'})  # the keys are shared strings
        self.import_file(content, name="零售客户余额查询.xlsx")
        self._assert_imported(batch, agreements)

    def test_openpyxl_workbook_imports_as_before(self):
        batch = self.sent_batch(3)
        agreements, rows = self._balance_query(batch)
        content = openpyxl_file(rows)
        self.assertEqual(shared_string_kinds(content), {'t="inlineStr"'})
        self.import_file(content, name="零售客户余额查询.xlsx")
        self._assert_imported(batch, agreements)

    def test_inline_strings_workbook_imports_as_before(self):
        """Inline strings and no shared strings table; the rows start on row 2 (row 1 missing in the XML)."""
        batch = self.sent_batch(3)
        agreements, rows = self._balance_query(batch)
        content = inline_file(rows[1:], first_row=2)
        self.assertEqual(shared_string_kinds(content), {'t="inlineStr"'})
        self.import_file(content, name="零售客户余额查询.xlsx")
        self._assert_imported(batch, agreements)

    def test_workbook_that_is_not_one_is_refused(self):
        batch = self.sent_batch(1)
        broken = xlsxwriter_file([HEADER])[:-200]  # cut short: its zip directory is lost
        with self.assertRaisesRegex(UserError, "not a readable XLSX workbook"):
            self.import_file(broken, name="broken.xlsx")
        self.assertEqual(batch.agreement_ids.state, "sent")

    def _sent(self, codes):
        """A batch at the bank of agreements of retailers with these retailer codes (and transfer numbers)."""
        agreements = self.Agreement
        for code, transfer in codes:
            agreements |= self.make_agreement(
                self.make_retailer(f"Store {code}", code=code), bank_id=self.ccb.id, transfer_number=transfer
            )
        agreements.action_verify()
        action = agreements.action_create_batches()
        batch = self.env["cs.settlement.batch"].browse(action["domain"][0][2])
        batch.action_send()
        return agreements

    def test_numeric_key_matches_the_code_that_lost_its_leading_zeros(self):
        """零售客户代码 and 转账银行编号 are digit strings: a bank that wrote the column as numbers lost their
        leading zeros (004213000001 became 4213000001). A number matches its code as written when one has
        it, else the digit code that reads the same with its leading zeros; a text key is matched as
        written only."""
        a, b, c, d = self._sent(
            [
                ("004213000001", "T-A"),  # matched by its retailer code without the zeros
                ("4213000002", "T-B"),  # a number equal to the code as written
                ("004213000003", "T-C"),  # a text key without the zeros: not this retailer's code
                ("4213000004", "0088000004"),  # matched by the transfer number without its zeros
            ]
        )
        content = xlsxwriter_file(
            [
                ["零售客户代码", "余额(元)"],
                [4213000001, 10],
                [4213000002, 20],
                ["4213000003", 30],
                [88000004, "其他错误"],
            ]
        )
        self.import_file(content, name="numbers.xlsx")
        self.assertEqual(
            [(x.state, x.failure_reason) for x in (a, b, c, d)],
            [("signed", False), ("signed", False), ("sent", False), ("failed", "other")],
        )
        lines = self.Result.search([("file_name", "=", "numbers.xlsx")], order="line_no")
        self.assertEqual(lines.mapped("key"), ["4213000001", "4213000002", "4213000003", "88000004"])
        self.assertEqual(lines.mapped("agreement_id"), a | b | d)
        self.assertEqual(lines.mapped("outcome"), ["signed", "signed", "unmatched", "failed"])
