from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_visit_days_key = fields.Integer(related="company_id.cs_visit_days_key", readonly=False)
    cs_visit_days_general = fields.Integer(related="company_id.cs_visit_days_general", readonly=False)
    cs_visit_days_potential = fields.Integer(related="company_id.cs_visit_days_potential", readonly=False)
    cs_visit_lead_days = fields.Integer(related="company_id.cs_visit_lead_days", readonly=False)
    cs_greeting_lead_days = fields.Integer(related="company_id.cs_greeting_lead_days", readonly=False)
