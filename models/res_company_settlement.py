from odoo import fields
from odoo import models


class ResCompany(models.Model):
    """E-settlement settings of the company."""

    _inherit = "res.company"

    cs_settlement_job_lines = fields.Integer(
        string="Bank result lines imported at once",
        default=5000,
        help="A bank result file with more lines than this is imported in the background (a queued job): the "
        "accountant is notified and the outcome is posted on the signing batch. 0 imports every file in the "
        "background.",
    )

    _cs_settlement_job_lines_positive = models.Constraint(
        "CHECK(cs_settlement_job_lines >= 0)",
        "The number of bank result lines imported at once cannot be negative.",
    )

    cs_settlement_bank_days = fields.Integer(
        string="Working days at the bank before asking finance",
        default=3,
        help="签约的时间一般需要三天左右: a signing batch handed to finance and still at the bank after this many "
        "working days gets an activity for its clerk to ask finance (财务科) about the signing.",
    )

    _cs_settlement_bank_days_positive = models.Constraint(
        "CHECK(cs_settlement_bank_days > 0)",
        "The number of working days a signing batch may stay at the bank must be positive.",
    )
