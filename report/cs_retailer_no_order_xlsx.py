from odoo import models

from ..models.cs_xlsx_mixin import cs_write_cell
from ..models.cs_xlsx_mixin import cs_write_row


class CsRetailerNoOrderXlsx(models.AbstractModel):
    """未订货客户明细 as a spreadsheet: one row per retailer who did not order in the period.

    Retailer codes and phones are text (leading zeros kept); the last order date is the reader's local time.
    """

    _name = "report.customer_service_dept.cs_retailer_no_order_xlsx"
    _inherit = "report.customer_service_dept.xlsx_base"
    _description = "Retailers Who Did Not Order Spreadsheet"

    def generate_xlsx_report(self, workbook, data, wizards):
        formats = self._cs_formats(workbook)
        columns = [
            self.env._("Retailer Code"),
            self.env._("Retailer"),
            self.env._("Customer Manager"),
            self.env._("Visit-sale Phone"),
            self.env._("Market Department"),
            self.env._("Delivery Route"),
            self.env._("Order Method"),
            self.env._("Last Order"),
        ]
        for wizard in wizards:
            methods = dict(wizard.line_ids._fields["order_method"]._description_selection(self.env))
            sheet = self._cs_sheet(
                workbook,
                self.env._("Did not order"),
                self.env._(
                    "Retailers who did not order from %(start)s to %(end)s (%(tz)s)",
                    start=str(wizard.date_from),
                    end=str(wizard.date_to),
                    tz=wizard._cs_tz(),
                ),
                columns,
                formats["bold"],
                formats["head"],
            )
            row = 3
            for line in wizard.line_ids:
                cs_write_row(
                    sheet,
                    row,
                    [
                        line.retailer_code or "",
                        line.partner_id.name or "",
                        line.customer_manager_id.name or "",
                        line.visit_phone or "",
                        line.market_department or "",
                        line.delivery_route or "",
                        methods.get(line.order_method, ""),
                        wizard._cs_format_datetime(line.last_order_date),
                    ],
                )
                row += 1
            cs_write_cell(sheet, row, 0, self.env._("Total"), formats["bold"])
            cs_write_cell(sheet, row, 1, len(wizard.line_ids), formats["bold"])
            sheet.set_column(0, 0, 16)
            sheet.set_column(1, 1, 30)
            sheet.set_column(2, 7, 16)
