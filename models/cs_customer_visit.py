"""Customer managers' visits: the plan (who is due, when) and the visit log.

Seed 002 (客户经理服务规范): 制定客户走访计划,按时登门服务或电话拜访,录入走访日志,收集竞争信息;
on a visit the manager learns the customer's situation, solves on the spot what can be solved, records what
cannot and tells the customer by when it will be solved (告之客户解决时限), gathers competitor and market
information and hands over materials or small gifts (送宣传资料、小礼品). Seed 000 adds the next-day
callback after a visit (隔日电话回访).
"""

from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.fields import Domain

from .cs_batch import cs_process_in_batches
from .rules import local_midnight_utc
from .rules import visit_due_date

VISIT_ACTIVITY = "customer_service_dept.mail_activity_type_cs_customer_visit"
VISIT_PURPOSES = [
    ("routine", "Routine visit"),
    ("need", "Customer need or complaint"),
    ("promotion", "New product or policy"),
    ("retention", "Retention of a warning customer"),
    ("greeting", "Greeting or anniversary"),
    ("other", "Other"),
]


class CsCustomerVisit(models.Model):
    _name = "cs.customer.visit"
    _description = "Customer Visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.state.mixin"]
    _order = "planned_date desc, id desc"
    _check_company_auto = True
    _cs_flow_fields = ("state", "done_date", "callback_id", "due_date")
    _cs_frozen_fields = {
        "done": (
            "partner_id",
            "user_id",
            "planned_date",
            "purpose",
            "findings",
            "solved_needs",
            "competitor_info",
            "materials",
            "market_info",
            "company_id",
        ),
        "cancelled": ("partner_id", "user_id", "planned_date", "company_id"),
    }

    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain=[("parent_id", "=", False)],
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Person Met",
        domain="[('parent_id', '=', partner_id)]",
        help="The customer's person the manager met (关键人物), when not the customer itself.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Customer Manager",
        required=True,
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
        default=lambda self: self.env.user,
    )
    planned_date = fields.Date(required=True, tracking=True, index=True, default=fields.Date.context_today)
    due_date = fields.Date(
        readonly=True,
        copy=False,
        help="Day the customer's visit fell due by its class's visit frequency, when the plan proposed it.",
    )
    event_id = fields.Many2one(
        "calendar.event", string="Appointment", copy=False, help="The meeting agreed with the customer (预约)."
    )
    purpose = fields.Selection(VISIT_PURPOSES, required=True, default="routine", tracking=True)
    purpose_note = fields.Char(string="Purpose in detail")
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    done_date = fields.Date(string="Visited On", readonly=True, copy=False, tracking=True)
    # --- the visit log (走访日志)
    findings = fields.Text(help="What was learned of the customer's situation and opinions (了解的情况).")
    solved_needs = fields.Text(
        string="Needs Solved on Site", help="Needs and complaints solved at once, on the spot (现场解决)."
    )
    need_ids = fields.One2many(
        "cs.customer.visit.need",
        "visit_id",
        string="Needs Not Solved",
        copy=False,
        help="Each becomes a service request when the visit is done, with the date told to the customer.",
    )
    competitor_info = fields.Text(string="Competitor Information", help="竞争对手信息")
    materials = fields.Text(string="Materials and Gifts", help="Leaflets, samples, small gifts handed over.")
    market_info = fields.Text(string="Market Information", help="市场信息")
    callback_id = fields.Many2one("cs.callback", string="Next-day Callback", readonly=True, copy=False)
    request_count = fields.Integer(compute="_compute_request_count")
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    can_done = fields.Boolean(compute="_compute_can_steps")
    can_cancel = fields.Boolean(compute="_compute_can_steps")

    _partner_state_idx = models.Index("(partner_id, state, done_date)")

    @api.depends("need_ids.request_id")
    def _compute_request_count(self):
        for visit in self:
            visit.request_count = len(visit.need_ids.request_id)

    @api.depends("planned_date", "state")
    @api.depends_context("tz")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for visit in self:
            visit.overdue = visit.state == "planned" and visit.planned_date < today

    def _search_overdue(self, operator, value):
        if operator not in ("=", "in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        overdue = Domain("state", "=", "planned") & Domain("planned_date", "<", today)
        wanted = value if operator == "=" else (True in value)
        return overdue if wanted else ~overdue

    @api.depends_context("uid")
    @api.depends("state")
    def _compute_can_steps(self):
        for visit in self:
            may = visit.state == "planned" and bool(visit.id) and visit.has_access("write")
            visit.can_done = visit.can_cancel = may

    @api.depends("partner_id", "planned_date")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = self.env._(
                "Visit to %(customer)s on %(date)s",
                customer=visit.partner_id.name or "",
                date=visit.planned_date or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._cs_schedule_visit()
        return visits

    def write(self, vals):
        result = super().write(vals)
        if {"user_id", "planned_date"} & set(vals):
            planned = self.filtered(lambda v: v.state == "planned")
            planned.activity_unlink([VISIT_ACTIVITY])
            planned._cs_schedule_visit()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        for visit in self:
            if visit.state == "done":
                raise UserError(
                    self.env._("%(visit)s is done: its log stays; it cannot be deleted.", visit=visit.display_name)
                )

    # ------------------------------------------------------------------ actions
    def action_done(self):
        """Log the visit as made: unsolved needs become service requests with the date told to the customer,
        and a callback is planned for the next day (seed 000: 隔日电话回访)."""
        self._check_state("planned")
        self.check_access("write")
        for visit in self:
            if not (visit.findings or "").strip():
                raise UserError(
                    self.env._(
                        "%(visit)s: write what you learned (Findings) before marking the visit done.",
                        visit=visit.display_name,
                    )
                )
            missing = visit.need_ids.filtered(lambda n: not n.promised_date)
            if missing:
                raise UserError(
                    self.env._(
                        "%(visit)s: the need %(need)s has no Promised Date: tell the customer by when it "
                        "will be solved and enter that date.",
                        visit=visit.display_name,
                        need=missing[0].name,
                    )
                )
        today = fields.Date.context_today(self)
        for visit in self:
            done_date = today
            visit.need_ids._cs_raise_requests()
            callback = visit._cs_plan_next_day_callback(done_date)
            with self._cs_transition("cs.callback"):
                visit.write({"state": "done", "done_date": done_date, "callback_id": callback.id})
            visit.activity_feedback([VISIT_ACTIVITY])
        return True

    def action_cancel(self):
        self._check_state("planned")
        self.check_access("write")
        with self._cs_transition():
            self.write({"state": "cancelled"})
        self.activity_unlink([VISIT_ACTIVITY])
        return True

    def action_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.cs_service_request_action")
        action["domain"] = [("id", "in", self.need_ids.request_id.ids)]
        action["context"] = {}
        return action

    def action_make_appointment(self):
        """An appointment (calendar event) with the customer on the planned day, the manager attending."""
        self.ensure_one()
        self._check_state("planned")
        self.check_access("write")
        if not self.event_id:
            attendees = self.user_id.partner_id | (self.contact_id or self.partner_id)
            tz_name = self.company_id.sudo()._cs_reader_tz(self.env.user)
            start = local_midnight_utc(self.planned_date, tz_name) + timedelta(hours=10)
            event = self.env["calendar.event"].create(
                {
                    "name": self.env._("Visit: %(customer)s", customer=self.partner_id.name),
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "user_id": self.user_id.id,
                    "partner_ids": [(6, 0, attendees.ids)],
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": self.id,
                }
            )
            self.event_id = event
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------ business
    def _cs_check_needs_editable(self):
        for visit in self.filtered(lambda v: v.state != "planned"):
            raise UserError(
                self.env._(
                    "%(visit)s is %(state)s: its Needs Not Solved can no longer be changed.",
                    visit=visit.display_name,
                    state=self._cs_state_label(visit),
                )
            )

    def _cs_schedule_visit(self):
        """Each planned visit is on its manager's activities, due on the planned day."""
        for visit in self.filtered(lambda v: v.state == "planned" and v.user_id):
            visit.activity_schedule(
                VISIT_ACTIVITY,
                date_deadline=visit.planned_date,
                summary=self.env._("Visit %(customer)s", customer=visit.partner_id.name),
                user_id=visit.user_id.id,
            )

    def _cs_plan_next_day_callback(self, done_date):
        """A phone callback on the day after the visit (隔日电话回访), by the customer's Service Specialist,
        else by the manager who visited."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        with self.env["cs.callback"]._cs_transition():
            return self.env["cs.callback"].create(
                {
                    "partner_id": customer.id,
                    "company_id": self.company_id.id,
                    "source": "visit",
                    "method": "phone",
                    "user_id": (customer.cs_specialist_id or self.user_id).id,
                    "service_date": done_date,
                    "due_date": done_date + timedelta(days=1),
                }
            )

    @api.model
    def _cron_propose_visits(self):
        """Daily: for each company, in its time zone, propose a planned visit (and its activity) for each
        customer whose visit by class frequency falls due within the look-ahead days; once per due date."""
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
            partners = self.env["res.partner"].sudo().with_company(company)
            # by committed batches (cs_batch.py): a rerun skips the customers already proposed
            cs_process_in_batches(
                partners,
                partners._cs_cared_customer_domain(company),
                lambda customers, company=company: self.with_company(company)._cs_propose_visits(company, customers),
            )

    @api.model
    def _cs_propose_visits(self, company, customers=None):
        today = company._cs_today()
        horizon = today + timedelta(days=company.cs_visit_lead_days)
        if customers is None:
            customers = self.env["res.partner"].sudo()._cs_cared_customers(company)
        if not customers:
            return self.browse()
        Visit = self.sudo()
        last_done = dict(
            Visit._read_group(
                [("partner_id", "in", customers.ids), ("state", "=", "done"), ("company_id", "=", company.id)],
                ["partner_id"],
                ["done_date:max"],
            )
        )
        planned = {
            partner
            for (partner,) in Visit._read_group(
                [("partner_id", "in", customers.ids), ("state", "=", "planned"), ("company_id", "=", company.id)],
                ["partner_id"],
            )
        }
        proposed = set(
            Visit._read_group(
                [("partner_id", "in", customers.ids), ("due_date", "!=", False), ("company_id", "=", company.id)],
                ["partner_id", "due_date:day"],
            )
        )
        frequency = company._cs_visit_frequency()
        vals_list = []
        for customer in customers:
            if customer in planned:
                continue
            since = customer._cs_care_since(company)
            due = visit_due_date(last_done.get(customer), since, frequency[customer._cs_care_class()])
            if due > horizon or (customer, due) in proposed:
                continue
            vals_list.append(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "user_id": customer.cs_customer_manager_id.id,
                    "planned_date": due,
                    "due_date": due,
                    "purpose": "routine",
                }
            )
        with self._cs_transition():
            return Visit.create(vals_list)
