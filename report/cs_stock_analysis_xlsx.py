from odoo import models

from ..models.cs_xlsx_mixin import cs_write_cell


class CsStockAnalysisXlsx(models.AbstractModel):
    """The monthly return or damage analysis as a spreadsheet: the PDF's rows and its total line."""

    _name = "report.customer_service_dept.cs_stock_analysis_xlsx"
    _inherit = "report.customer_service_dept.xlsx_base"
    _description = "Monthly Return / Damage Analysis Spreadsheet"

    def generate_xlsx_report(self, workbook, data, exports):
        formats = self._cs_formats(workbook)
        bold, money = formats["bold"], formats["money"]
        for export in exports:
            rows, _total_qty, _total_amount = export._rows()
            titles = export._spec()[3]
            kinds = export._columns()
            name = export._analysis_title()
            sheet = self._cs_sheet(workbook, name, f"{name} {export.date_from:%Y-%m}", titles, bold, formats["head"])
            for row, values in enumerate(rows, start=3):
                for col, value in enumerate(values):
                    cs_write_cell(sheet, row, col, value, money if kinds[col] == "money" else None)
            total_row = 3 + len(rows)
            cs_write_cell(sheet, total_row, 0, self.env._("Total"), bold)
            for col, total in enumerate(export._totals(rows)):
                if total is not None:
                    cs_write_cell(sheet, total_row, col, total, money if kinds[col] == "money" else bold)
            sheet.set_column(0, len(titles), 20)
