from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_weekly_report_monday_hour = fields.Float(related="company_id.cs_weekly_report_monday_hour", readonly=False)
    cs_contact_report_confirm_days = fields.Integer(related="company_id.cs_contact_report_confirm_days", readonly=False)
    cs_meeting_confirm_hours = fields.Float(related="company_id.cs_meeting_confirm_hours", readonly=False)
    cs_meeting_check_minutes = fields.Integer(related="company_id.cs_meeting_check_minutes", readonly=False)
