from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_complaint_reply_hours = fields.Float(related="company_id.cs_complaint_reply_hours", readonly=False)
    cs_complaint_solution_hours = fields.Float(related="company_id.cs_complaint_solution_hours", readonly=False)
    cs_complaint_callback_days = fields.Integer(related="company_id.cs_complaint_callback_days", readonly=False)
    cs_member_callback_days = fields.Integer(related="company_id.cs_member_callback_days", readonly=False)
    cs_callback_three_days_all = fields.Boolean(related="company_id.cs_callback_three_days_all", readonly=False)
    cs_complaint_calendar_id = fields.Many2one(related="company_id.cs_complaint_calendar_id", readonly=False)
    cs_complaint_manager_id = fields.Many2one(related="company_id.cs_complaint_manager_id", readonly=False)
