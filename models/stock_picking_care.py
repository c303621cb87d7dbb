from odoo import fields
from odoo import models

from .rules import add_months

# (months after the delivery, category switch, how the customer is followed up)
FOLLOW_UPS = ((1, "cs_follow_up_month", "phone"), (12, "cs_follow_up_year", "visit"))


class StockPicking(models.Model):
    """A delivery of products whose category asks for it plans the one-month and one-year follow-ups."""

    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        self.filtered(lambda p: p.state == "done" and p.picking_type_code == "outgoing")._cs_plan_follow_ups()
        return result

    def _cs_plan_follow_ups(self):
        Callback = self.env["cs.callback"].sudo()
        done = {
            (picking.id, months)
            for picking, months in Callback._read_group(
                [("follow_up_picking_id", "in", self.ids)], ["follow_up_picking_id", "follow_up_months"]
            )
        }
        vals_list = []
        for picking in self:
            customer = picking.partner_id.commercial_partner_id
            if not customer:
                continue
            categories = picking.move_ids.filtered(lambda m: m.quantity).product_id.categ_id
            delivered = fields.Date.context_today(picking, picking.date_done)
            caller = (
                customer.cs_customer_manager_id
                or customer.cs_specialist_id
                or picking.company_id._cs_callback_fallback_caller()
            )
            for months, switch, method in FOLLOW_UPS:
                if (picking.id, months) in done or not any(categories.mapped(switch)):
                    continue
                due = add_months(delivered, months)
                vals_list.append(
                    {
                        "partner_id": customer.id,
                        "company_id": picking.company_id.id,
                        "sale_order_id": picking.sale_id.id,
                        "follow_up_picking_id": picking.id,
                        "follow_up_months": months,
                        "source": "follow_up",
                        "method": method,
                        "user_id": caller.id,
                        "service_date": delivered,
                        "due_date": due,
                    }
                )
        if not vals_list:
            return Callback
        with Callback._cs_transition():
            return Callback.create(vals_list)
