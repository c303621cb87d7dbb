from odoo import models

from ..models.cs_xlsx_mixin import cs_write_cell
from ..models.cs_xlsx_mixin import cs_write_row


class CsDailyShipmentXlsx(models.AbstractModel):
    """The daily shipment report (每日發貨報告) as a spreadsheet: one sheet of shipments, one of the
    deliveries not shipped yet."""

    _name = "report.customer_service_dept.daily_shipment_xlsx"
    _inherit = "report.customer_service_dept.xlsx_base"
    _description = "Daily Shipment Report (XLSX)"

    def generate_xlsx_report(self, workbook, data, records):
        styles = self._cs_formats(workbook)
        for report in records:
            self._cs_shipment_sheet(workbook, styles, report)
            self._cs_pending_sheet(workbook, styles, report)

    def _cs_header(self, sheet, styles, report, title):
        cs_write_cell(sheet, 0, 0, title, styles["bold"])
        cs_write_row(
            sheet,
            1,
            [
                report.company_id.name,
                self.env._("Day"),
                str(report.date),
                self.env._("Prepared by"),
                report._prepared_by(),
                self.env._("Printed"),
                report._printed_at(),
            ],
        )

    def _cs_shipment_sheet(self, workbook, styles, report):
        title = self.env._("Daily Shipment Report")
        sheet = workbook.add_worksheet(f"{title} {report.date}"[:31])
        self._cs_header(sheet, styles, report, title)
        cs_write_row(
            sheet,
            3,
            [
                self.env._("Delivery"),
                self.env._("Shipped at"),
                self.env._("Customer"),
                self.env._("Product"),
                self.env._("Quantity"),
                self.env._("Unit"),
                self.env._("Cases"),
                self.env._("Case"),
                self.env._("Amount"),
            ],
            styles["head"],
        )
        rows, totals = report._rows()
        row_index = 4
        for row in rows:
            cs_write_row(
                sheet,
                row_index,
                [
                    row["delivery"],
                    row["time"],
                    row["customer"],
                    row["product"],
                    row["quantity"],
                    row["unit"],
                    row["cases"] if row["cases"] is not None else "",
                    row["case_unit"],
                ],
            )
            cs_write_cell(sheet, row_index, 8, row["amount"], styles["money"])
            row_index += 1
        cs_write_cell(sheet, row_index, 0, self.env._("Total"), styles["bold"])
        cs_write_cell(sheet, row_index, 4, totals["quantity"], styles["bold"])
        cs_write_cell(sheet, row_index, 6, totals["cases"], styles["bold"])
        cs_write_cell(sheet, row_index, 8, totals["amount"], styles["money"])
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, 1, 10)
        sheet.set_column(2, 3, 26)
        sheet.set_column(4, 8, 12)

    def _cs_pending_sheet(self, workbook, styles, report):
        title = self.env._("Not Shipped Yet")
        sheet = workbook.add_worksheet(f"{title} {report.date}"[:31])
        self._cs_header(sheet, styles, report, title)
        cs_write_row(
            sheet,
            3,
            [self.env._("Delivery"), self.env._("Customer"), self.env._("Scheduled"), self.env._("Status")],
            styles["head"],
        )
        for row_index, row in enumerate(report._pending_rows(), start=4):
            cs_write_row(sheet, row_index, [row["delivery"], row["customer"], row["scheduled"], row["state"]])
        sheet.set_column(0, 3, 22)
