import io
from datetime import timedelta

import openpyxl
from freezegun import freeze_time
from lxml import html as lxml_html

from odoo import fields
from odoo.tests import BaseCase
from odoo.tests import tagged

from ..models.cs_xlsx_mixin import cs_new_workbook
from ..models.cs_xlsx_mixin import cs_write_row
from .common import render_xlsx
from .common_jobs import JobCommon
from .test_settlement_flow import SettlementFlowCommon

A4 = "customer_service_dept.paperformat_cs_a4"


def render_html(env, report_ref, records):
    return env["ir.actions.report"]._render_qweb_html(report_ref, records.ids)[0].decode()


def identification_rows(page):
    """Text of the identification rows that wkhtmltopdf repeats on each page (first row of a thead)."""
    tree = lxml_html.fromstring(page)
    return [" ".join(row.text_content().split()) for row in tree.xpath("//thead/tr[contains(@class, 'o_cs_ident')]")]


def draft_marks(page):
    return lxml_html.fromstring(page).xpath("//*[contains(@class, 'o_cs_draft_banner')]")


class TestSpreadsheetCells(BaseCase):
    def test_user_text_stays_text_numbers_stay_numbers(self):
        """Every workbook of the addon: no formula, no link, identifiers with leading zeros kept."""
        out = io.BytesIO()
        book = cs_new_workbook(out)
        sheet = book.add_worksheet("x")
        cs_write_row(sheet, 0, ["=1+1", "http://example.com", "0012", 5, 2.5, None, False, "@home"])
        book.close()
        cells = next(openpyxl.load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())
        self.assertEqual(
            [(c.value, c.data_type) for c in cells[:5]],
            [("=1+1", "s"), ("http://example.com", "s"), ("0012", "s"), (5, "n"), (2.5, "n")],
        )
        self.assertEqual((cells[5].value, cells[6].value, cells[7].value), (None, None, "@home"))


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 02:00:00")  # Monday 10:00 in Shanghai
class TestReportPaper(JobCommon):
    def test_every_report_of_the_addon_prints_on_a4(self):
        """Chinese offices print on A4: no report of the addon may fall back to Letter."""
        actions = self.env["ir.model.data"].search(
            [("module", "=", "customer_service_dept"), ("model", "=", "ir.actions.report")]
        )
        # a spreadsheet (report_type xlsx) has no paper
        reports = (
            self.env["ir.actions.report"].browse(actions.mapped("res_id")).filtered(lambda r: r.report_type != "xlsx")
        )
        self.assertGreaterEqual(len(reports), 7)
        paper = self.env.ref(A4)
        self.assertEqual((paper.format, paper.orientation), ("A4", "Portrait"))
        for report in reports:
            self.assertEqual(report.paperformat_id, paper, report.report_name)
            self.assertEqual(report.get_paperformat().format, "A4", report.report_name)

    def test_tables_repeat_their_titles_and_keep_rows_whole(self):
        ticket = self.make_ticket(title="Spring poster")
        page = render_html(self.env, "customer_service_dept.action_report_cs_job_ticket", ticket)
        self.assertIn("thead { display: table-header-group; }", page)
        self.assertIn("tr { page-break-inside: avoid; }", page)

    def test_job_ticket_repeats_number_client_and_status_in_thead(self):
        client = self.Partner.create(
            {"name": "Lieshan Grocery", "is_company": True, "company_id": self.company.id, "client_code": "0042SZ"}
        )
        ticket = self.make_ticket(title="Spring poster", partner_id=client.id)
        ticket.action_submit()
        ticket.with_user(self.cr_manager).action_approve()
        page = render_html(self.env, "customer_service_dept.action_report_cs_job_ticket", ticket)
        (ident,) = identification_rows(page)
        for text in (ticket.name, "Spring poster", "Lieshan Grocery", "0042SZ", "Approved"):
            self.assertIn(text, ident)
        self.assertFalse(draft_marks(page), "an approved ticket prints without the draft mark")

    def test_draft_job_ticket_prints_a_draft_mark(self):
        """A job ticket not yet approved by the department head (营业主管签章) is no order: it says so."""
        ticket = self.make_ticket(title="Spring poster")
        page = render_html(self.env, "customer_service_dept.action_report_cs_job_ticket", ticket)
        self.assertEqual(len(draft_marks(page)), 1)
        self.assertIn("DRAFT", identification_rows(page)[0])

    def _submitted_now(self, **vals):
        """A ticket submitted now (the week's report lists submitted work, not drafts)."""
        ticket = self.make_ticket(due=fields.Date.context_today(self.env.user) + timedelta(days=30), **vals)
        ticket.action_submit()
        return ticket

    def _this_week(self, user=None):
        return (
            self.env["cs.job.weekly.report"]
            .with_user(user or self.env.user)
            .create({"date": self.env.cr.now().date(), "company_id": self.company.id})
        )

    def test_weekly_report_repeats_the_week_in_thead(self):
        self._submitted_now(title="Poster")
        report = self._this_week()
        page = render_html(self.env, "customer_service_dept.action_report_cs_job_weekly", report)
        (ident,) = identification_rows(page)
        self.assertIn("Weekly Status Report", ident)
        self.assertIn(self.company.name, ident)

    def test_weekly_xlsx_keeps_formula_like_titles_as_text(self):
        """Spreadsheets mailed to managers carry data, never formulas or links."""
        titles = ["=1+1", '=HYPERLINK("http://example.com/x","click")', "http://example.com/y", "+86 722 1234"]
        client = self.Partner.create(
            {"name": "Lieshan Grocery", "is_company": True, "company_id": self.company.id, "client_code": "00421"}
        )
        for title in titles:
            self._submitted_now(title=title, partner_id=client.id)
        # the Customer Service user who opened the tickets prints the week
        report = self._this_week(self.opener)
        sheet = render_xlsx(report.env, "customer_service_dept.action_report_cs_job_weekly_xlsx", report.ids).active
        cells = {sheet.cell(row, 5).value: sheet.cell(row, 5) for row in range(4, sheet.max_row + 1)}
        self.assertEqual(set(cells), set(titles))
        for title, cell in cells.items():
            self.assertEqual(cell.data_type, "s", title)
        self.assertFalse(sheet._hyperlinks)
        code = sheet.cell(4, 2)
        self.assertEqual((code.value, code.data_type), ("00421", "s"))


