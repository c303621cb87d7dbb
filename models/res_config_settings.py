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
    cs_no_negative_stock = fields.Boolean(related="company_id.cs_no_negative_stock", readonly=False)
    cs_no_partial_shipment = fields.Boolean(related="company_id.cs_no_partial_shipment", readonly=False)
    cs_adjustment_approval_value = fields.Float(related="company_id.cs_adjustment_approval_value", readonly=False)
    cs_tz = fields.Selection(related="company_id.cs_tz", readonly=False)
