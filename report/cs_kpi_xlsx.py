from odoo import models

from ..models.cs_xlsx_mixin import cs_write_cell
from ..models.cs_xlsx_mixin import cs_write_row

PERIOD_ORDER = ("week1", "week2", "week3", "week4", "month")


class CsKpiReportXlsx(models.AbstractModel):
    """客户服务部重要衡量指标跟踪表 as a spreadsheet: one row per indicator and measure (figure, numerator,
    denominator), one column per week and the month; "n/a" where the denominator is zero."""

    _name = "report.customer_service_dept.cs_kpi_report_xlsx"
    _inherit = "report.customer_service_dept.xlsx_base"
    _description = "KPI Tracking Table (XLSX)"

    def generate_xlsx_report(self, workbook, data, records):
        formats = self._cs_formats(workbook)
        number = workbook.add_format({"num_format": "#,##0.00"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        for report in records:
            sheet = workbook.add_worksheet(report.date.strftime("%Y-%m"))
            table = report._kpi_table()
            labels = report._kpi_labels()
            period_labels = report._period_labels()
            dates = report._period_dates()
            formulas = report.env["cs.kpi.report.line"]._formulas()
            cs_write_cell(sheet, 0, 0, self.env._("Customer Service KPI Tracking Table"), formats["bold"])
            cs_write_row(sheet, 1, [report.company_id.name, report.date.strftime("%Y-%m")])
            head = [self.env._("Indicator"), self.env._("Measure")]
            head += [f"{period_labels[p]} ({dates[p][0]:%m-%d} - {dates[p][1]:%m-%d})" for p in PERIOD_ORDER]
            head.append(self.env._("Formula"))
            cs_write_row(sheet, 3, head, formats["head"])
            row = 4
            measures = [
                ("figure", self.env._("Figure")),
                ("numerator", self.env._("Numerator")),
                ("denominator", self.env._("Denominator")),
            ]
            for kpi, periods in table.items():
                for measure, measure_label in measures:
                    cs_write_cell(sheet, row, 0, labels[kpi], formats["bold"] if measure == "figure" else None)
                    cs_write_cell(sheet, row, 1, measure_label)
                    for col, period in enumerate(PERIOD_ORDER, start=2):
                        line = periods.get(period)
                        if not line:
                            continue
                        if measure == "figure":
                            value = round(line.value, 2) if line.measured and line.denominator else self.env._("n/a")
                        else:
                            value = line[measure]
                        cs_write_cell(sheet, row, col, value, number if not isinstance(value, str) else None)
                    if measure == "figure":
                        cs_write_cell(sheet, row, 2 + len(PERIOD_ORDER), formulas[kpi], wrap)
                    row += 1
            cs_write_cell(
                sheet,
                row + 1,
                0,
                self.env._("n/a: the denominator is zero, there was nothing to measure in that period."),
            )
            sheet.set_column(0, 0, 32)
            sheet.set_column(1, 1, 14)
            sheet.set_column(2, 1 + len(PERIOD_ORDER), 16)
            sheet.set_column(2 + len(PERIOD_ORDER), 2 + len(PERIOD_ORDER), 80)
