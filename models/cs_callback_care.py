from odoo import fields
from odoo import models


class CsCallback(models.Model):
    """Callbacks of customer care: the next-day call after a visit (seed 000: 隔日电话回访) and the one-month
    and one-year follow-ups after a delivery (seed 000: 入住新房之后一个月电话回访, 一年之日上门进行检查)."""

    _inherit = "cs.callback"

    source = fields.Selection(
        selection_add=[("visit", "Customer Visit"), ("follow_up", "Follow-up after Delivery")],
        ondelete={"visit": "set default", "follow_up": "set default"},
    )
    follow_up_picking_id = fields.Many2one(
        "stock.picking",
        string="Followed-up Delivery",
        readonly=True,
        index="btree_not_null",
        help="The delivery whose one-month or one-year follow-up this callback is.",
    )
    follow_up_months = fields.Integer(readonly=True, help="1: the one-month follow-up; 12: the one-year one.")
