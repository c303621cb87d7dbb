from odoo import fields
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    client_code = fields.Char(
        related="partner_id.commercial_partner_id.client_code",
        string="Client Code",
    )
