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
            rows, total_qty, total_amount = export._rows()
            _model, groupby, _measures, titles = export._spec()
            name = export._analysis_title()
            sheet = self._cs_sheet(workbook, name, f"{name} {export.date_from:%Y-%m}", titles, bold, formats["head"])
            # the grouping columns come first, then quantity and amount
            quantity_col = len(groupby)
            for row, values in enumerate(rows, start=3):
                for col, value in enumerate(values):
                    cs_write_cell(sheet, row, col, value, money if col == quantity_col + 1 else None)
            total_row = 3 + len(rows)
            cs_write_cell(sheet, total_row, 0, self.env._("Total"), bold)
            cs_write_cell(sheet, total_row, quantity_col, total_qty, bold)
            cs_write_cell(sheet, total_row, quantity_col + 1, total_amount, money)
            sheet.set_column(0, len(titles), 20)
