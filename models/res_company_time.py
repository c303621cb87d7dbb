from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.base.models.res_partner import _tz_get

from .rules import DEFAULT_TZ
from .rules import local_date


class ResCompany(models.Model):
    """The company's time zone: where scheduled actions cut their days, weeks and months."""

    _inherit = "res.company"

    cs_tz = fields.Selection(
        _tz_get,
        string="Customer Service time zone",
        compute="_compute_cs_tz",
        store=True,
        readonly=False,
        help="Scheduled actions (weekly report, meeting notices, number ranges) cut days, weeks and months in "
        "this time zone, and people without a time zone of their own read their dates in it.",
    )
    cs_weekly_report_week = fields.Date(
        string="Weekly report sent for the week of",
        readonly=True,
        copy=False,
        help="Monday of the last week whose job status report was mailed: the Friday run sends a week once.",
    )

    @api.depends("partner_id")
    def _compute_cs_tz(self):
        # The company partner's zone when it has one; else China's, where the
        # department works (UTC would start a Beijing day at 08:00).
        for company in self:
            company.cs_tz = company.cs_tz or company.partner_id.tz or DEFAULT_TZ

    def _cs_reader_tz(self, reader=None):
        """Time zone name in which ``reader`` (a user or a partner) reads dates: theirs, else the company's.

        Scheduled actions pass no reader: they work in the company's time zone,
        never the server's or the cron user's.
        """
        self.ensure_one()
        return (reader and reader.tz) or self.cs_tz or DEFAULT_TZ

    def _cs_today(self, reader=None):
        """Today's date where ``reader`` (default: the company) is."""
        return local_date(fields.Datetime.now(), self._cs_reader_tz(reader))
