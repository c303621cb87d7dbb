from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    client_code = fields.Char(
        related="partner_id.commercial_partner_id.client_code",
        string="Client Code",
    )

    def _cs_check_complete_shipment(self):
        """No partial shipment: a sale delivery ships everything or nothing."""
        for picking in self:
            if not (picking.sale_id and picking.picking_type_code == "outgoing"):
                continue
            if not picking.company_id.cs_no_partial_shipment:
                continue
            for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
                if move.product_uom.compare(move.quantity, move.product_uom_qty) < 0:
                    raise UserError(
                        self.env._(
                            "Delivery %(picking)s ships only %(done)s of %(demand)s %(product)s: partial shipments "
                            "are not allowed. Ship the full quantity or wait until it is available.",
                            picking=picking.name,
                            done=move.quantity,
                            demand=move.product_uom_qty,
                            product=move.product_id.display_name,
                        )
                    )

    def button_validate(self):
        self._cs_check_complete_shipment()
        return super().button_validate()
