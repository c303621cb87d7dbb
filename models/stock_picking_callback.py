from odoo import models


class StockPicking(models.Model):
    """A delivery to a member customer plans its callback (kept apart from stock_picking.py, see README)."""

    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        self.env["cs.callback"].sudo()._cs_plan_from_deliveries(
            self.filtered(lambda p: p.state == "done" and p.picking_type_code == "outgoing")
        )
        return result
