from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from .rules import DAILY_SHIPMENT_REPORT_TIME


class ResCompany(models.Model):
    """The daily shipment report's schedule (每日發貨報告, 下午4:30點前): time, recipients, last day sent."""

    _inherit = "res.company"

    cs_shipment_report_time = fields.Float(
        string="Daily shipment report time",
        default=DAILY_SHIPMENT_REPORT_TIME,
        help="Local time (the company's time zone) at which the day's shipment report is sent, 16:30 by default.",
    )
    cs_shipment_report_user_ids = fields.Many2many(
        "res.users",
        "cs_company_shipment_report_user_rel",
        "company_id",
        "user_id",
        string="Daily shipment report recipients",
        domain=[("share", "=", False)],
        help="Who receives the daily shipment report by mail (PDF and XLSX attached); the first one is also given "
        "the deliveries not shipped yet that have no responsible person.",
    )
    cs_shipment_report_date = fields.Date(
        string="Daily shipment report sent for",
        readonly=True,
        copy=False,
        help="Last day whose shipment report was sent: the scheduled action sends each day once.",
    )

    @api.constrains("cs_shipment_report_time")
    def _check_cs_shipment_report_time(self):
        for company in self:
            if not 0 <= company.cs_shipment_report_time < 24:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the daily shipment report time must be between 00:00 and 23:59.",
                        company=company.name,
                    )
                )
