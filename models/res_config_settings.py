from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_auto_client_code = fields.Boolean(
        related="company_id.cs_auto_client_code",
        readonly=False,
    )
    cs_job_min_lead_days = fields.Integer(
        related="company_id.cs_job_min_lead_days",
        readonly=False,
    )
