"""Order changes (订单变更), seed 004 五(三): 「如果客户提出订单变更需求,如产品规格调整、数量增减、交货期变更等,
客服人员要及时记录客户变更要求」 and 「将订单变更情况及时反馈给客户」.

Every change of a confirmed order's quantities, products or delivery date is logged here by the
system (who changed what, from what to what, when); the specialist adds the reason and records the
customer's confirmation (how, who, when). The history prints with the order.
"""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from .cs_complaint import CHANNELS

CHANGE_TYPES = [
    ("quantity", "Quantity"),
    ("product", "Product"),
    ("date", "Delivery Date"),
    ("line_added", "Line Added"),
]
CHANGE_STATES = [("to_confirm", "To Confirm with Customer"), ("confirmed", "Confirmed by Customer")]


class CsOrderChange(models.Model):
    _name = "cs.order.change"
    _description = "Order Change Request"
    _inherit = ["mail.thread", "cs.state.mixin"]
    _order = "change_date desc, id desc"
    _check_company_auto = True
    _cs_flow_fields = (
        "state",
        "order_id",
        "line_id",
        "change_type",
        "old_value",
        "new_value",
        "changed_by_id",
        "change_date",
        "recorded_by_id",
        "recorded_date",
    )
    _cs_frozen_fields = {
        "confirmed": ("reason", "customer_contact", "confirmation_channel", "customer_confirmed_date"),
    }

    order_id = fields.Many2one("sale.order", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    line_id = fields.Many2one("sale.order.line", string="Order Line", readonly=True, ondelete="set null")
    change_type = fields.Selection(CHANGE_TYPES, string="Change", required=True, readonly=True)
    old_value = fields.Char(string="Before", readonly=True)
    new_value = fields.Char(string="After", readonly=True)
    changed_by_id = fields.Many2one("res.users", required=True, readonly=True)
    change_date = fields.Datetime(string="Changed On", required=True, readonly=True)
    reason = fields.Text(tracking=True, help="Why the customer asked for the change.")
    customer_contact = fields.Char(
        string="Confirmed by (customer)", tracking=True, help="Who at the customer confirmed the change."
    )
    confirmation_channel = fields.Selection(CHANNELS, string="Confirmed via", tracking=True)
    customer_confirmed_date = fields.Datetime(string="Customer Confirmed On", tracking=True)
    state = fields.Selection(
        CHANGE_STATES, default="to_confirm", required=True, readonly=True, tracking=True, index=True
    )
    recorded_by_id = fields.Many2one("res.users", readonly=True)
    recorded_date = fields.Datetime(string="Recorded On", readonly=True)
    can_confirm = fields.Boolean(compute="_compute_can_confirm")

    @api.depends_context("uid")
    @api.depends("state")
    def _compute_can_confirm(self):
        for change in self:
            change.can_confirm = change.state == "to_confirm" and bool(change.id) and change.has_access("write")

    @api.depends("order_id", "change_type")
    def _compute_display_name(self):
        types = dict(self._fields["change_type"]._description_selection(self.env))
        for change in self:
            change.display_name = f"{change.order_id.name} / {types.get(change.change_type, '')}"

    @api.constrains("customer_confirmed_date", "change_date")
    def _check_customer_confirmed_date(self):
        now = fields.Datetime.now()
        for change in self.filtered("customer_confirmed_date"):
            if change.customer_confirmed_date > now:
                raise ValidationError(
                    self.env._(
                        "Order change %(change)s: the Customer Confirmed On %(date)s is in the future.",
                        change=change.display_name,
                        date=change.customer_confirmed_date,
                    )
                )

    def action_confirm_with_customer(self):
        """Record that the customer confirmed the change (how, who, when) with its reason."""
        self._check_state("to_confirm")
        self.check_access("write")
        for change in self:
            missing = [
                fname
                for fname in ("reason", "customer_contact", "confirmation_channel", "customer_confirmed_date")
                if not change[fname]
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Order change %(change)s: fill in %(field)s before recording the customer's confirmation.",
                        change=change.display_name,
                        field=self._cs_label(missing[0]),
                    )
                )
        with self._cs_transition():
            self.write(
                {"state": "confirmed", "recorded_by_id": self.env.user.id, "recorded_date": fields.Datetime.now()}
            )
        return True
