from datetime import timedelta

from odoo import fields
from odoo import models

from .rules import local_date


class ResCompany(models.Model):
    """Public holidays for the working-day deadlines of service requests (see cs_service_deadline.py)."""

    _inherit = "res.company"

    cs_request_supervisor_id = fields.Many2one(
        "res.users",
        string="Service request supervisor",
        domain=[("share", "=", False)],
        help="Key-account supervisor (大客户主管) told of late service requests of teams without a supervisor "
        "of their own; by default the complaint manager, else the first Customer Service Manager.",
    )

    def _cs_holidays(self, start, days=60):
        """Local dates of the public holidays of the company's working schedule from ``start`` on.

        Public holidays are the schedule's time off for nobody in particular (Working Schedules >
        Public Holidays), counted in the company's time zone.
        """
        self.ensure_one()
        calendar = self.sudo().resource_calendar_id
        if not calendar:
            return frozenset()
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id", "=", False),
                    ("calendar_id", "in", [calendar.id, False]),
                    ("company_id", "in", [self.id, False]),
                    ("date_to", ">=", start),
                    ("date_from", "<=", start + timedelta(days=days)),
                ]
            )
        )
        tz_name = self._cs_reader_tz()
        holidays = set()
        for leave in leaves:
            day = local_date(leave.date_from, tz_name)
            last = local_date(leave.date_to - timedelta(seconds=1), tz_name)  # a leave ending at midnight
            while day <= last:
                holidays.add(day)
                day += timedelta(days=1)
        return frozenset(holidays)
