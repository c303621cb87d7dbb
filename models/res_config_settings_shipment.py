from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_shipment_report_time = fields.Float(related="company_id.cs_shipment_report_time", readonly=False)
    cs_shipment_report_user_ids = fields.Many2many(related="company_id.cs_shipment_report_user_ids", readonly=False)
