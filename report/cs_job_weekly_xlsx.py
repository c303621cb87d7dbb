from odoo import models

from ..models.cs_xlsx_mixin import cs_write_row


class CsJobWeeklyXlsx(models.AbstractModel):
    """每周五工作进度报告 as a spreadsheet: one row per job ticket open during the week."""

    _name = "report.customer_service_dept.cs_job_weekly_xlsx"
    _inherit = "report.customer_service_dept.xlsx_base"
    _description = "Weekly Job Status Spreadsheet"

    def generate_xlsx_report(self, workbook, data, reports):
        formats = self._cs_formats(workbook)
        columns = [
            self.env._("Client"),
            self.env._("Client Code"),
            self.env._("Status"),
            self.env._("Job Number"),
            self.env._("Title"),
            self.env._("Department"),
            self.env._("Opener"),
            self.env._("Due Date"),
            self.env._("Next Action"),
            self.env._("Hours Spent"),
            self.env._("Hours This Week"),
            self.env._("Milestones This Week"),
            self.env._("Budget"),
            self.env._("Cost"),
            self.env._("Over Budget"),
        ]
        for report in reports:
            title = self.env._(
                "Weekly status report %(date_from)s - %(date_to)s",
                date_from=report.date_from,
                date_to=report.date_to,
            )
            sheet = self._cs_sheet(
                workbook, self.env._("Job tickets"), title, columns, formats["bold"], formats["head"]
            )
            row = 3
            hours = report._hours_in_week(report._tickets())
            for partner, groups in report._lines():
                for label, tickets in groups:
                    for ticket in tickets:
                        values = [
                            partner.name,
                            partner.client_code or "",
                            label,
                            ticket.name or "",
                            ticket.title,
                            ticket.department_id.name,
                            ticket.user_id.name,
                            (ticket.date_due and str(ticket.date_due)) or "",
                            ticket.next_action or "",
                            ticket.hours_spent,
                            hours.get(ticket.id, 0.0),
                            report._milestones(ticket),
                            ticket.budget,
                            ticket.cost,
                            self.env._("Over budget") if ticket.over_budget else "",
                        ]
                        cs_write_row(sheet, row, values)
                        row += 1
            sheet.set_column(0, 1, 28)
            sheet.set_column(2, 10, 16)
            sheet.set_column(11, 11, 40)
            sheet.set_column(12, 14, 16)
