from odoo import fields
from odoo import models

from .rules import CUSTOMER_CLASSES
from .rules import DEFAULT_VISIT_DAYS


class ResCompany(models.Model):
    """Customer care settings: visit frequency per customer class, look-ahead of the visit plan and of the
    relationship calendar (seed 002: 制定客户走访计划; seed 000: 生日、节日问候)."""

    _inherit = "res.company"

    cs_visit_days_key = fields.Integer(string="Visit key customers every (days)", default=DEFAULT_VISIT_DAYS["key"])
    cs_visit_days_general = fields.Integer(
        string="Visit general customers every (days)", default=DEFAULT_VISIT_DAYS["general"]
    )
    cs_visit_days_potential = fields.Integer(
        string="Visit potential customers every (days)", default=DEFAULT_VISIT_DAYS["potential"]
    )
    cs_visit_lead_days = fields.Integer(
        string="Propose visits ahead (days)",
        default=7,
        help="The daily visit plan proposes a customer's visit this many days before it falls due.",
    )
    cs_greeting_lead_days = fields.Integer(
        string="Greetings ahead (days)",
        default=3,
        help="Birthdays, anniversaries, store openings, move-in days and holidays give the customer manager a "
        "greeting activity this many days ahead.",
    )

    _cs_visit_days_positive = models.Constraint(
        "CHECK(cs_visit_days_key > 0 AND cs_visit_days_general > 0 AND cs_visit_days_potential > 0 "
        "AND cs_visit_lead_days >= 0 AND cs_greeting_lead_days >= 0)",
        "Visit frequencies must be at least one day, look-ahead days zero or more.",
    )

    def _cs_visit_frequency(self):
        """{customer class: days between two visits} of the company."""
        self.ensure_one()
        company = self.sudo()
        return {customer_class: company[f"cs_visit_days_{customer_class}"] for customer_class in CUSTOMER_CLASSES}
