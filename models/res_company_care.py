from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Customer care settings of a company: customer classes and churn warnings (seeds 002, 004)."""

    _inherit = "res.company"

    # Seed 004 三(二)3: 「根據客戶的購買頻率、購買金額、潛在價值等因素，將客戶分為重點客戶、一般客戶和潛在客戶」
    # Seed 004: 「重點客戶」 get priority service: their reply deadlines are shorter
    cs_key_customer_deadline_percent = fields.Integer(
        string="Key customers' reply deadline (%)",
        default=50,
        help="A key customer's service request is due in this share of the usual reply time of its type and "
        "channel (50: a 24-hour question is answered within 12 hours).",
    )
    cs_class_months = fields.Integer(
        string="Customer class period (months)",
        default=12,
        help="Customers are classed by the confirmed sales of the last this many months.",
    )
    cs_class_key_amount = fields.Monetary(
        string="Key customer from",
        currency_field="currency_id",
        default=100000.0,
        help="A customer who bought at least this much (untaxed) in the period is a key customer.",
    )
    cs_class_general_amount = fields.Monetary(
        string="General customer from",
        currency_field="currency_id",
        default=10000.0,
        help="A customer who bought at least this much (untaxed) in the period, but less than the key customer "
        "amount, is a general customer; below it, a potential customer.",
    )
    # Seed 002: 「對確有離網傾向的客戶實施“離網關懷工程”，實行客戶離網必訪制度」, 「挽留預警客戶」
    cs_churn_history_orders = fields.Integer(
        string="Usual rhythm over the last (orders)",
        default=10,
        help="A customer's usual order interval is the median of the intervals between its last this many "
        "orders (one order per day counted once); its usual order amount their average.",
    )
    cs_churn_min_orders = fields.Integer(
        string="Judge customers from (orders)",
        default=3,
        help="Customers with fewer orders have no usual rhythm yet and never become warning customers.",
    )
    cs_churn_interval_factor = fields.Float(
        string="Warning after (times the usual interval)",
        default=2.0,
        help="A customer becomes a warning customer when its days since the last order exceed its usual "
        "interval times this factor.",
    )
    cs_churn_recent_orders = fields.Integer(
        string="Recent volume over the last (orders)",
        default=3,
        help="The recent volume is the average amount of the customer's last this many orders; it is compared "
        "with the usual amount of the orders before them.",
    )
    cs_churn_volume_percent = fields.Float(
        string="Warning below (% of the usual amount)",
        default=50.0,
        help="A customer becomes a warning customer when its recent order amount falls below this percentage of "
        "its usual order amount.",
    )
    cs_churn_stop_days = fields.Integer(
        string="Stopped ordering after (days)",
        default=60,
        help="A customer without an order for this many days has stopped ordering: its customer manager must "
        "visit it (离网必访).",
    )

    @api.constrains("cs_class_key_amount", "cs_class_general_amount", "cs_class_months")
    def _check_cs_class_thresholds(self):
        for company in self:
            if company.cs_class_months < 1:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the customer class period is at least one month.",
                        company=company.display_name,
                    )
                )
            if not 0 <= company.cs_class_general_amount <= company.cs_class_key_amount:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the general customer amount must lie between 0 and the key "
                        "customer amount.",
                        company=company.display_name,
                    )
                )

    @api.constrains(
        "cs_churn_history_orders",
        "cs_churn_min_orders",
        "cs_churn_interval_factor",
        "cs_churn_recent_orders",
        "cs_churn_volume_percent",
        "cs_churn_stop_days",
    )
    def _check_cs_churn_settings(self):
        for company in self:
            if (
                company.cs_churn_history_orders < 2
                or company.cs_churn_min_orders < 2
                or company.cs_churn_recent_orders < 1
                or company.cs_churn_interval_factor <= 0
                or not 0 <= company.cs_churn_volume_percent <= 100
                or company.cs_churn_stop_days < 1
            ):
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the churn warning settings need at least two orders for the rhythm, "
                        "one recent order, a positive interval factor and stop days, and a percentage from 0 to "
                        "100.",
                        company=company.display_name,
                    )
                )
