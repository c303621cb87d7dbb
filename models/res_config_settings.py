from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_auto_client_code = fields.Boolean(
        related="company_id.cs_auto_client_code",
        readonly=False,
    )
