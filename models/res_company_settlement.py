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
