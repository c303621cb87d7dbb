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
    cs_result_key_titles = fields.Char(
        string="Bank Result File: Key Column Titles",
        help="Titles this bank gives the column of the transfer bank number or retailer code in its result "
        "files, when they are not the usual ones (转账银行编号, 零售客户代码...). Several titles: separate them "
        "with commas.",
    )
    cs_result_value_titles = fields.Char(
        string="Bank Result File: Result Column Titles",
        help="Titles this bank gives the column of the balance or the bank's message in its result files, "
        "when they are not the usual ones (余额(元), 签约结果...). Several titles: separate them with commas.",
    )
