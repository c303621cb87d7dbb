from odoo import fields
from odoo import models


class ResCompanyQualification(models.Model):
    _inherit = "res.company"

    cs_order_qualification = fields.Boolean(
        string="Only qualified orders",
        help="Orders are confirmed only when qualified (合格订单): customer complete with client code, prices from "
        "the price list or approved, required fields of the product categories filled in.",
    )

    cs_order_operator_id = fields.Many2one(
        "res.users",
        string="Order operator",
        domain=[("share", "=", False)],
        help="Operator (操作员) who confirms the out-of-stock items with the customers each day; by default the "
        "order's salesperson.",
    )
    cs_stock_check_day = fields.Date(string="Last out-of-stock list", readonly=True, copy=False)
