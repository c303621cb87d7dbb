from odoo import fields
from odoo import models


class CsReturnReason(models.Model):
    _name = "cs.return.reason"
    _description = "Return Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
