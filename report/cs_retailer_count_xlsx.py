from odoo import models

from ..models.cs_xlsx_mixin import cs_write_cell
from ..models.cs_xlsx_mixin import cs_write_row


class CsRetailerCountXlsx(models.AbstractModel):
    """零售户户数情况统计表 as a spreadsheet: the three tables (order method, business format, market type)
    one under the other, each with count, share % and total."""

    _name = "report.customer_service_dept.cs_retailer_count_xlsx"
    _inherit = "report.customer_service_dept.xlsx_base"
    _description = "Retailer Counts Spreadsheet"

    def generate_xlsx_report(self, workbook, data, wizards):
        formats = self._cs_formats(workbook)
        percent = workbook.add_format({"num_format": "0.0"})
        for wizard in wizards:
            sheet = workbook.add_worksheet(self._check_ws_name(self.env._("Retailer counts")))
            cs_write_cell(sheet, 0, 0, self.env._("Retailer count statistics"), formats["bold"])
            cs_write_row(
                sheet,
                1,
                [
                    self.env._("Company"),
                    wizard.company_id.name,
                    self.env._("Market Department"),
                    wizard.market_department or self.env._("All"),
                ],
            )
            row = 3
            for title, lines, total in wizard._cs_tables():
                cs_write_cell(sheet, row, 0, title, formats["bold"])
                cs_write_row(sheet, row + 1, [title, self.env._("Retailers"), self.env._("Share (%)")], formats["head"])
                row += 2
                for label, count, share in lines:
                    cs_write_cell(sheet, row, 0, label)
                    cs_write_cell(sheet, row, 1, count)
                    cs_write_cell(sheet, row, 2, share, percent)
                    row += 1
                cs_write_cell(sheet, row, 0, self.env._("Total"), formats["bold"])
                cs_write_cell(sheet, row, 1, total, formats["bold"])
                cs_write_cell(sheet, row, 2, 100.0 if total else 0.0, percent)
                row += 2
            sheet.set_column(0, 0, 36)
            sheet.set_column(1, 2, 14)
