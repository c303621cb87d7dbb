from odoo import fields
from odoo import models

from .rules import callback_due_date
from .rules import callback_has_short_delay
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
    cs_callback_three_days_all = fields.Boolean(
        string="Three-day callback for every service",
        default=True,
        help="Seed 000: every service callback (delivery, order, plan, manual) is due within the member "
        "callback days, not only those of member customers. A complaint's callback keeps its own delay.",
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

    def _cs_callback_due_date(self, service_date, member, source):
        """Day by which a callback of ``source`` after ``service_date`` must be made."""
        self.ensure_one()
        company = self.sudo()
        short = callback_has_short_delay(member, source, company.cs_callback_three_days_all)
        return callback_due_date(
            service_date,
            short,
            member_days=company.cs_member_callback_days,
            other_days=company.cs_complaint_callback_days,
        )

    def _cs_callback_fallback_caller(self):
        """Who calls back a customer without a Service Specialist: the complaint manager, else the first
        Customer Service Manager of the company."""
        self.ensure_one()
        company = self.sudo()
        if company.cs_complaint_manager_id:
            return company.cs_complaint_manager_id
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("all_group_ids", "in", self.env.ref("customer_service_dept.group_cs_manager").id),
                    ("company_ids", "in", company.id),
                    ("share", "=", False),
                    ("id", "!=", self.env.ref("base.user_root").id),
                ],
                order="id",
                limit=1,
            )
        )
