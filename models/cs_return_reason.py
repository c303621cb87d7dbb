from odoo import fields
from odoo import models

# 正品 / 残品: what a return brings back (seed 000 L366: 正品、残品、赠品在系统和仓库帐上分开记录)
CONDITIONS = [("good", "Good"), ("damaged", "Damaged")]


class CsReturnReason(models.Model):
    _name = "cs.return.reason"
    _description = "Return Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_rejection = fields.Boolean(
        string="Refused at Delivery",
        help="拒收: the customer refused the goods when they were delivered. A return report with this reason "
        "counts its delivery as a rejected delivery in the KPI tracking table.",
    )
    condition = fields.Selection(
        CONDITIONS,
        string="Goods Come Back",
        required=True,
        default="good",
        help="Good goods go back into the warehouse's stock and can be sold again; damaged goods go into "
        "the warehouse's damaged stock, counted apart and never sold as good stock.",
    )
