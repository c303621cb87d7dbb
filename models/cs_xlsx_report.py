from odoo import models

from .cs_xlsx_mixin import WORKBOOK_OPTIONS


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
