from odoo import fields
from odoo import models

from .sale_order_qualification import RULES


class CsOrderDisqualification(models.Model):
    """A reason why an order was not qualified at its last check (read-only: written by the check)."""

    _name = "cs.order.disqualification"
    _description = "Order Disqualification Reason"
    _order = "order_id, id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    user_id = fields.Many2one(related="order_id.user_id", string="Salesperson")
    line_id = fields.Many2one("sale.order.line", string="Order Line", ondelete="cascade")
    rule = fields.Selection(RULES, required=True, index=True)
    message = fields.Char(string="Reason", required=True)
    date = fields.Datetime(string="Checked On", required=True)
