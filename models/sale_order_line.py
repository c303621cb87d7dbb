from odoo import fields
from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    cs_is_gift = fields.Boolean(string="Gift", help="Delivered from the warehouse's gift stock.")

    def _action_launch_stock_rule(self, **kwargs):
        result = super()._action_launch_stock_rule(**kwargs)
        self._cs_deliver_gifts_from_gift_stock()
        return result

    def _cs_deliver_gifts_from_gift_stock(self):
        for line in self.filtered("cs_is_gift"):
            gift = line.order_id.warehouse_id.cs_gift_location_id
            moves = line.move_ids.filtered(
                lambda m: m.state not in ("done", "cancel") and m.location_dest_id.usage == "customer"
            )
            if not gift or not moves:
                continue
            moves._do_unreserve()
            moves.write({"location_id": gift.id})
            moves._action_assign()
