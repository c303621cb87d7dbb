from odoo import fields
from odoo import models


class ResBank(models.Model):
    _inherit = "res.bank"

    cs_bank_code = fields.Char(
        string="Bank Code",
        index="btree_not_null",
        help="National bank code, e.g. 103 for the Agricultural Bank of China.",
    )
    cs_esettlement = fields.Boolean(
        string="E-settlement Bank",
        help="Retailers' e-settlement (direct debit) agreements can be signed with this bank.",
    )
