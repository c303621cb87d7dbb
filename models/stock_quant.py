from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import formatLang


class StockQuant(models.Model):
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

    def _apply_inventory(self, date=None):
        """Adjustments above the company's threshold need a Customer Service
        Manager; every counted line is kept for the accuracy KPI."""
        self._cs_check_adjustment_approval()
        # every applied count is kept, however it was applied (no context key decides it)
        reason = self.env.context.get("inventory_name") or self.env._("Physical Inventory")
        self.env["cs.stock.count"].sudo().create(
            [
                {
                    "date": date or fields.Datetime.now(),
                    "product_id": quant.product_id.id,
                    "location_id": quant.location_id.id,
                    "system_qty": quant.quantity,
                    "counted_qty": quant.inventory_quantity,
                    "reason": reason,
                    "user_id": self.env.uid,
                    "company_id": quant.company_id.id or self.env.company.id,
                }
                for quant in self
            ]
        )
        return super()._apply_inventory(date)

    def _cs_check_adjustment_approval(self):
        if self.env.su or self.env.user.has_group("customer_service_dept.group_cs_manager"):
            return
        for quant in self:
            threshold = quant.company_id.cs_adjustment_approval_value or self.env.company.cs_adjustment_approval_value
            if not threshold:
                continue
            value = abs(quant.inventory_diff_quantity) * quant.product_id.standard_price
            if value > threshold:
                raise UserError(
                    self.env._(
                        "The adjustment of %(product)s in %(location)s is worth %(value).2f, above the approval "
                        "threshold of %(threshold).2f: a Customer Service Manager must apply it.",
                        product=quant.product_id.display_name,
                        location=quant.location_id.display_name,
                        value=value,
                        threshold=threshold,
                    )
                )
