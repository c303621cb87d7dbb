from odoo import fields
from odoo import models


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    cs_location_dest_id = fields.Many2one(
        "stock.location",
        string="Return To",
        help="Where this line's goods go back: empty for the return's own destination (the warehouse's "
        "stock); the warehouse's damaged stock for damaged goods.",
    )

    def _prepare_move_default_values(self, new_picking):
        vals = super()._prepare_move_default_values(new_picking)
        if self.cs_location_dest_id:
            vals["location_dest_id"] = self.cs_location_dest_id.id
        return vals