@tagged("post_install", "-at_install")
class TestSettlementReportPaper(SettlementFlowCommon):
    def _batch(self, count=2, **vals):
        agreements = self.verified(count, **vals)
        action = agreements.action_create_batches()
        return self.env["cs.settlement.batch"].browse(action["domain"][0][2])

    def test_signing_sheet_repeats_batch_and_bank_in_thead(self):
        """Each page of the signing sheet names its batch and bank (电子结算签约表 goes to the bank by bank)."""
        batch = self._batch()
        batch.action_send()
        page = render_html(self.env, "customer_service_dept.action_report_cs_settlement_batch", batch)
        (ident,) = identification_rows(page)
        for text in (batch.name, "中国建设银行", "(105)", "Handed to Finance"):
            self.assertIn(text, ident)
        self.assertFalse(draft_marks(page))

    def test_every_sheet_of_a_long_signing_sheet_names_batch_bank_and_columns(self):
        """A batch longer than one sheet of paper: each sheet starts with its own identification and
        column titles (Debian's wkhtmltopdf repeats neither a thead nor the layout header)."""
        batch = self._batch(30)
        page = render_html(self.env, "customer_service_dept.action_report_cs_settlement_batch", batch)
        idents = identification_rows(page)
        self.assertEqual(len(idents), 2)
        for number, ident in enumerate(idents, start=1):
            self.assertIn(batch.name, ident)
            self.assertIn("中国建设银行 (105)", ident)
            self.assertIn(f"Page {number} / 2", ident)
        tree = lxml_html.fromstring(page)
        titles = tree.xpath("//thead/tr[not(contains(@class, 'o_cs_ident'))]/th[2]")
        self.assertEqual([" ".join(t.text_content().split()) for t in titles], ["Transfer Bank Number"] * 2)
        numbers = [row.xpath("td[1]")[0].text_content().strip() for row in tree.xpath("//table/tbody/tr")]
        self.assertEqual(numbers, [str(n) for n in range(1, 31)])
        self.assertEqual(len(tree.xpath("//*[contains(@class, 'o_cs_page_break')]")), 1)

    def test_draft_signing_sheet_prints_a_draft_mark(self):
        batch = self._batch()
        page = render_html(self.env, "customer_service_dept.action_report_cs_settlement_batch", batch)
        self.assertEqual(len(draft_marks(page)), 1)
        self.assertIn("DRAFT", identification_rows(page)[0])

    def test_banks_carry_their_chinese_names(self):
        """「按照“農行”、“建行”、“工行”進行分組」: the signing sheets name the banks as the banks do."""
        self.assertEqual(
            (self.abc.name, self.ccb.name, self.icbc.name), ("中国农业银行", "中国建设银行", "中国工商银行")
        )

    def test_signing_sheet_xlsx_keeps_account_numbers_as_text(self):
        """Account numbers with leading zeros stay text; a holder named "=..." is no formula."""
        retailer = self.make_retailer('=HYPERLINK("http://example.com","Store")', registered="=SUM(1)")
        agreement = self.make_agreement(
            retailer,
            account_kind="passbook",
            passbook_anywhere=True,
            account_number="0012345678901234567",
            account_holder="=SUM(1)",
        )
        agreement.action_verify()
        action = agreement.action_create_batches()
        batch = self.env["cs.settlement.batch"].browse(action["domain"][0][2])
        # the settlement accountant prints it for the bank
        sheet = render_xlsx(
            batch.with_user(self.accountant).env,
            "customer_service_dept.action_report_cs_settlement_batch_xlsx",
            batch.ids,
        ).active
        number, holder = sheet.cell(4, 5), sheet.cell(4, 4)
        self.assertEqual((number.value, number.data_type), ("0012345678901234567", "s"))
        self.assertEqual((holder.value, holder.data_type), ("=SUM(1)", "s"))
        self.assertEqual(sheet.cell(4, 3).data_type, "s")
        self.assertFalse(sheet._hyperlinks)
        self.assertIn("中国建设银行", sheet.cell(1, 1).value)
