from odoo import fields
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    client_code = fields.Char(
        related="partner_id.commercial_partner_id.client_code",
        string="Client Code",
    )

    def action_confirm(self):
        # No partial shipment: orders of such companies deliver all at once.
        self.filtered(lambda o: o.company_id.cs_no_partial_shipment).write({"picking_policy": "one"})
        return super().action_confirm()
