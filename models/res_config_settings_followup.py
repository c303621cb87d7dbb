from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_arrival_confirm_days = fields.Integer(related="company_id.cs_arrival_confirm_days", readonly=False)
    cs_receipt_post_hours = fields.Integer(related="company_id.cs_receipt_post_hours", readonly=False)
