from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class CsCallbackPlanWizard(models.TransientModel):
    _name = "cs.callback.plan.wizard"
    _description = "Callback Plan"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    segment = fields.Selection(
        [
            ("key", "Key Customers"),
            ("frequent", "Frequent Buyers"),
            ("complainer", "Recent Complainers"),
            ("potential", "Potential Customers"),
        ],
        help="Fill the customer list from a group of customers; the list can then be edited.",
    )
    days = fields.Integer(
        string="Look Back (days)", default=90, help="Period for frequent buyers and recent complainers."
    )
    min_orders = fields.Integer(
        string="Minimum Orders", default=3, help="Orders in the period that make a frequent buyer."
    )
    partner_ids = fields.Many2many("res.partner", string="Customers")
    service_date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Caller", required=True, default=lambda self: self.env.user)

    @api.onchange("segment", "days", "min_orders")
    def _onchange_segment(self):
        if self.segment:
            self.partner_ids = self._cs_segment_partners()

    def _cs_segment_partners(self):
        self.ensure_one()
        Partner = self.env["res.partner"]
        company = self.company_id
        since = fields.Datetime.now() - timedelta(days=self.days or 0)
        if self.segment == "key":
            return Partner.search([("cs_key_customer", "=", True), ("company_id", "in", [company.id, False])])
        if self.segment == "complainer":
            return self.env["cs.callback"]._cs_recent_complainers(company, self.days or 0)
        orders = self.env["sale.order"]._read_group(
            [("company_id", "=", company.id), ("state", "=", "sale"), ("date_order", ">=", since)],
            ["partner_id"],
            ["__count"],
        )
        if self.segment == "frequent":
            return Partner.union(*(p.commercial_partner_id for p, n in orders if n >= self.min_orders))
        buyers = {p.commercial_partner_id.id for p, _n in orders}
        return Partner.search(
            [
                ("is_company", "=", True),
                ("company_id", "in", [company.id, False]),
                ("id", "not in", list(buyers)),
                ("sale_order_ids", "=", False),
            ],
            limit=200,
        )

    def action_plan(self):
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Choose the customers to call back, or a group of customers."))
        callbacks = self.env["cs.callback"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.company_id.id,
                    "source": "plan",
                    "segment": self.segment,
                    "service_date": self.service_date,
                    "user_id": self.user_id.id,
                }
                for partner in self.partner_ids
            ]
        )
        return callbacks._cs_action_open()
