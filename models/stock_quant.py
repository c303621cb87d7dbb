from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class StockQuant(models.Model):
    _inherit = "stock.quant"

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
