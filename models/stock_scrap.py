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
