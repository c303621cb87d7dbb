from odoo import fields
from odoo import models


class ResConfigSettingsQualification(models.TransientModel):
    _inherit = "res.config.settings"

    cs_order_qualification = fields.Boolean(related="company_id.cs_order_qualification", readonly=False)
    cs_order_operator_id = fields.Many2one(related="company_id.cs_order_operator_id", readonly=False)
