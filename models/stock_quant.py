from odoo import api
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import formatLang

from .cs_state_mixin import cs_in_transition


class StockQuant(models.Model):
    """Stock quantities change through an inventory adjustment request (庫存調整表)
    with its reason, approved by a Customer Service Manager (rulebook 000 L358);
    Odoo's Apply buttons file the request instead of changing the stock. No
    negative stock (000 L349) through OCA stock_no_negative."""

    _inherit = "stock.quant"

    @api.constrains("product_id", "quantity")
    def check_negative_qty(self):
        """Rulebook 000 L349 「不开负库存」, through OCA stock_no_negative: its check decides (product,
        category and location switches, the last one set from the company's setting), for every caller and
        in tests as in production; no context key of the caller's skips it. The message tells the clerk
        which product is missing where, and how much."""
        checked = self.with_context(skip_negative_qty_check=False, test_stock_no_negative=True)
        for quant in checked:
            try:
                super(StockQuant, quant).check_negative_qty()
            except ValidationError:
                raise ValidationError(quant._cs_negative_stock_message()) from None
        return None

    def _cs_negative_stock_message(self):
        self.ensure_one()
        product = self.product_id.display_name
        if self.lot_id:
            product = self.env._("%(product)s, lot %(lot)s", product=product, lot=self.lot_id.display_name)
        return self.env._(
            "Not enough %(product)s in %(location)s: %(missing)s %(uom)s missing. This operation would leave "
            "%(quantity)s %(uom)s there and negative stock is not allowed. Receive or count the goods first.",
            product=product,
            location=self.location_id.display_name,
            missing=formatLang(self.env, -self.quantity, dp="Product Unit"),
            quantity=formatLang(self.env, self.quantity, dp="Product Unit"),
            uom=self.product_uom_id.display_name,
        )

    def action_apply_inventory(self, date=None):
        """Apply (a line's button, the conflict dialog): ask for the reason, as Odoo's Apply
        of the Physical Inventory does; the dialog files the adjustment request."""
        action = self.env["ir.actions.actions"]._for_xml_id("stock.action_stock_inventory_adjustement_name")
        action["context"] = {"default_quant_ids": self.ids}
        return action

    def _set_inventory_quantity(self):
        """Editing the on-hand quantity directly would adjust the stock without a reason nor approval."""
        changed = self.filtered(lambda quant: quant.quantity != quant.inventory_quantity_auto_apply)
        if changed and self._is_inventory_mode() and not cs_in_transition("cs.stock.adjustment"):
            raise UserError(
                self.env._(
                    "The quantity of %(product)s in %(location)s cannot be edited directly: enter the counted "
                    "quantity in Physical Inventory and apply it with its reason (an inventory adjustment, "
                    "approved by a Customer Service Manager).",
                    product=changed[0].product_id.display_name,
                    location=changed[0].location_id.display_name,
                )
            )
        return super()._set_inventory_quantity()

    def _apply_inventory(self, date=None):
        """The one door to the stock of every manual adjustment: only an approved (or
        below-threshold) inventory adjustment request opens it."""
        if not cs_in_transition("cs.stock.adjustment"):
            raise UserError(
                self.env._(
                    "The stock of %(product)s in %(location)s changes only through an inventory adjustment with "
                    "its reason, approved by a Customer Service Manager: enter the counted quantity in Physical "
                    "Inventory and click Apply.",
                    product=self[:1].product_id.display_name,
                    location=self[:1].location_id.display_name,
                )
            )
        return super()._apply_inventory(date)
