import io
import json

import openpyxl

from odoo.tests import HttpCase
from odoo.tests import tagged

from ..models.cs_xlsx_mixin import WORKBOOK_OPTIONS
from ..models.cs_xlsx_mixin import XLSX_MIMETYPE
from .test_settlement_flow import SettlementFlowCommon

# each spreadsheet of the addon beside its PDF (the daily shipment report and the KPI table have their own)
PAIRS = {
    "customer_service_dept.action_report_cs_job_weekly_xlsx": "customer_service_dept.action_report_cs_job_weekly",
    "customer_service_dept.action_report_cs_stock_analysis_xlsx": (
        "customer_service_dept.action_report_cs_stock_analysis"
    ),
    "customer_service_dept.cs_complaint_stats_report_action_xlsx": (
        "customer_service_dept.cs_complaint_stats_report_action"
    ),
    "customer_service_dept.action_report_cs_settlement_batch_xlsx": (
        "customer_service_dept.action_report_cs_settlement_batch"
    ),
}


@tagged("post_install", "-at_install")
class TestXlsxReports(SettlementFlowCommon, HttpCase):
    """Spreadsheets are OCA ``report_xlsx`` report actions: printed where their PDF is printed, downloaded
    through the report controller as the user who asks, with that user's rights."""

    def download(self, action, login):
        """What report_xlsx's client does with an XLSX report action: ``/report/download`` of the action's
        ``/report/xlsx/<report_name>/<active_ids>`` URL, in ``login``'s session."""
        self.authenticate(login, login)
        ids = ",".join(str(i) for i in action["context"]["active_ids"])
        url = f"/report/xlsx/{action['report_name']}/{ids}?context={json.dumps({'lang': 'en_US'})}"
        return self.url_open("/report/download", params={"data": json.dumps([url, "xlsx"]), "context": "{}"})

    def test_each_spreadsheet_sits_beside_its_pdf(self):
        """Same model, same Print menu binding, same groups as the PDF; its renderer is the addon's safe base."""
        for xlsx_ref, pdf_ref in PAIRS.items():
            xlsx, pdf = self.env.ref(xlsx_ref), self.env.ref(pdf_ref)
            with self.subTest(report=xlsx_ref):
                self.assertEqual(xlsx.report_type, "xlsx")
                self.assertEqual(
                    (xlsx.model, xlsx.binding_model_id, xlsx.binding_type, xlsx.group_ids),
                    (pdf.model, pdf.binding_model_id, pdf.binding_type, pdf.group_ids),
                )
                renderer = self.env[f"report.{xlsx.report_name}"]
                self.assertEqual(renderer.get_workbook_options(), WORKBOOK_OPTIONS)

    def test_accountant_downloads_the_signing_sheet_from_its_report_action(self):
        """The settlement accountant's browser downloads the batch's XLSX: named after the batch, account
        numbers as text."""
        batch = self.sent_batch(2)
        first = batch.agreement_ids.sorted("transfer_number")[0]
        response = self.download(batch.with_user(self.accountant).action_export_xlsx(), "cs_accountant")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], XLSX_MIMETYPE)
        self.assertIn("signing-sheet-", response.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(
            [c.value for c in sheet[4]][:5],
            [1, first.transfer_number, first.partner_id.name, "Zhang San", first.account_number],
        )
        self.assertEqual(sheet.cell(4, 5).data_type, "s")

    def test_a_user_without_settlement_rights_gets_no_signing_sheet(self):
        """The spreadsheet reads the batch as the user who asks: an employee outside Customer Service and
        finance gets an access error, not the retailers' account numbers."""
        batch = self.sent_batch(1)
        action = self.env.ref("customer_service_dept.action_report_cs_settlement_batch_xlsx").report_action(
            batch, config=False
        )
        with self.assertLogs("odoo.addons.report_xlsx.controllers.main", level="ERROR") as logs:
            response = self.download(action, "plain_employee")
        self.assertIn("AccessError", logs.output[0])
        self.assertNotEqual(response.headers.get("Content-Type"), XLSX_MIMETYPE)
        self.assertNotIn(batch.agreement_ids.account_number, response.text)
        self.assertIn("AccessError", response.text)
