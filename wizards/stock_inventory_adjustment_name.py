from odoo import fields
from odoo import models


class StockInventoryAdjustmentName(models.TransientModel):
    """Odoo's Apply dialog of the Physical Inventory files an inventory adjustment
    request (庫存調整表) with its reason instead of changing the stock at once."""

    _inherit = "stock.inventory.adjustment.name"

    # no ready-made reason: the storekeeper says why the records were wrong (rulebook 000 L358)
    inventory_adjustment_name = fields.Char(default=False, required=True)

    def action_apply(self):
        self.ensure_one()
        requests = self.env["cs.stock.adjustment"]._cs_file(
            self.quant_ids, self.inventory_adjustment_name, self.counting_date
        )
        return requests._cs_action_open()
