from odoo import fields
from odoo import models


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
