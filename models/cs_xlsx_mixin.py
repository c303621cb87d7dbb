import base64
import io

import xlsxwriter

from odoo import models

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Spreadsheets carry data, never formulas: a ticket title "=1+1" or "=HYPERLINK(...)" stays text.
WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}


def cs_new_workbook(out):
    """An xlsxwriter workbook that never turns user text into formulas or links."""
    return xlsxwriter.Workbook(out, WORKBOOK_OPTIONS)


def cs_write_cell(sheet, row, col, value, cell_format=None):
    """Write one cell by its Python type: numbers as numbers, everything else as text.

    Text always goes through ``write_string`` (never the type-guessing ``write``), so user text,
    codes and account numbers ("0012...") stay exactly as typed.
    """
    if isinstance(value, bool) or value is None:
        value = "" if value in (None, False) else str(value)
    if isinstance(value, int | float):
        return sheet.write_number(row, col, value, cell_format)
    if value == "":
        return sheet.write_blank(row, col, None, cell_format)
    return sheet.write_string(row, col, str(value), cell_format)


def cs_write_row(sheet, row, values, cell_format=None):
    """``cs_write_cell`` for each value of a row, from column 0."""
    for col, value in enumerate(values):
        cs_write_cell(sheet, row, col, value, cell_format)


class CsXlsxMixin(models.AbstractModel):
    """Spreadsheets made with xlsxwriter, kept as an attachment of the record."""

    _name = "cs.xlsx.mixin"
    _description = "Spreadsheet Export"

    def _cs_workbook(self, sheet_name):
        """A workbook in memory with one sheet and the house styles.

        Returns ``(out, book, sheet, bold, head)``; finish with ``_cs_workbook_bytes(out, book)``.
        """
        out = io.BytesIO()
        book = cs_new_workbook(out)
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
