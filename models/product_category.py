from odoo import fields
from odoo import models


class ProductCategory(models.Model):
    _inherit = "product.category"

    cs_follow_up_month = fields.Boolean(
        string="Follow-up call one month after delivery",
        help="A delivery of a product of this category plans a callback one month later " "(seed 000: 一个月电话回访).",
    )
    cs_follow_up_year = fields.Boolean(
        string="Follow-up visit one year after delivery",
        help="A delivery of a product of this category plans a visit callback one year later "
        "(seed 000: 一年之日上门进行检查).",
    )
