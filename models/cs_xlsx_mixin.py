import base64
import io

import xlsxwriter

from odoo import models

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CsXlsxMixin(models.AbstractModel):
    """Spreadsheets made with xlsxwriter, kept as an attachment of the record."""

    _name = "cs.xlsx.mixin"
    _description = "Spreadsheet Export"

    def _cs_workbook(self, sheet_name):
        """A workbook in memory with one sheet and the house styles.

        Returns ``(out, book, sheet, bold, head)``; finish with ``_cs_workbook_bytes(out, book)``.
        """
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        sheet = book.add_worksheet(sheet_name[:31])  # Excel's limit for sheet names
        bold = book.add_format({"bold": True})
        head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        return out, book, sheet, bold, head

    @staticmethod
    def _cs_workbook_bytes(out, book):
        book.close()
        return out.getvalue()

    def _cs_xlsx_attachment(self, filename, data):
        self.ensure_one()
        return self.env["ir.attachment"].create(
            {
                "name": filename,
                "datas": base64.b64encode(data),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": XLSX_MIMETYPE,
            }
        )

    def _cs_xlsx_download(self, filename, data):
        """An action that downloads the spreadsheet in the browser."""
        attachment = self._cs_xlsx_attachment(filename, data)
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "self"}
