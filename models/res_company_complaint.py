from odoo import fields
from odoo import models

from .rules import sla_deadline


class ResCompany(models.Model):
    """Complaint service levels of a company (kept apart from res_company.py, see README)."""

    _inherit = "res.company"

    cs_complaint_reply_hours = fields.Float(
        string="Complaint reply within (hours)",
        default=24.0,
        help="A complaint is answered within these hours.",
    )
    cs_complaint_solution_hours = fields.Float(
        string="Complaint solution within (hours)",
        default=48.0,
        help="An approved solution is given within these hours.",
    )
    cs_complaint_callback_days = fields.Integer(
        string="Complaint callback within (days)",
        default=7,
        help="The customer is called back within these days.",
    )
    cs_member_callback_days = fields.Integer(
        string="Member callback within (days)",
        default=3,
        help="Member customers are called back within these days after a service.",
    )
    cs_complaint_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Complaint working hours",
        help="When set, the reply and solution deadlines count working hours of this calendar "
        "instead of round-the-clock hours.",
    )
    cs_complaint_manager_id = fields.Many2one(
        "res.users",
        string="Complaint manager",
        help="Customer Service Manager alerted of late solutions; " "by default the first manager of the company.",
    )

    def _cs_complaint_deadlines(self, received):
        """Deadline field values of a complaint received at ``received`` (naive UTC)."""
        self.ensure_one()
        company = self.sudo()
        deadlines = {}
        for prefix, hours in (
            ("reply", company.cs_complaint_reply_hours),
            ("solution", company.cs_complaint_solution_hours),
        ):
            due = None
            if company.cs_complaint_calendar_id:
                due = company.cs_complaint_calendar_id.plan_hours(hours, received, compute_leaves=True)
            deadlines[f"{prefix}_due"] = due or sla_deadline(received, hours)
        deadlines["callback_due"] = sla_deadline(received, 24 * company.cs_complaint_callback_days)
        return deadlines
