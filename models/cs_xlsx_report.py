from odoo import api
from odoo import models
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time

from .cs_xlsx_mixin import WORKBOOK_OPTIONS
from .cs_xlsx_mixin import XLSX_MIMETYPE
from .cs_xlsx_mixin import cs_write_cell
from .cs_xlsx_mixin import cs_write_row


class CsXlsxReport(models.AbstractModel):
    """Base of the addon's spreadsheets: OCA ``report_xlsx`` report actions.

    A spreadsheet is an ``ir.actions.report`` with ``report_type="xlsx"`` and
    ``report_name="customer_service_dept.<name>"``, printed from the Print menu
    beside its PDF; its renderer is an abstract model
    ``report.customer_service_dept.<name>`` inheriting this one and implementing
    ``generate_xlsx_report(workbook, data, records)``. Cells are written with
    ``cs_write_cell``/``cs_write_row`` (``models/cs_xlsx_mixin.py``): user text
    stays text, never a formula or a link.
    """

    _name = "report.customer_service_dept.xlsx_base"
    _inherit = "report.report_xlsx.abstract"
    _description = "Customer Service Spreadsheet"

    def get_workbook_options(self):
        return dict(WORKBOOK_OPTIONS)

    def _cs_formats(self, workbook):
        """The house styles: ``{"bold", "head", "date", "money"}``."""
        return {
            "bold": workbook.add_format({"bold": True}),
            "head": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
        }

    def _cs_sheet(self, workbook, name, title, columns, title_format, head_format):
        """A new sheet with its title in A1 and the column titles in row 3; the data starts in row 4.

        The sheet name loses the characters Excel refuses and is cut to 31 characters
        (``report_xlsx_helper``); two sheets of the same name are numbered by ``report_xlsx``.
        """
        sheet = workbook.add_worksheet(self._check_ws_name(name))
        cs_write_cell(sheet, 0, 0, title, title_format)
        cs_write_row(sheet, 2, columns, head_format)
        return sheet

    @api.model
    def _cs_attachment(self, report_ref, record):
        """The spreadsheet of ``record`` rendered by its report action, as an attachment of the record.

        For scheduled mails: the file is the one a user prints from the report action,
        named by its ``print_report_name``.
        """
        report = self.env.ref(report_ref)
        content, _kind = self.env["ir.actions.report"]._render_xlsx(report, record.ids, {})
        name = safe_eval(report.print_report_name, {"object": record, "time": time})
        return self.env["ir.attachment"].create(
            {
                "name": f"{name}.xlsx",
                "raw": content,
                "mimetype": XLSX_MIMETYPE,
                "res_model": record._name,
                "res_id": record.id,
            }
        )
