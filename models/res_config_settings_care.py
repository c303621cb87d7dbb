from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_class_months = fields.Integer(related="company_id.cs_class_months", readonly=False)
    cs_key_customer_deadline_percent = fields.Integer(
        related="company_id.cs_key_customer_deadline_percent", readonly=False
    )
    cs_class_key_amount = fields.Monetary(related="company_id.cs_class_key_amount", readonly=False)
    cs_class_general_amount = fields.Monetary(related="company_id.cs_class_general_amount", readonly=False)
    cs_churn_history_orders = fields.Integer(related="company_id.cs_churn_history_orders", readonly=False)
    cs_churn_min_orders = fields.Integer(related="company_id.cs_churn_min_orders", readonly=False)
    cs_churn_interval_factor = fields.Float(related="company_id.cs_churn_interval_factor", readonly=False)
    cs_churn_recent_orders = fields.Integer(related="company_id.cs_churn_recent_orders", readonly=False)
    cs_churn_volume_percent = fields.Float(related="company_id.cs_churn_volume_percent", readonly=False)
    cs_churn_stop_days = fields.Integer(related="company_id.cs_churn_stop_days", readonly=False)
