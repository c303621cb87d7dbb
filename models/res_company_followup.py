from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Order follow-up settings: when an unconfirmed delivery is chased, how long a receipt may wait."""

    _inherit = "res.company"

    cs_arrival_confirm_days = fields.Integer(
        string="Chase unconfirmed deliveries after (days)",
        default=2,
        help="Days after the expected arrival (else after shipping) without the customer's confirmation before "
        "the customer's specialist gets a callback activity.",
    )
    cs_receipt_post_hours = fields.Integer(
        string="Post receipts within (hours)",
        default=2,
        help="收货后, 系统2小时内更新记录: a receipt not validated this many hours after its scheduled arrival "
        "gives its responsible storekeeper an activity.",
    )

    @api.constrains("cs_arrival_confirm_days", "cs_receipt_post_hours")
    def _check_cs_followup_delays(self):
        for company in self:
            if company.cs_arrival_confirm_days < 0 or company.cs_receipt_post_hours < 1:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the days before chasing a delivery cannot be negative and receipts "
                        "need at least one hour.",
                        company=company.name,
                    )
                )
