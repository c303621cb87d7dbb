import base64

from odoo import models

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CsXlsxMixin(models.AbstractModel):
    """Spreadsheets made with xlsxwriter, kept as an attachment of the record."""

    _name = "cs.xlsx.mixin"
    _description = "Spreadsheet Export"

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
