from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_settlement_job_lines = fields.Integer(related="company_id.cs_settlement_job_lines", readonly=False)
    cs_settlement_bank_days = fields.Integer(related="company_id.cs_settlement_bank_days", readonly=False)
