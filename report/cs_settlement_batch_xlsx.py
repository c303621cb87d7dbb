from odoo import models

from ..models.cs_xlsx_mixin import cs_write_cell


class CsSettlementBatchXlsx(models.AbstractModel):
    """电子结算签约表 as a spreadsheet: one row per agreement of the batch, in transfer bank number order."""

    _name = "report.customer_service_dept.cs_settlement_batch_xlsx"
    _inherit = "report.customer_service_dept.xlsx_base"
    _description = "E-settlement Signing Sheet Spreadsheet"

    def generate_xlsx_report(self, workbook, data, batches):
        formats = self._cs_formats(workbook)
        # account, ID card and transfer numbers are identifiers: text cells, never 6.22E+18
        text = workbook.add_format({"num_format": "@"})
        columns = [
            self.env._("No."),
            self.env._("Transfer Bank Number"),
            self.env._("Retailer"),
            self.env._("Account Holder"),
            self.env._("Account Number"),
            self.env._("Account Kind"),
            self.env._("ID Card Number"),
            self.env._("Deposit and Withdraw Anywhere"),
            self.env._("Status"),
        ]
        Agreement = self.env["cs.settlement.agreement"]
        kinds = dict(Agreement._fields["account_kind"]._description_selection(self.env))
        yes, no = self.env._("Yes"), self.env._("No")
        for batch in batches:
            title = self.env._(
                "E-settlement signing sheet %(batch)s - %(bank)s", batch=batch.name, bank=batch.bank_id.name
            )
            sheet = self._cs_sheet(
                workbook, self.env._("Signing sheet"), title, columns, formats["bold"], formats["head"]
            )
            # once handed to finance: the batch's lines, as sent
            for row_values in batch._cs_sheet_rows():
                row = row_values["number"] + 2
                cs_write_cell(sheet, row, 0, row_values["number"])
                values = [
                    row_values["transfer_number"],
                    row_values["retailer"],
                    row_values["account_holder"],
                    row_values["account_number"],
                    kinds[row_values["account_kind"]],
                    row_values["id_card_number"],
                    yes if row_values["passbook_anywhere"] else no,
                    row_values["status"],
                ]
                for col, value in enumerate(values, start=1):
                    cs_write_cell(sheet, row, col, value or "", text)
            sheet.set_column(0, 0, 6)
            sheet.set_column(1, 8, 22)
