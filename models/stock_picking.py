from odoo import fields
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    client_code = fields.Char(
        related="partner_id.commercial_partner_id.client_code",
        string="Client Code",
    )
