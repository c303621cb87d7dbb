"""Changes of confirmed orders are logged as change requests (``cs.order.change``), seed 004 五(三)."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import float_compare

from .cs_state_mixin import cs_in_transition
from .cs_state_mixin import cs_transition
from .rules import local_datetime


class SaleOrderChange(models.Model):
    _inherit = "sale.order"

    cs_change_ids = fields.One2many("cs.order.change", "order_id", string="Order Changes", readonly=True)
    cs_change_to_confirm_count = fields.Integer(compute="_compute_cs_change_to_confirm_count")

    @api.depends("cs_change_ids.state")
    def _compute_cs_change_to_confirm_count(self):
        for order in self:
            order.cs_change_to_confirm_count = len(order.cs_change_ids.filtered(lambda c: c.state == "to_confirm"))

    def write(self, vals):
        changes = []
        if "commitment_date" in vals:
            new = fields.Datetime.to_datetime(vals["commitment_date"])
            for order in self.filtered(lambda o: o.state == "sale" and o.commitment_date != new):
                changes.append(
                    order._cs_change_vals(
                        "date", order._cs_local_text(order.commitment_date), order._cs_local_text(new)
                    )
                )
        result = super().write(vals)
        self._cs_log_changes(changes)
        return result

    def _cs_local_text(self, value):
        if not value:
            return ""
        tz_name = self.company_id.sudo()._cs_reader_tz(self.env.user)
        return f"{local_datetime(value, tz_name):%Y-%m-%d %H:%M}"

    def _cs_change_vals(self, change_type, old, new, line=None):
        return {
            "order_id": self.id,
            "line_id": line.id if line else False,
            "change_type": change_type,
            "old_value": old,
            "new_value": new,
            "changed_by_id": self.env.user.id,
            "change_date": fields.Datetime.now(),
        }

    def _cs_log_changes(self, vals_list):
        if vals_list:
            with cs_transition("cs.order.change"):
                self.env["cs.order.change"].sudo().create(vals_list)


class SaleOrderLineChange(models.Model):
    _inherit = "sale.order.line"

    def _cs_logs_changes(self):
        """Product lines of confirmed orders; a received return lowering the ordered quantity (the return
        report's credit) is a return, not a change."""
        if cs_in_transition("cs.return.report"):
            return self.browse()
        return self.filtered(
            lambda line: line.order_id.state == "sale"
            and line.product_id
            and not line.display_type
            and not line.is_downpayment
            and not line.is_expense
            and not line._is_delivery()
        )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        logged = lines._cs_logs_changes()
        for order in logged.order_id:
            order._cs_log_changes(
                [
                    order._cs_change_vals(
                        "line_added", "", f"{line.product_id.display_name} × {line.product_uom_qty:g}", line
                    )
                    for line in logged.filtered(lambda line, order=order: line.order_id == order)
                ]
            )
        return lines

    def write(self, vals):
        changes = []
        if "product_id" in vals or "product_uom_qty" in vals:
            for line in self._cs_logs_changes():
                order = line.order_id
                if "product_id" in vals and line.product_id.id != vals["product_id"]:
                    new = self.env["product.product"].browse(vals["product_id"])
                    changes.append(
                        order._cs_change_vals("product", line.product_id.display_name, new.display_name, line)
                    )
                if "product_uom_qty" in vals and float_compare(
                    line.product_uom_qty, vals["product_uom_qty"] or 0.0, precision_digits=6
                ):
                    unit = line.product_uom_id.name
                    changes.append(
                        order._cs_change_vals(
                            "quantity",
                            f"{line.product_uom_qty:g} {unit}",
                            f"{vals['product_uom_qty'] or 0.0:g} {unit}",
                            line,
                        )
                    )
        result = super().write(vals)
        self.order_id[:1]._cs_log_changes(changes)
        return result
