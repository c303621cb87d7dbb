"""The customer's relationship file (亲情档案, seed 002) and its place in the visit plan.

Dates on the customer and on its contacts (birthday, anniversary, store opening, move-in day) and the
holidays of ``cs.holiday`` give the customer manager a greeting activity some days ahead, once a year per
date (seed 000: 記住客戶生日...問候; seed 002: 纪念日礼品赠送、节假日问候).
"""

from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.fields import Domain
from odoo.tools import SQL

from .cs_batch import cs_process_in_batches
from .rules import CUSTOMER_CLASSES
from .rules import anniversaries_between
from .rules import local_date
from .rules import visit_due_date

GREETING_ACTIVITY = "customer_service_dept.mail_activity_type_cs_greeting"
# partner field -> occasion of cs.relationship.reminder
DATE_FIELDS = {
    "cs_birthday": "birthday",
    "cs_anniversary": "anniversary",
    "cs_store_opening_date": "store_opening",
    "cs_move_in_date": "move_in",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    cs_birthday = fields.Date(string="Birthday", tracking=True)
    cs_anniversary = fields.Date(string="Anniversary", tracking=True, help="Wedding or company anniversary.")
    cs_store_opening_date = fields.Date(string="Store Opening Day", tracking=True)
    cs_move_in_date = fields.Date(string="Move-in Day", tracking=True, help="Day the customer moves in (进新房之日).")
    cs_visit_ids = fields.One2many("cs.customer.visit", "partner_id", string="Visits")
    cs_last_visit_date = fields.Date(string="Last Visit", compute="_compute_cs_visit_dates")
    cs_next_visit_date = fields.Date(
        string="Next Visit Due",
        compute="_compute_cs_visit_dates",
        help="Last visit (else the first contact) plus the visit frequency of the customer's class.",
    )

    @api.depends("cs_visit_ids.state", "cs_visit_ids.done_date", "cs_customer_manager_id")
    @api.depends_context("company")
    def _compute_cs_visit_dates(self):
        company = self.env.company
        frequency = company._cs_visit_frequency()
        visits = self.env["cs.customer.visit"].sudo()
        last_done = dict(
            visits._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "done"), ("company_id", "=", company.id)],
                ["partner_id"],
                ["done_date:max"],
            )
        )
        for partner in self:
            partner.cs_last_visit_date = last_done.get(partner._origin) or False
            if partner.cs_customer_manager_id and not partner.parent_id:
                partner.cs_next_visit_date = visit_due_date(
                    partner.cs_last_visit_date, partner._cs_care_since(company), frequency[partner._cs_care_class()]
                )
            else:
                partner.cs_next_visit_date = False

    # ------------------------------------------------------------------ hooks of the customer class
    def _cs_care_class(self):
        """The customer's class, one of rules.CUSTOMER_CLASSES: the stored ``cs_customer_class`` of the
        customer classes (issue 16 item 1) when installed, else "general"."""
        self.ensure_one()
        customer = self.commercial_partner_id
        value = customer["cs_customer_class"] if "cs_customer_class" in customer._fields else False
        return value if value in CUSTOMER_CLASSES else "general"

    def _cs_care_since(self, company):
        """Day the customer came into care: its first contact, else its creation day (company time)."""
        self.ensure_one()
        return self.first_contact_date or local_date(self.create_date or fields.Datetime.now(), company._cs_reader_tz())

    @api.model
    def _cs_cared_customer_domain(self, company):
        """The company's customers (commercial partners) that have a customer manager."""
        return Domain.AND(
            [
                Domain("active", "=", True),
                Domain("parent_id", "=", False),
                Domain("cs_customer_manager_id", "!=", False),
                Domain("company_id", "=", company.id)
                | (Domain("company_id", "=", False) & Domain("cs_customer_manager_id.company_id", "=", company.id)),
            ]
        )

    @api.model
    def _cs_cared_customers(self, company):
        return self.search(self._cs_cared_customer_domain(company))

    # ------------------------------------------------------------------ relationship calendar
    @api.model
    def _cron_relationship_calendar(self):
        """Daily, by committed batches of customers (cs_batch.py); a rerun after an interruption gives nothing
        twice (the reminders are the batch's mark)."""
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
            partners = self.sudo().with_company(company)
            cs_process_in_batches(
                partners,
                partners._cs_cared_customer_domain(company),
                lambda customers, company=company: customers._cs_relationship_reminders(company),
            )

    def _cs_relationship_reminders(self, company):
        """Greeting activities of these customers (and their contacts) for the dates falling from today to
        today + the company's look-ahead."""
        first = company._cs_today()
        last = first + timedelta(days=company.cs_greeting_lead_days)
        customers = self
        if not customers:
            return self.env["cs.relationship.reminder"]
        wanted = []  # (person, customer, occasion, date, holiday)
        month_days = sorted({f"{first + timedelta(days=n):%m-%d}" for n in range((last - first).days + 1)})
        if "02-28" in month_days:
            month_days.append("02-29")  # a 29 February outside leap years is greeted on the 28th
        for fname, occasion in DATE_FIELDS.items():
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE active AND commercial_partner_id = ANY(%s) "
                    "AND to_char(%s, 'MM-DD') = ANY(%s)",
                    customers.ids,
                    SQL.identifier(fname),
                    month_days,
                )
            )
            for person in self.browse([row[0] for row in self.env.cr.fetchall()]):
                for day in anniversaries_between(person[fname], first, last):
                    wanted.append((person, person.commercial_partner_id, occasion, day, None))
        holidays = (
            self.env["cs.holiday"]
            .sudo()
            .search([("date", ">=", first), ("date", "<=", last), ("company_id", "in", [company.id, False])])
        )
        for holiday in holidays:
            wanted.extend((customer, customer, "holiday", holiday.date, holiday) for customer in customers)
        if not wanted:
            return self.env["cs.relationship.reminder"]
        Reminder = self.env["cs.relationship.reminder"].sudo()
        given = {
            (r.partner_id.id, r.occasion, r.occasion_date, r.holiday_id.id)
            for r in Reminder.search(
                [
                    ("company_id", "=", company.id),
                    ("occasion_date", ">=", first),
                    ("occasion_date", "<=", last),
                    ("partner_id", "in", list({w[0].id for w in wanted})),
                ]
            )
        }
        occasions = dict(self.env["cs.relationship.reminder"]._fields["occasion"]._description_selection(self.env))
        reminder_vals, activity_vals = [], []
        activity_type = self.env.ref(GREETING_ACTIVITY)
        model_id = self.env["ir.model"]._get_id("res.partner")
        for person, customer, occasion, day, holiday in wanted:
            key = (person.id, occasion, day, holiday.id if holiday else False)
            if key in given:
                continue
            given.add(key)
            manager = customer.cs_customer_manager_id
            reminder_vals.append(
                {
                    "partner_id": person.id,
                    "customer_id": customer.id,
                    "company_id": company.id,
                    "occasion": occasion,
                    "occasion_date": day,
                    "holiday_id": holiday.id if holiday else False,
                    "user_id": manager.id,
                }
            )
            activity_vals.append(
                {
                    "res_model_id": model_id,
                    "res_id": person.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": day,
                    "user_id": manager.id,
                    "summary": self.env._(
                        "%(occasion)s of %(person)s on %(date)s: greet or visit",
                        occasion=holiday.name if holiday else occasions[occasion],
                        person=person.name,
                        date=day,
                    ),
                }
            )
        self.env["mail.activity"].sudo().create(activity_vals)
        return Reminder.create(reminder_vals)
