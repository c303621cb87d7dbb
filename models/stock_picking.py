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

    def _cs_check_no_negative_stock(self):
        """After validation no internal location of the company may hold a negative quantity."""
        companies = self.company_id.filtered("cs_no_negative_stock")
        if not companies:
            return
        moves = self.move_ids.filtered(lambda m: m.company_id in companies)
        negative = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("product_id", "in", moves.product_id.ids),
                    ("location_id", "in", moves.location_id.ids),
                    ("location_id.usage", "=", "internal"),
                    ("quantity", "<", 0),
                ],
                limit=1,
            )
        )
        if negative:
            raise UserError(
                self.env._(
                    "Validating %(pickings)s would leave %(qty)s %(product)s in %(location)s: negative stock is not "
                    "allowed in this warehouse. Check the stock count or receive the goods first.",
                    pickings=", ".join(self.mapped("name")),
                    qty=negative.quantity,
                    product=negative.product_id.display_name,
                    location=negative.location_id.display_name,
                )
            )

    def button_validate(self):
        self._cs_check_complete_shipment()
        return super().button_validate()

    def _action_done(self):
        result = super()._action_done()
        self._cs_check_no_negative_stock()
        return result
