from odoo import api
from odoo import fields
from odoo import models

# what was counted: frozen from the moment the request is filed
COUNTED = (
    "adjustment_id",
    "product_id",
    "location_id",
    "lot_id",
    "package_id",
    "owner_id",
    "system_qty",
    "counted_qty",
)


class CsStockAdjustmentLine(models.Model):
    """One counted stock line (product × location) of an inventory adjustment request."""

    _name = "cs.stock.adjustment.line"
    _description = "Inventory Adjustment Request Line"
    _inherit = ["cs.state.mixin"]
    _order = "adjustment_id, id"
    _check_company_auto = True

    # one guard (cs.state.mixin) keyed by the state of the request
    _cs_flow_fields = ()
    _cs_frozen_fields = {state: COUNTED for state in ("to_approve", "done", "refused")}

    adjustment_id = fields.Many2one("cs.stock.adjustment", required=True, ondelete="cascade", index=True, readonly=True)
    adjustment_state = fields.Selection(related="adjustment_id.state", string="Request Status")
    company_id = fields.Many2one(related="adjustment_id.company_id", store=True)
    currency_id = fields.Many2one(related="adjustment_id.currency_id")
    product_id = fields.Many2one("product.product", required=True, readonly=True, check_company=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    location_id = fields.Many2one("stock.location", required=True, readonly=True, check_company=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True, check_company=True)
    package_id = fields.Many2one("stock.package", readonly=True, check_company=True)
    owner_id = fields.Many2one("res.partner", readonly=True)
    system_qty = fields.Float(string="System Quantity", digits="Product Unit", readonly=True)
    counted_qty = fields.Float(string="Counted Quantity", digits="Product Unit", readonly=True)
    difference = fields.Float(compute="_compute_difference", store=True, digits="Product Unit")
    value = fields.Monetary(
        compute="_compute_difference", store=True, help="The difference at the product's cost when it was counted."
    )

    @api.depends("system_qty", "counted_qty", "product_id", "adjustment_id.company_id")
    def _compute_difference(self):
        for line in self:
            line.difference = line.counted_qty - line.system_qty
            cost = line.product_id.with_company(line.adjustment_id.company_id).standard_price
            line.value = line.difference * cost

    def _cs_state_field(self):
        return "adjustment_state"

    def _cs_key(self):
        self.ensure_one()
        return (self.product_id.id, self.location_id.id, self.lot_id.id, self.package_id.id, self.owner_id.id)
