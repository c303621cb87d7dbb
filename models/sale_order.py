from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from .cs_state_mixin import cs_in_transition
from .cs_state_mixin import cs_transition

# written only by the addon (confirmation and correction of an order: the qualified order rate)
ORDER_FLOW_FIELDS = ("cs_confirmed_date", "cs_corrected_date")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    client_code = fields.Char(
        related="partner_id.commercial_partner_id.client_code",
        string="Client Code",
    )
    cs_confirmed_date = fields.Datetime(
        string="First Confirmed On",
        readonly=True,
        copy=False,
        index=True,
        help="When the order was confirmed the first time (the qualified order rate counts it in that period).",
    )
    cs_corrected_date = fields.Datetime(
        string="Corrected On",
        readonly=True,
        copy=False,
        help="First correction after confirmation (a line's product, quantity, unit, price or discount "
        "changed, a line added, or the order cancelled): from then on the order is not a qualified order "
        "(合格订单).",
    )

    # 未订货客户明细 (wizards/cs_retailer_no_order.py): "did this retailer order in the period" and its last
    # order date, one index probe per retailer
    _cs_partner_date_order_idx = models.Index("(partner_id, date_order) WHERE state = 'sale'")

    @api.model_create_multi
    def create(self, vals_list):
        if not cs_in_transition(self._name):
            for vals in vals_list:
                self._cs_check_order_flow(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not cs_in_transition(self._name):
            self._cs_check_order_flow(vals)
        confirmed = corrected = self.browse()
        if "state" in vals:
            confirmed = self.filtered(lambda o: vals["state"] == "sale" and not o.cs_confirmed_date)
            # a confirmed order leaving "sale" is cancelled: a correction
            corrected = self.filtered(lambda o: o.state == "sale" and vals["state"] != "sale")
        result = super().write(vals)
        if confirmed or corrected:
            now = fields.Datetime.now()
            with cs_transition(self._name):
                confirmed.write({"cs_confirmed_date": now})
                corrected.filtered(lambda o: not o.cs_corrected_date).write({"cs_corrected_date": now})
        return result

    def _cs_check_order_flow(self, vals):
        guarded = [f for f in ORDER_FLOW_FIELDS if f in vals]
        if guarded:
            raise UserError(
                self.env._(
                    "Sales order %(order)s: the field %(field)s is recorded by the system when the order is "
                    "confirmed or corrected, it cannot be set by hand.",
                    order=self[:1].display_name or self.env._("(new)"),
                    field=self._fields[guarded[0]].get_description(self.env)["string"],
                )
            )

    def _cs_mark_corrected(self):
        """Record the first correction of confirmed orders (the qualified order rate)."""
        orders = self.filtered(lambda o: o.state == "sale" and not o.cs_corrected_date)
        if orders:
            with cs_transition(self._name):
                orders.write({"cs_corrected_date": fields.Datetime.now()})

    def action_confirm(self):
        # No partial shipment: orders of such companies deliver all at once.
        self.filtered(lambda o: o.company_id.cs_no_partial_shipment).write({"picking_policy": "one"})
        return super().action_confirm()
