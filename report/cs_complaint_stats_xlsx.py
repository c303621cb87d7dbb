from odoo import models

from ..models.cs_xlsx_mixin import cs_write_cell
from ..models.cs_xlsx_mixin import cs_write_row


class CsComplaintStatsXlsx(models.AbstractModel):
    """The monthly complaint classification statistics as a spreadsheet: one row per category, then the total."""

    _name = "report.customer_service_dept.cs_complaint_stats_xlsx"
    _inherit = "report.customer_service_dept.xlsx_base"
    _description = "Monthly Complaint Classification Statistics Spreadsheet"

    def generate_xlsx_report(self, workbook, data, wizards):
        title = workbook.add_format({"bold": True, "font_size": 14})
        head = workbook.add_format({"bold": True, "border": 1, "bg_color": "#D9E1F2", "text_wrap": True})
        cell = workbook.add_format({"border": 1})
        bold = workbook.add_format({"border": 1, "bold": True})
        percent = workbook.add_format({"border": 1, "num_format": "0.0"})
        for wizard in wizards:
            rows, total = wizard._cs_statistics()
            columns = [column for column, _label in wizard._cs_columns()]
            header = [
                self.env._("Category"),
                *(label for _column, label in wizard._cs_columns()),
                self.env._("Share %"),
            ]
            month = f"{int(wizard.month):02d}"
            sheet = self._cs_sheet(
                workbook,
                f"{wizard.year}-{month}",
                self.env._(
                    "Complaint Classification Statistics %(year)s-%(month)s, %(company)s",
                    year=wizard.year,
                    month=month,
                    company=wizard.company_id.name,
                ),
                header,
                title,
                head,
            )
            sheet.set_column(0, 0, 24)
            sheet.set_column(1, len(header), 12)
            for index, row in enumerate([*rows, total], start=3):
                values = [row["name"], *(row[column] for column in columns)]
                cs_write_row(sheet, index, values, bold if row is total else cell)
                cs_write_cell(sheet, index, len(columns) + 1, row["share"], percent)
