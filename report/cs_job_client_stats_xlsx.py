from odoo import models

from ..models.cs_xlsx_mixin import cs_write_row


class CsJobClientStatsXlsx(models.AbstractModel):
    """客户实绩统计表 as a spreadsheet: one row per client and month, a total per month."""

    _name = "report.customer_service_dept.cs_job_client_stats_xlsx"
    _inherit = "report.customer_service_dept.xlsx_base"
    _description = "Client Performance Statistics Spreadsheet"

    def generate_xlsx_report(self, workbook, data, rows):
        formats = self._cs_formats(workbook)
        columns = [
            self.env._("Month"),
            self.env._("Client"),
            self.env._("Client Code"),
            self.env._("Jobs"),
            self.env._("Hours"),
            self.env._("Cost"),
            self.env._("Budget"),
            self.env._("Jobs Delivered"),
            self.env._("Delivered on Time"),
            self.env._("On-time Delivery Rate (%)"),
        ]
        sheet = self._cs_sheet(
            workbook,
            self.env._("Client statistics"),
            self.env._("Client performance statistics"),
            columns,
            formats["bold"],
            formats["head"],
        )
        row = 3
        for month, stats in rows._cs_by_month():
            label = month.strftime("%Y-%m")
            for stat in stats:
                values = [
                    label,
                    stat.partner_id.name,
                    stat.client_code or "",
                    stat.job_count,
                    stat.hours,
                    stat.cost,
                    stat.budget,
                    stat.done_count,
                    stat.on_time_count,
                    stat.on_time_rate if stat.done_count else "",
                ]
                cs_write_row(sheet, row, values)
                row += 1
            totals = stats._cs_totals()
            values = [
                label,
                self.env._("Total"),
                "",
                totals["job_count"],
                totals["hours"],
                totals["cost"],
                totals["budget"],
                totals["done_count"],
                totals["on_time_count"],
                totals["on_time_rate"] if totals["done_count"] else "",
            ]
            cs_write_row(sheet, row, values)
            row += 1
        sheet.set_column(0, 0, 10)
        sheet.set_column(1, 1, 28)
        sheet.set_column(2, 9, 14)
