from odoo import fields
from odoo import models

from .stock_scrap import HANDLING


class StockScrapReasonTag(models.Model):
    """Odoo's scrap reason is the damage reason (殘損原因); each reason may
    propose how its damaged goods are usually handled (處理建議)."""

    _inherit = "stock.scrap.reason.tag"

    cs_handling = fields.Selection(
        HANDLING,
        string="Proposed Handling",
        help="Proposed on a damage request when this reason is chosen; the storekeeper may change it.",
    )
