from odoo import models

from ..models.cs_xlsx_mixin import cs_write_cell
from ..models.cs_xlsx_mixin import cs_write_row


class CsCallbackSummaryXlsx(models.AbstractModel):
    """回访总结报告 as a spreadsheet: the same figures as the PDF."""

    _name = "report.customer_service_dept.callback_summary_xlsx"
    _inherit = "report.customer_service_dept.xlsx_base"
    _description = "Callback Summary Spreadsheet"

    def _cs_header(self):
        return [
            self.env._("Caller"),
            self.env._("Due"),
            self.env._("Done"),
            self.env._("On Time"),
            self.env._("Late"),
            self.env._("Not Yet Called"),
            self.env._("Members Due"),
            self.env._("Members Called"),
            self.env._("Satisfied"),
            self.env._("Average"),
            self.env._("Not Satisfied"),
            self.env._("On-time Rate %"),
            self.env._("Member Callback Rate %"),
            self.env._("Satisfaction Rate %"),
        ]

    @staticmethod
    def _cs_values(figures):
        return [
            figures["due"],
            figures["done"],
            figures["on_time"],
            figures["late"],
            figures["open"],
            figures["members_due"],
            figures["members_done"],
            figures["satisfied"],
            figures["average"],
            figures["not_satisfied"],
        ]

    def generate_xlsx_report(self, workbook, data, wizards):
        formats = self._cs_formats(workbook)
        for wizard in wizards:
            total, callers = wizard._cs_summary()
            sheet = workbook.add_worksheet(f"{wizard.date_from}")
            cs_write_cell(
                sheet,
                0,
                0,
                self.env._(
                    "Callback Summary Report %(start)s – %(end)s, %(company)s",
                    start=wizard.date_from.isoformat(),
                    end=wizard.date_to.isoformat(),
                    company=wizard.company_id.name,
                ),
                formats["bold"],
            )
            cs_write_row(sheet, 2, self._cs_header(), formats["head"])
            sheet.set_column(0, 0, 20)
            rows = [(user.name or self.env._("Nobody"), figures) for user, figures in callers]
            rows.append((self.env._("Total"), total))
            for index, (name, figures) in enumerate(rows, start=3):
                rates = [figures["on_time_rate"], figures["member_rate"], figures["satisfaction_rate"]]
                cs_write_row(
                    sheet,
                    index,
                    [name, *self._cs_values(figures), *(wizard._cs_rate(r) if r is None else r for r in rates)],
                )
            row = 4 + len(rows)
            cs_write_cell(sheet, row, 0, self.env._("Analysis and Improvements"), formats["bold"])
            cs_write_cell(sheet, row + 1, 0, wizard.analysis or "")
