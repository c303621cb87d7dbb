from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .rules import SLA_LATE
from .rules import SLA_MET
from .rules import SLA_RUNNING
from .rules import time_window_label

CALLBACK_RESULTS = [("satisfied", "Satisfied"), ("average", "Average"), ("not_satisfied", "Not Satisfied")]
CALLBACK_SOURCES = [
    ("complaint", "Closed Complaint"),
    ("order", "Order Close-out"),
    ("delivery", "Delivery to a Member"),
    ("plan", "Callback Plan"),
    ("manual", "Manual"),
]
# Seed 000 回访方式: 电话沟通、短信业务等; seed 004 adds e-mail and visits (邮件回访、上门回访)
CALLBACK_METHODS = [("phone", "Phone"), ("sms", "SMS"), ("email", "E-mail"), ("visit", "Visit")]


class CsCallback(models.Model):
    _name = "cs.callback"
    _description = "Customer Callback"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.state.mixin"]
    _order = "due_date desc, id desc"
    _check_company_auto = True
    # the deadline is written from the service date, the state by the buttons
    _cs_flow_fields = ("state", "due_date")
    _cs_frozen_fields = dict.fromkeys(
        ("done", "cancelled"), ("partner_id", "service_date", "done_date", "result", "complaint_id", "method")
    )

    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True, check_company=True
    )
    client_code = fields.Char(related="partner_id.commercial_partner_id.client_code", string="Client Code")
    member = fields.Boolean(related="partner_id.commercial_partner_id.cs_member", string="Member Customer")
    user_id = fields.Many2one(
        "res.users", string="Caller", default=lambda self: self.env.user, tracking=True, index=True
    )
    source = fields.Selection(CALLBACK_SOURCES, required=True, default="manual", readonly=True)
    segment = fields.Selection(
        [
            ("key", "Key Customers"),
            ("frequent", "Frequent Buyers"),
            ("complainer", "Recent Complainers"),
            ("potential", "Potential Customers"),
        ],
        help="Group of customers the callback plan was drawn for.",
    )
    complaint_id = fields.Many2one("cs.complaint", index="btree_not_null", check_company=True)
    sale_order_id = fields.Many2one("sale.order", index="btree_not_null", check_company=True)
    picking_id = fields.Many2one("stock.picking", string="Delivery", index="btree_not_null", check_company=True)
    service_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Day of the service (delivery, visit, closed complaint) the callback follows.",
    )
    due_date = fields.Date(
        string="Call Back By",
        readonly=True,
        copy=False,
        tracking=True,
        help="Written when the callback is planned: three days after the service for member customers.",
    )
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    method = fields.Selection(
        CALLBACK_METHODS, required=True, default="phone", tracking=True, help="How the customer is called back."
    )
    preferred_time_from = fields.Float(
        help="Start of the time the customer prefers to be called (seed 000: not while the customer rests; "
        "agree a convenient time on the phone).",
    )
    preferred_time_to = fields.Float(help="End of the time the customer prefers.")
    preferred_time = fields.Char(compute="_compute_preferred_time")
    done_date = fields.Date(string="Called On", copy=False, tracking=True)
    result = fields.Selection(CALLBACK_RESULTS, tracking=True, copy=False)
    suggestions = fields.Text(copy=False)
    next_action = fields.Char(copy=False)
    can_done = fields.Boolean(compute="_compute_can_steps")
    can_cancel = fields.Boolean(compute="_compute_can_steps")
    deadline_state = fields.Selection(
        [(SLA_RUNNING, "Running"), (SLA_MET, "Met"), (SLA_LATE, "Late")],
        string="Deadline",
        compute="_compute_deadline_state",
        search="_search_deadline_state",
    )

    @api.depends("preferred_time_from", "preferred_time_to")
    def _compute_preferred_time(self):
        for callback in self:
            callback.preferred_time = time_window_label(callback.preferred_time_from, callback.preferred_time_to)

    @api.depends_context("uid")
    @api.depends("state")
    def _compute_can_steps(self):
        for callback in self:
            may = callback.state == "planned" and bool(callback.id) and callback.has_access("write")
            callback.can_done = callback.can_cancel = may

    @api.depends("due_date", "done_date", "state")
    def _compute_deadline_state(self):
        today = fields.Date.context_today(self)
        for callback in self:
            if callback.state == "done" and callback.done_date:
                late = callback.due_date and callback.done_date > callback.due_date
                callback.deadline_state = SLA_LATE if late else SLA_MET
            elif callback.due_date and today > callback.due_date and callback.state == "planned":
                callback.deadline_state = SLA_LATE
            else:
                callback.deadline_state = SLA_RUNNING if callback.state == "planned" else SLA_MET

    def _search_deadline_state(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(self.env._("Only 'is' searches are supported on the callback deadline."))
        values = [value] if isinstance(value, str) else list(value)
        today = fields.Date.context_today(self)
        self.flush_model(["done_date", "due_date", "state"])
        late_done = Domain.custom(
            to_sql=lambda model, alias, query: model.env["cs.callback"]._cs_late_done_sql(alias),
            predicate=lambda rec: bool(rec.done_date and rec.due_date and rec.done_date > rec.due_date),
        )
        domains = []
        if SLA_LATE in values:
            domains.append(
                (Domain("state", "=", "done") & late_done)
                | (Domain("state", "=", "planned") & Domain("due_date", "<", today))
            )
        if SLA_RUNNING in values:
            domains.append(
                Domain("state", "=", "planned") & (Domain("due_date", "=", False) | Domain("due_date", ">=", today))
            )
        if SLA_MET in values:
            domains.append(Domain("state", "=", "done") & ~late_done)
        return Domain.OR(domains)

    def _cs_late_done_sql(self, alias):
        return SQL(
            "(%s IS NOT NULL AND %s IS NOT NULL AND %s > %s)",
            SQL.identifier(alias, "done_date"),
            SQL.identifier(alias, "due_date"),
            SQL.identifier(alias, "done_date"),
            SQL.identifier(alias, "due_date"),
        )

    @api.depends("partner_id", "due_date")
    def _compute_display_name(self):
        for callback in self:
            callback.display_name = self.env._(
                "Callback to %(customer)s by %(date)s",
                customer=callback.partner_id.name or "",
                date=callback.due_date or "",
            )

    @api.constrains("done_date", "service_date", "complaint_id")
    def _check_dates(self):
        for callback in self:
            if callback.done_date and callback.service_date and callback.done_date < callback.service_date:
                raise ValidationError(
                    self.env._(
                        "%(callback)s: the call date %(done)s is before the service date %(service)s.",
                        callback=callback.display_name,
                        done=callback.done_date,
                        service=callback.service_date,
                    )
                )
            received = callback.complaint_id.received_date
            if received and callback.service_date and callback.service_date < received.date():
                raise ValidationError(
                    self.env._(
                        "%(callback)s: the service date %(service)s is before complaint %(complaint)s " "was received.",
                        callback=callback.display_name,
                        service=callback.service_date,
                        complaint=callback.complaint_id.display_name,
                    )
                )

    @api.constrains("preferred_time_from", "preferred_time_to")
    def _check_preferred_time(self):
        for callback in self:
            start, end = callback.preferred_time_from, callback.preferred_time_to
            if not (start or end):
                continue
            if not 0 <= start < end <= 24:
                raise ValidationError(
                    self.env._(
                        "%(callback)s: the Preferred Time must start before it ends, between 00:00 and 24:00 "
                        "(now %(start)s to %(end)s).",
                        callback=callback.display_name,
                        start=time_window_label(start, start),
                        end=time_window_label(end, end),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if self._cs_guard_active():
            self._cs_check_guarded_create(vals_list)
        partners = self.env["res.partner"].browse([v["partner_id"] for v in vals_list if v.get("partner_id")])
        partners.fetch(["commercial_partner_id"])
        for vals in vals_list:
            if vals.get("due_date"):
                continue
            service = fields.Date.to_date(vals.get("service_date")) or fields.Date.context_today(self)
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            vals["due_date"] = company._cs_callback_due_date(
                service, partner.commercial_partner_id.cs_member, vals.get("source") or "manual"
            )
        with self._cs_transition():
            callbacks = super().create(vals_list)
        callbacks._cs_schedule_call()
        return callbacks

    def _cs_schedule_call(self):
        """Each planned callback is a call on its caller's activities, due on the callback's deadline."""
        for callback in self.filtered(lambda c: c.state == "planned" and c.user_id):
            callback.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=callback.due_date or callback.service_date,
                summary=self.env._("Call back %(customer)s", customer=callback.partner_id.name),
                user_id=callback.user_id.id,
            )

    def write(self, vals):
        if self._cs_guard_active():
            self._cs_check_guarded_write(vals)
        if "user_id" in vals:
            callers = {callback: callback.user_id for callback in self}
        if "service_date" in vals and "due_date" not in vals:
            service = fields.Date.to_date(vals["service_date"])
            with self._cs_transition():
                for callback in self:
                    due = callback.company_id._cs_callback_due_date(service, callback.member, callback.source)
                    super(CsCallback, callback).write({"due_date": due})
        result = super().write(vals)
        if "user_id" in vals:
            moved = self.filtered(lambda c: c.user_id != callers[c])
            moved.activity_unlink(["mail.mail_activity_data_call"])
            moved._cs_schedule_call()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        for callback in self:
            if callback.state == "done":
                raise UserError(
                    self.env._("%(callback)s is done and cannot be deleted.", callback=callback.display_name)
                )

    def action_done(self):
        self._check_state("planned")
        self.check_access("write")
        today = fields.Date.context_today(self)
        for callback in self:
            if not callback.result:
                raise UserError(
                    self.env._(
                        "%(callback)s: choose the Result (satisfied, average, not satisfied) first.",
                        callback=callback.display_name,
                    )
                )
            with self._cs_transition():
                callback.write({"state": "done", "done_date": callback.done_date or today})
            callback.activity_feedback(["mail.mail_activity_data_call"])
            complaint = callback.complaint_id
            if complaint and complaint.stage_kind == "solution_applied" and not complaint.callback_result:
                complaint.write({"callback_result": callback.result, "callback_note": callback.suggestions})
                complaint.action_follow_up()
        return True

    def action_cancel(self):
        self._check_state("planned")
        self.check_access("write")
        with self._cs_transition():
            self.write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_call"])
        return True

    @api.model
    def _cs_plan_from_complaints(self, complaints):
        today = fields.Date.context_today(self)
        complaints.check_access("read")
        vals_list = [
            {
                "partner_id": complaint.partner_id.id,
                "company_id": complaint.company_id.id,
                "complaint_id": complaint.id,
                "source": "complaint",
                "user_id": (complaint.user_id or self.env.user).id,
                "service_date": max(today, complaint.received_date.date()),
            }
            for complaint in complaints
        ]
        with self._cs_transition():
            callbacks = self.create(vals_list)
            # the complaint's own callback deadline when it is still open
            for callback, complaint in zip(callbacks, complaints, strict=True):
                if complaint.callback_due and not complaint.callback_date:
                    callback.due_date = complaint.callback_due.date()
        return callbacks

    @api.model
    def _cs_plan_from_orders(self, orders):
        """Callbacks after an order close-out (server action on sale orders)."""
        orders = orders.filtered(lambda o: o.state == "sale")
        planned = self.search([("sale_order_id", "in", orders.ids), ("state", "!=", "cancelled")])
        orders -= planned.sale_order_id
        today = fields.Date.context_today(self)
        return self.create(
            [
                {
                    "partner_id": order.partner_id.commercial_partner_id.id,
                    "company_id": order.company_id.id,
                    "sale_order_id": order.id,
                    "source": "order",
                    "user_id": self.env.user.id,
                    "service_date": max((p.date_done.date() for p in order.picking_ids if p.date_done), default=today),
                }
                for order in orders
            ]
        )

    @api.model
    def _cs_plan_from_deliveries(self, pickings):
        """Every member customer gets a callback within three days of a delivery (the guide's rule).

        The caller is the customer's Service Specialist (seed 000 资料处理), else the company's
        complaint manager: never the salesperson, who cannot open callbacks.
        """
        pickings = pickings.filtered(lambda p: p.partner_id.commercial_partner_id.cs_member)
        if not pickings:
            return self.browse()
        planned = self.search([("picking_id", "in", pickings.ids)])
        pickings -= planned.picking_id
        return self.create(
            [
                {
                    "partner_id": picking.partner_id.commercial_partner_id.id,
                    "company_id": picking.company_id.id,
                    "picking_id": picking.id,
                    "sale_order_id": picking.sale_id.id,
                    "source": "delivery",
                    "user_id": picking.partner_id.commercial_partner_id.cs_specialist_id.id
                    or picking.company_id._cs_callback_fallback_caller().id,
                    "service_date": fields.Date.context_today(self, picking.date_done),
                }
                for picking in pickings
            ]
        )

    def _cs_action_open(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.cs_callback_action")
        action["domain"] = [("id", "in", self.ids)]
        action["context"] = {}
        return action

    @api.model
    def _cs_recent_complainers(self, company, days=30):
        since = fields.Datetime.now() - timedelta(days=days)
        groups = self.env["cs.complaint"]._read_group(
            [("company_id", "=", company.id), ("received_date", ">=", since)], ["partner_id"]
        )
        return self.env["res.partner"].union(*(partner for (partner,) in groups))
