from odoo import fields
from odoo import models
from odoo.tools import SQL

# Stored fields of the customer classes and churn warnings (issue 16 items 1 and 4), read when installed.
CLASS_FIELD = "cs_customer_class"
WARNING_FIELD = "cs_churn_state"  # warning (预警客户) or churned (离网必访); empty: ordering as usual


class CsCustomerCareReport(models.Model):
    """Customer-care overview for managers: one row per cared customer (a customer with a customer manager),
    with its class, its warning and its planned visits due and overdue in the company's time zone."""

    _name = "cs.customer.care.report"
    _description = "Customer Care Overview"
    _auto = False
    _order = "overdue_count desc, partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Customer Manager", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    customer_class = fields.Selection(
        [("key", "Key"), ("general", "General"), ("potential", "Potential")], string="Class", readonly=True
    )
    warning = fields.Boolean(string="Warning Customer", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True, aggregator="sum")
    warning_count = fields.Integer(string="Warning Customers", readonly=True, aggregator="sum")
    planned_count = fields.Integer(string="Planned Visits", readonly=True, aggregator="sum")
    due_count = fields.Integer(string="Visits Due", readonly=True, aggregator="sum")
    overdue_count = fields.Integer(string="Visits Overdue", readonly=True, aggregator="sum")
    last_visit_date = fields.Date(string="Last Visit", readonly=True, aggregator="max")

    def _cs_partner_column(self, names, default):
        partner_fields = self.env["res.partner"]._fields
        for name in names:
            field = partner_fields.get(name)
            if field is not None and field.store and field.column_type:
                return SQL("p.%s", SQL.identifier(name))
        return SQL(default)

    @property
    def _table_query(self):
        customer_class = self._cs_partner_column((CLASS_FIELD,), "NULL")
        warning = self._cs_partner_column((WARNING_FIELD,), "NULL")
        # each company's today in its own time zone (computed here, so a frozen clock holds in tests too)
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        todays = SQL(", ").join(SQL("(%s, %s::date)", company.id, company._cs_today()) for company in companies)
        return SQL(
            """WITH cared AS (
                   SELECT p.id AS partner_id, p.cs_customer_manager_id AS user_id,
                          COALESCE(p.company_id, u.company_id) AS company_id,
                          COALESCE(%(customer_class)s, 'general') AS customer_class,
                          (%(warning)s IS NOT NULL) AS warning
                     FROM res_partner p
                     JOIN res_users u ON u.id = p.cs_customer_manager_id
                    WHERE p.active AND p.parent_id IS NULL
               )
               SELECT c.partner_id AS id, c.partner_id, c.user_id, c.company_id, c.customer_class, c.warning,
                      1 AS customer_count,
                      CASE WHEN c.warning THEN 1 ELSE 0 END AS warning_count,
                      (COUNT(v.id) FILTER (WHERE v.state = 'planned'))::int AS planned_count,
                      (COUNT(v.id) FILTER (WHERE v.state = 'planned' AND v.planned_date <= t.today))::int AS due_count,
                      (COUNT(v.id) FILTER (WHERE v.state = 'planned' AND v.planned_date < t.today))::int
                          AS overdue_count,
                      MAX(v.done_date) FILTER (WHERE v.state = 'done') AS last_visit_date
                 FROM cared c
                 JOIN (VALUES %(todays)s) AS t(company_id, today) ON t.company_id = c.company_id
            LEFT JOIN cs_customer_visit v ON v.partner_id = c.partner_id AND v.company_id = c.company_id
             GROUP BY c.partner_id, c.user_id, c.company_id, c.customer_class, c.warning, t.today""",
            customer_class=customer_class,
            warning=warning,
            todays=todays,
        )
