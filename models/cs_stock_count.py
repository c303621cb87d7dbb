from odoo import api
from odoo import fields
from odoo import models


class CsStockCount(models.Model):
    """One counted line of a stocktake: what the system said and what was counted.

    Written when an inventory adjustment request is applied, so that the inventory record
    accuracy (counted lines whose system quantity matched the count) can be
    measured; a matching count leaves no stock move behind in Odoo.
    """

    _name = "cs.stock.count"
    _description = "Stocktake Line"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    product_id = fields.Many2one("product.product", required=True, index=True)
    location_id = fields.Many2one("stock.location", required=True)
    system_qty = fields.Float(string="System Quantity", digits="Product Unit")
    counted_qty = fields.Float(string="Counted Quantity", digits="Product Unit")
    difference = fields.Float(compute="_compute_difference", store=True, digits="Product Unit")
    matched = fields.Boolean(compute="_compute_difference", store=True, help="The count equals the system quantity.")
    reason = fields.Char(help="Why the stock records were wrong, from the inventory adjustment request.")
    adjustment_id = fields.Many2one("cs.stock.adjustment", string="Inventory Adjustment", readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Counted By", default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)

    @api.depends("system_qty", "counted_qty", "product_id")
    def _compute_difference(self):
        for line in self:
            line.difference = line.counted_qty - line.system_qty
            line.matched = line.product_id.uom_id.compare(line.counted_qty, line.system_qty) == 0
