from odoo import api
from odoo import fields
from odoo import models

HANDLING = [
    ("destroy", "Destroy"),
    ("supplier", "Return to supplier"),
    ("discount", "Sell at a discount"),
    ("repair", "Repair or repack"),
    ("insurance", "Claim insurance"),
]


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    # Odoo's own configurable list of scrap reasons; one main reason per scrap
    # so that the damage analysis adds up.
    cs_damage_reason_id = fields.Many2one("stock.scrap.reason.tag", string="Damage Reason", tracking=True)
    cs_handling = fields.Selection(HANDLING, string="Proposed Handling", tracking=True)

    @api.depends("location_id")
    def _compute_scrap_location_id(self):
        """Scraps go to the damaged location of the warehouse they come from."""
        result = super()._compute_scrap_location_id()
        for scrap in self:
            damaged = scrap.location_id.warehouse_id.cs_damaged_location_id
            if damaged:
                scrap.scrap_location_id = damaged
        return result
