from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .cs_state_mixin import cs_in_transition


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    cs_is_gift = fields.Boolean(string="Gift", help="Delivered from the warehouse's gift stock.")

    def _prepare_procurement_values(self):
        """A gift line is procured by its warehouse's gift route (贈品訂單由系統贈品倉開出): Odoo's
        stock rules then pick it from the gift stock in the warehouse's delivery steps."""
        values = super()._prepare_procurement_values()
        if self.cs_is_gift:
            warehouse = values.get("warehouse_id") or self.warehouse_id
            route = warehouse.cs_gift_route_id
            if not route:
                raise UserError(
                    self.env._(
                        "Warehouse %(warehouse)s has no gift route, so the gift %(product)s of %(order)s cannot be "
                        "delivered from the gift stock. Ask an administrator to update the Customer Service module.",
                        warehouse=warehouse.display_name,
                        product=self.product_id.display_name,
                        order=self.order_id.name,
                    )
                )
            values["route_ids"] = route
        return values


# a change of these on a line of a confirmed order corrects the order (it is no longer a qualified order)
CORRECTION_FIELDS = ("product_id", "product_uom_qty", "product_uom_id", "price_unit", "discount")


class SaleOrderLineCorrection(models.Model):
    """合格订单 (rulebook 000 L345): an order is qualified when it goes through as it was confirmed. A line
    changed or added after the confirmation records the order's correction (``cs_corrected_date``)."""

    _inherit = "sale.order.line"

    def _cs_counts_for_correction(self):
        """Lines a person orders: not sections and notes, down payments, expenses or delivery costs."""
        return self.filtered(
            lambda line: line.order_id.state == "sale"
            and not line.display_type
            and not line.is_downpayment
            and not line.is_expense
            and not line._is_delivery()
        )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._cs_counts_for_correction().order_id._cs_mark_corrected()
        return lines

    def write(self, vals):
        changed = self.browse()
        # a received return lowering the ordered quantity (return report's credit) is a return, not a correction
        if any(f in vals for f in CORRECTION_FIELDS) and not cs_in_transition("cs.return.report"):
            for line in self._cs_counts_for_correction():
                if any(self._cs_differs(line, f, vals[f]) for f in CORRECTION_FIELDS if f in vals):
                    changed |= line
        result = super().write(vals)
        changed.order_id._cs_mark_corrected()
        return result

    @staticmethod
    def _cs_differs(line, fname, value):
        field = line._fields[fname]
        if field.type == "many2one":
            return line[fname].id != (value.id if isinstance(value, models.BaseModel) else value or False)
        return float_compare(line[fname], value or 0.0, precision_digits=6) != 0
