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
            self._cs_write_improvements(sheet, index + 2, wizard._cs_improvements(), title, head, cell)

    def _cs_write_improvements(self, sheet, first_row, sections, title, head, cell):
        """The improvement measures (改进对策) and accountability of the month, by category, under the table."""
        cs_write_cell(sheet, first_row, 0, self.env._("Improvement Measures and Accountability"), title)
        cs_write_row(
            sheet,
            first_row + 1,
            [
                self.env._("Category"),
                self.env._("Complaint"),
                self.env._("Customer"),
                self.env._("Improvement Measures"),
                self.env._("Accountability"),
            ],
            head,
        )
        row = first_row + 2
        for section in sections:
            for line in section["lines"]:
                values = [section["name"], line["complaint"], line["customer"], line["measures"]]
                cs_write_row(sheet, row, [*values, line["accountability"]], cell)
                row += 1
        if not sections:
            cs_write_cell(sheet, row, 0, self.env._("No improvement measures recorded this month."), cell)
