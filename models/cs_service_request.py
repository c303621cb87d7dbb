"""Service requests: inquiries (咨询) and requests (需求) besides complaints.

A customer's question or a need that a visit could not solve on the spot
(seed 002) is registered here, by phone, e-mail (the team's mail alias), chat,
visit, letter or the portal; it is answered within the deadline of its type and
channel (``cs.service.deadline``), a request is solved by the date told to the
customer (``promised_date``), the answer or the result is sent to the customer
and a late request is escalated to the supervisor. Complaints keep their own
loop (``cs.complaint``); both share the deadline arithmetic of ``rules.py``.
"""

from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools import email_normalize
from odoo.tools import is_html_empty

from .cs_batch import cs_process_in_batches
from .cs_service_deadline import REQUEST_CHANNELS
from .cs_service_deadline import REQUEST_TYPES
from .rules import PLAUSIBLE_YEARS
from .rules import SLA_LATE
from .rules import SLA_MET
from .rules import SLA_RUNNING
from .rules import is_plausible_date
from .rules import local_date
from .rules import local_datetime
from .rules import local_days_utc
from .rules import mail_received_time
from .rules import overall_sla_state
from .rules import request_references
from .rules import sla_state

STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("answered", "Answered"),
    ("solved", "Solved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("new", "in_progress")
DONE_STATES = ("answered", "solved", "closed", "cancelled")
SLA_STATES = [(SLA_RUNNING, "Running"), (SLA_MET, "Met"), (SLA_LATE, "Late")]
DEADLINES = ("reply", "solution")
ESCALATION = "customer_service_dept.mail_activity_type_cs_request_escalation"
ACKNOWLEDGEMENT = "customer_service_dept.mail_template_cs_request_acknowledgement"
RATING_REQUEST = "customer_service_dept.mail_template_cs_request_rating"


class CsServiceRequest(models.Model):
    _name = "cs.service.request"
    _description = "Service Request"
    _inherit = ["cs.customer.portal.mixin", "mail.thread", "mail.activity.mixin", "cs.state.mixin"]
    _order = "received_date desc, id desc"
    _primary_email = "email_from"
    _check_company_auto = True
    # written only by the action methods and the escalation cron
    _cs_flow_fields = (
        "state",
        "name",
        "reply_due",
        "reply_date",
        "solution_date",
        "close_date",
        "reply_chased_due",
        "solution_chased_due",
    )
    # what a request was and what was answered stay as they were sent
    _cs_frozen_fields = {
        "answered": ("received_date", "request_type", "channel", "answer"),
        "solved": ("received_date", "request_type", "channel", "promised_date", "result", "answer"),
        "closed": (
            "received_date",
            "request_type",
            "channel",
            "promised_date",
            "result",
            "answer",
            "partner_id",
            "subject",
            "company_id",
        ),
        "cancelled": ("received_date", "request_type", "channel", "partner_id", "company_id"),
    }

    # --- Registration -------------------------------------------------------
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="New", index="trigram")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    team_id = fields.Many2one("cs.service.team", tracking=True, index="btree_not_null", check_company=True)
    request_type = fields.Selection(REQUEST_TYPES, string="Type", required=True, default="inquiry", tracking=True)
    channel = fields.Selection(REQUEST_CHANNELS, required=True, default="phone", tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="Left empty by an e-mail from an unknown address: assign the customer.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index="btree_not_null", string="Customer Company"
    )
    client_code = fields.Char(related="partner_id.commercial_partner_id.client_code", string="Client Code")
    email_from = fields.Char(string="E-mail", help="Address the request came from; answers go there.")
    contact_name = fields.Char(string="Contact", help="Person who asked, when not the customer itself.")
    contact_phone = fields.Char(string="Phone")
    subject = fields.Char(required=True, tracking=True)
    description = fields.Html(string="Question or Need", sanitize_style=True)
    received_date = fields.Datetime(
        string="Received", required=True, default=fields.Datetime.now, tracking=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Specialist",
        tracking=True,
        index="btree_not_null",
        domain=[("share", "=", False)],
        default=lambda self: self.env.user if not self.env.user.share else False,
    )
    state = fields.Selection(STATES, default="new", required=True, readonly=True, tracking=True, index=True, copy=False)
    color = fields.Integer()

    # --- Answer and result ---------------------------------------------------
    answer = fields.Html(copy=False, help="Answer to the customer's question; sent to the customer.")
    promised_date = fields.Date(
        tracking=True,
        copy=False,
        help="Date by which the request will be solved, as told to the customer (告知客户解决时限).",
    )
    result = fields.Html(
        copy=False,
        help="What was done, reported back to the customer (将处理结果及时反馈至客户).",
    )

    # --- Service levels: plain fields written at creation and by the actions --
    reply_due = fields.Datetime(readonly=True, copy=False, tracking=True, index=True)
    reply_date = fields.Datetime(string="Replied On", readonly=True, copy=False, tracking=True)
    reply_due_text = fields.Char(
        string="Reply Due (customer's time)",
        compute="_compute_reply_due_text",
        help="The reply deadline as the customer reads it, with its time zone.",
    )
    solution_due = fields.Datetime(
        compute="_compute_solution_due",
        store=True,
        help="End of the promised date in the company's time zone.",
    )
    solution_date = fields.Datetime(string="Solved On", readonly=True, copy=False, tracking=True)
    close_date = fields.Datetime(string="Closed On", readonly=True, copy=False)
    reply_chased_due = fields.Datetime(readonly=True, copy=False, help="Reply deadline the supervisor was told of.")
    solution_chased_due = fields.Datetime(
        readonly=True, copy=False, help="Solution deadline the supervisor was told of."
    )
    reply_sla_state = fields.Selection(
        SLA_STATES, string="Reply SLA", compute="_compute_sla_states", search="_search_reply_sla_state"
    )
    solution_sla_state = fields.Selection(
        SLA_STATES, string="Solution SLA", compute="_compute_sla_states", search="_search_solution_sla_state"
    )
    sla_state = fields.Selection(SLA_STATES, string="SLA", compute="_compute_sla_states", search="_search_sla_state")

    can_start = fields.Boolean(compute="_compute_can_steps")
    can_answer = fields.Boolean(compute="_compute_can_steps")
    can_solve = fields.Boolean(compute="_compute_can_steps")
    can_close = fields.Boolean(compute="_compute_can_steps")
    can_cancel = fields.Boolean(compute="_compute_can_steps")

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "A service request with this reference already exists in this company."
    )
    _state_company_idx = models.Index("(company_id, state, received_date)")
    # the mail gateway counts the requests created from one sender in the last hours (loop detection)
    _create_date_idx = models.Index("(create_date)")

    # --- Computes -------------------------------------------------------------
    def _compute_access_url(self):
        for request in self:
            request.access_url = f"/my/service-requests/{request.id}"

    def _cs_portal_closed(self):
        return self.state == "closed"

    @api.depends("promised_date", "company_id")
    def _compute_solution_due(self):
        for request in self:
            if request.promised_date:
                tz_name = request.company_id.sudo()._cs_reader_tz()
                request.solution_due = local_days_utc(request.promised_date, request.promised_date, tz_name)[1]
            else:
                request.solution_due = False

    @api.depends("reply_due", "partner_id.tz", "company_id")
    def _compute_reply_due_text(self):
        for request in self:
            request.reply_due_text = request._cs_format_local(request.reply_due, request.partner_id)

    @api.depends("reply_due", "reply_date", "solution_due", "solution_date", "state")
    def _compute_sla_states(self):
        now = fields.Datetime.now()
        for request in self:
            states = []
            for prefix in DEADLINES:
                due, done = request[f"{prefix}_due"], request[f"{prefix}_date"]
                if request.state == "cancelled":
                    state = SLA_MET  # nothing is owed on a cancelled request
                else:
                    state = sla_state(due, done, now)
                request[f"{prefix}_sla_state"] = state
                states.append(state)
            request.sla_state = overall_sla_state(states)

    @api.depends_context("uid")
    @api.depends("state", "request_type", "user_id")
    def _compute_can_steps(self):
        """The buttons a user sees; each action checks the state and the write access again."""
        for request in self:
            may_write = bool(request.id) and request.has_access("write")
            inquiry = request.request_type == "inquiry"
            request.can_start = may_write and request.state == "new"
            request.can_answer = may_write and inquiry and request.state in OPEN_STATES
            request.can_solve = may_write and not inquiry and request.state == "in_progress"
            request.can_close = may_write and request.state in ("answered", "solved")
            request.can_cancel = may_write and request.state in OPEN_STATES

    @api.depends("name", "subject", "partner_id")
    def _compute_display_name(self):
        for request in self:
            who = request.partner_id.name or request.email_from or ""
            request.display_name = f"{request.name} ({who})" if who else request.name

    def _search_sla(self, prefix, operator, value):
        states = _searched_states(operator, value)
        self.flush_model([f"{p}_{suffix}" for p in DEADLINES for suffix in ("due", "date")])
        not_cancelled = Domain("state", "!=", "cancelled")
        domains = []
        for state in states:
            if prefix:
                domain = _sla_domain(prefix, state)
            elif state == SLA_LATE:
                domain = Domain.OR(_sla_domain(p, SLA_LATE) for p in DEADLINES)
            elif state == SLA_MET:
                domain = Domain.AND(_sla_domain(p, SLA_MET) for p in DEADLINES)
            else:
                not_late = Domain.AND(_sla_domain(p, SLA_MET) | _sla_domain(p, SLA_RUNNING) for p in DEADLINES)
                domain = not_late & Domain.OR(_sla_domain(p, SLA_RUNNING) for p in DEADLINES)
            if state == SLA_MET:
                domains.append(domain | Domain("state", "=", "cancelled"))
            else:
                domains.append(domain & not_cancelled)
        return Domain.OR(domains)

    def _search_reply_sla_state(self, operator, value):
        return self._search_sla("reply", operator, value)

    def _search_solution_sla_state(self, operator, value):
        return self._search_sla("solution", operator, value)

    def _search_sla_state(self, operator, value):
        return self._search_sla(None, operator, value)

    # --- Constraints ------------------------------------------------------------
    @api.constrains("received_date", "reply_date", "solution_date", "promised_date")
    def _check_dates(self):
        now = fields.Datetime.now()
        for request in self:
            if not is_plausible_date(request.received_date):
                raise ValidationError(
                    self.env._(
                        "Service request %(request)s: the received time %(date)s is not plausible; enter a date "
                        "between %(first)s and %(last)s.",
                        request=request.display_name,
                        date=request.received_date,
                        first=PLAUSIBLE_YEARS[0],
                        last=PLAUSIBLE_YEARS[1],
                    )
                )
            if request.received_date > now + timedelta(minutes=5):
                raise ValidationError(
                    self.env._(
                        "Service request %(request)s: the received time %(date)s is in the future.",
                        request=request.display_name,
                        date=request.received_date,
                    )
                )
            if request.promised_date and not is_plausible_date(request.promised_date):
                raise ValidationError(
                    self.env._(
                        "Service request %(request)s: the promised date %(date)s is not plausible.",
                        request=request.display_name,
                        date=request.promised_date,
                    )
                )
            received_day = local_date(request.received_date, request.company_id.sudo()._cs_reader_tz())
            if request.promised_date and request.promised_date < received_day:
                raise ValidationError(
                    self.env._(
                        "Service request %(request)s: the Promised Date %(date)s is before the day the request "
                        "was received (%(received)s).",
                        request=request.display_name,
                        date=request.promised_date,
                        received=received_day,
                    )
                )

    # --- CRUD -------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if self._cs_guard_active():
            self._cs_check_guarded_create(vals_list)
        for vals in vals_list:
            received = fields.Datetime.to_datetime(vals.get("received_date")) or fields.Datetime.now()
            vals["received_date"] = received
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if "team_id" not in vals:
                vals["team_id"] = self._cs_default_team(company).id
            if vals.get("name", "New") == "New":
                day = local_date(received, company.sudo()._cs_reader_tz())
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("cs.service.request", sequence_date=day)
                    or "New"
                )
            vals["reply_due"] = self._cs_reply_due(
                company,
                vals.get("request_type") or self.default_get(["request_type"]).get("request_type") or "inquiry",
                vals.get("channel") or self.default_get(["channel"]).get("channel") or "phone",
                received,
                self.env["res.partner"].browse(vals.get("partner_id")),
            )
        with self._cs_transition():
            requests = super().create(vals_list)
        requests._cs_subscribe_customer()
        return requests

    def write(self, vals):
        result = super().write(vals)
        if {"received_date", "request_type", "channel", "partner_id"} & set(vals):
            # the reply deadline follows what the request is until it is answered
            with self._cs_transition():
                for request in self.filtered(lambda r: not r.reply_date):
                    request.write(
                        {
                            "reply_due": self._cs_reply_due(
                                request.company_id,
                                request.request_type,
                                request.channel,
                                request.received_date,
                                request.partner_id,
                            )
                        }
                    )
        if "partner_id" in vals:
            self._cs_subscribe_customer()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_handled(self):
        for request in self:
            if request.state != "new" or request.reply_date:
                raise UserError(
                    self.env._(
                        "Service request %(request)s is %(state)s and cannot be deleted: cancel it instead.",
                        request=request.display_name,
                        state=self._cs_state_label(request),
                    )
                )

    # --- Business helpers -----------------------------------------------------------
    @api.model
    def _cs_default_team(self, company):
        """The company's team of the registering specialist, else the company's first team."""
        teams = self.env["cs.service.team"].sudo().search([("company_id", "=", company.id)])
        return teams.filtered(lambda t: self.env.user in t.member_ids)[:1] or teams[:1]

    @api.model
    def _cs_reply_due(self, company, request_type, channel, received, partner=None):
        """The rule's deadline; a key customer's (重点客户, seed 004: priority service) is shorter by the
        company's share (Settings › Customer Care)."""
        rule = self.env["cs.service.deadline"]._cs_rule(company, request_type, channel)
        if not rule:
            return False
        key = partner and partner.sudo().commercial_partner_id.cs_key_customer
        share = (company.sudo().cs_key_customer_deadline_percent or 100) if key else 100
        return rule._cs_due(received, company.sudo(), share=share)

    def _cs_subscribe_customer(self):
        """The customer follows its request: chatter messages (not notes) reach them by e-mail."""
        for request in self.filtered("partner_id"):
            request.sudo().message_subscribe(partner_ids=request.partner_id.ids)

    def _cs_send_to_customer(self, body, subject=None):
        """Post ``body`` in the chatter as a message sent to the customer (or to the sender's address)."""
        self.ensure_one()
        if not self.partner_id and not email_normalize(self.email_from or ""):
            raise UserError(
                self.env._(
                    "Service request %(request)s has no customer and no e-mail address: fill in the Customer "
                    "before sending the answer.",
                    request=self.display_name,
                )
            )
        return self.message_post(
            body=body,
            subject=subject,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
            outgoing_email_to=False if self.partner_id else self.email_from,
        )

    def _cs_format_local(self, value, reader=None):
        """A deadline as ``reader`` (a partner or a user; default the company) reads it, with its time zone."""
        self.ensure_one()
        if not value:
            return ""
        tz_name = self.company_id.sudo()._cs_reader_tz(reader)
        return f"{local_datetime(value, tz_name):%Y-%m-%d %H:%M} ({tz_name})"

    def _cs_customer_lang(self):
        """The language the customer reads: theirs when it is installed, else the company's.

        A partner's stale language must not make a mail to the customer fail (nor bounce theirs).
        """
        self.ensure_one()
        installed = dict(self.env["res.lang"].get_installed())
        langs = (self.partner_id.lang, self.company_id.partner_id.lang)
        return next((code for code in langs if code in installed), "en_US")

    def _cs_customer_env(self):
        """This request in the customer's language, for the words written to them."""
        return self.with_context(lang=self._cs_customer_lang())

    def _cs_send_acknowledgement(self):
        """Tell the sender we have their mail: the reference and the promised reply time."""
        template = self.env.ref(ACKNOWLEDGEMENT, raise_if_not_found=False)
        if not template:
            return
        for request in self:
            if not request.partner_id and not email_normalize(request.email_from or ""):
                continue
            lang = request._cs_customer_lang()
            request._cs_send_to_customer(
                template._render_field("body_html", request.ids, set_lang=lang)[request.id],
                subject=template._render_field("subject", request.ids, set_lang=lang)[request.id],
            )

    # --- Actions ------------------------------------------------------------------------
    def _cs_expect(self, *states):
        for request in self:
            if request.state not in states:
                raise UserError(
                    self.env._(
                        "Service request %(request)s is %(state)s: this step is not possible now.",
                        request=request.display_name,
                        state=self._cs_state_label(request),
                    )
                )

    def _cs_expect_type(self, request_type):
        labels = dict(self._fields["request_type"]._description_selection(self.env))
        for request in self:
            if request.request_type != request_type:
                raise UserError(
                    self.env._(
                        "Service request %(request)s is a %(type)s: this step is for a %(expected)s.",
                        request=request.display_name,
                        type=labels[request.request_type],
                        expected=labels[request_type],
                    )
                )

    def action_start(self):
        """Take the request in hand; a request's promised date is told to the customer (seed 002)."""
        self._cs_expect("new")
        self.check_access("write")
        now = fields.Datetime.now()
        for request in self:
            vals = {"state": "in_progress"}
            if not request.user_id:
                vals["user_id"] = self.env.user.id
            if request.request_type == "request":
                if not request.promised_date:
                    raise UserError(
                        self.env._(
                            "Service request %(request)s: fill in the Promised Date told to the customer before "
                            "starting the work.",
                            request=request.display_name,
                        )
                    )
                request._cs_send_to_customer(
                    request._cs_customer_env().env._(
                        "Your request %(reference)s (%(subject)s) is being handled; it will be solved by " "%(date)s.",
                        reference=request.name,
                        subject=request.subject,
                        date=request.promised_date,
                    )
                )
                if not request.reply_date:
                    vals["reply_date"] = max(now, request.received_date)
            with self._cs_transition():
                request.write(vals)
        return True

    def action_answer(self):
        """Send the answer to the customer and record it (an inquiry)."""
        self._cs_expect(*OPEN_STATES)
        self._cs_expect_type("inquiry")
        self.check_access("write")
        for request in self:
            if is_html_empty(request.answer):
                raise UserError(
                    self.env._(
                        "Service request %(request)s: write the Answer before sending it to the customer.",
                        request=request.display_name,
                    )
                )
            request._cs_report_to_customer(
                request.answer,
                request._cs_customer_env().env._(
                    "Answer to %(reference)s: %(subject)s", reference=request.name, subject=request.subject
                ),
                "answered",
            )
        return True

    def action_solve(self):
        """Report the result back to the customer (seed 002: 将处理结果及时反馈至客户)."""
        self._cs_expect("in_progress")
        self._cs_expect_type("request")
        self.check_access("write")
        for request in self:
            if is_html_empty(request.result):
                raise UserError(
                    self.env._(
                        "Service request %(request)s: write the Result before reporting it to the customer.",
                        request=request.display_name,
                    )
                )
            request._cs_report_to_customer(
                request.result,
                request._cs_customer_env().env._(
                    "Result of %(reference)s: %(subject)s", reference=request.name, subject=request.subject
                ),
                "solved",
            )
        return True

    def _cs_report_to_customer(self, body, subject, state):
        """Send the answer or result to the customer; the request is then replied to and solved (now, or
        at its received time when that was entered later than now), and taken by whoever sent it."""
        self.ensure_one()
        self._cs_send_to_customer(body, subject=subject)
        done = max(fields.Datetime.now(), self.received_date)
        vals = {"state": state, "solution_date": done, "reply_date": self.reply_date or done}
        if not self.user_id:
            vals["user_id"] = self.env.user.id
        with self._cs_transition():
            self.write(vals)

    def action_close(self):
        self._cs_expect("answered", "solved")
        self.check_access("write")
        with self._cs_transition():
            self.write({"state": "closed", "close_date": fields.Datetime.now()})
        self._cs_request_rating(RATING_REQUEST)
        return True

    def action_cancel(self):
        self._cs_expect(*OPEN_STATES)
        self.check_access("write")
        with self._cs_transition():
            self.write({"state": "cancelled", "close_date": fields.Datetime.now()})
        return True

    # --- Escalation ---------------------------------------------------------------------
    @api.model
    def _cron_escalate_late(self):
        """Tell the supervisor of each missed deadline once.

        ``<deadline>_chased_due`` keeps the deadline the supervisor was told of:
        a second run creates no second activity, and a deadline missed again
        after it moved (a new promised date) is chased again.
        """
        now = fields.Datetime.now()
        for prefix in DEADLINES:
            due, chased = f"{prefix}_due", f"{prefix}_chased_due"
            self.flush_model([due, chased, f"{prefix}_date", "state"])
            not_chased = Domain.custom(
                to_sql=lambda model, alias, query, due=due, chased=chased: SQL(
                    "(%s IS NULL OR %s <> %s)",
                    SQL.identifier(alias, chased),
                    SQL.identifier(alias, chased),
                    SQL.identifier(alias, due),
                ),
                predicate=lambda rec, due=due, chased=chased: rec[chased] != rec[due],
            )
            late = (
                Domain("state", "in", OPEN_STATES)
                & Domain(f"{prefix}_date", "=", False)
                & Domain(due, "<", now)
                & not_chased
            )
            # by committed batches: an interrupted run leaves the rest unchased for the next one
            cs_process_in_batches(self, late, lambda requests, prefix=prefix: requests._cs_chase_all(prefix))

    def _cs_chase_all(self, prefix):
        for request in self:
            request._cs_chase(prefix)

    def _cs_chase(self, prefix):
        self.ensure_one()
        supervisor = self.team_id._cs_supervisor(self.company_id)
        due = self[f"{prefix}_due"]
        with self._cs_transition():
            self.write({f"{prefix}_chased_due": due})
        if not supervisor:
            return
        if prefix == "reply":
            summary = self.env._("Service request %(request)s: reply late", request=self.name)
            note = self.env._(
                "The customer was to be answered by %(due)s: see that the specialist answers now.",
                due=self._cs_format_local(due, supervisor),
            )
        else:
            summary = self.env._("Service request %(request)s: promised date passed", request=self.name)
            note = self.env._(
                "The request was promised to the customer for %(date)s: coordinate its solution and have the "
                "result reported to the customer.",
                date=self.promised_date,
            )
        self.activity_schedule(
            ESCALATION,
            date_deadline=self.company_id.sudo()._cs_today(),
            summary=summary,
            note=note,
            user_id=supervisor.id,
        )

    # --- Mail gateway ---------------------------------------------------------------------
    @api.model
    def _cs_find_customer(self, email, company):
        """The company's contact (or a shared one) with the sender's address, else nobody."""
        normalized = email_normalize(email or "")
        if not normalized:
            return self.env["res.partner"]
        partners = (
            self.env["res.partner"]
            .sudo()
            .search_fetch(
                [("email_normalized", "=", normalized), ("company_id", "in", [company.id, False])],
                ["company_id"],
                order="id",
                limit=20,
            )
        )
        # a colleague forwarding a mail is not the customer
        partners = partners.filtered(lambda p: all(user.share for user in p.sudo().user_ids))
        # the company's own contact before a shared one, the oldest first
        return partners.filtered(lambda p: p.company_id == company)[:1] or partners[:1]

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An e-mail to a team's alias: a new request of the team's company, never refused.

        The customer is the company's contact with the sender's address, or nobody
        (a specialist assigns it); the reply clock starts at the mail's Date; the
        sender gets an acknowledgement with the reference and the promised reply time.
        """
        values = dict(custom_values or {})
        team = self.env["cs.service.team"].sudo().browse(values.get("team_id")).exists()
        company = team.company_id or self.env["res.company"].browse(values.get("company_id")).exists()
        company = company or self.env.company
        sender = msg_dict.get("email_from") or ""
        partner = self._cs_find_customer(sender, company)
        values.update(
            {
                "team_id": team.id,
                "company_id": company.id,
                "channel": "email",
                "request_type": values.get("request_type") or team.request_type or "inquiry",
                "subject": (msg_dict.get("subject") or "").strip() or self.env._("(no subject)"),
                "description": msg_dict.get("body") or False,
                "email_from": sender,
                "partner_id": partner.id,
                "received_date": mail_received_time(
                    fields.Datetime.to_datetime(msg_dict.get("date")), fields.Datetime.now()
                ),
                "user_id": False,
            }
        )
        for fname in self._cs_flow_fields:  # an alias's defaults never set what the buttons set
            values.pop(fname, None)
        request = self.create(values)
        request._cs_send_acknowledgement()
        return request

    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        """A mail to the alias quoting a request's reference in its subject lands on that request,
        when it comes from the request's customer (any contact of it) or its sender address; the
        headers In-Reply-To / References are tried before, by the mail gateway itself."""
        model, thread_id, custom_values, _user_id, _alias = route
        if model == self._name and not thread_id:
            existing = self._cs_find_by_subject(message_dict, custom_values or {})
            if existing:
                route = (route[0], existing.id, *route[2:])
        return super()._routing_check_route(message, message_dict, route, raise_exception=raise_exception)

    @api.model
    def _cs_find_by_subject(self, message_dict, custom_values):
        references = request_references(message_dict.get("subject"))[:5]
        sender = email_normalize(message_dict.get("email_from") or "")
        if not references or not sender:
            return self.browse()
        domain = Domain("name", "in", references)
        if custom_values.get("company_id"):
            domain &= Domain("company_id", "=", custom_values["company_id"])
        for request in self.sudo().search(domain, order="id desc"):
            if email_normalize(request.email_from or "") == sender:
                return request
            if request.commercial_partner_id and self.env["res.partner"].sudo().search_count(
                [("email_normalized", "=", sender), ("commercial_partner_id", "=", request.commercial_partner_id.id)],
                limit=1,
            ):
                return request
        return self.browse()

    def _notify_get_reply_to(self, default=None, author_id=False):
        """Answers come back to the team's mailbox."""
        aliases = self.sudo().team_id._notify_get_reply_to(default=default, author_id=author_id)
        result = {request.id: aliases.get(request.team_id.id) for request in self}
        leftover = self.filtered(lambda r: not r.team_id or not result.get(r.id))
        if leftover:
            result.update(super(CsServiceRequest, leftover)._notify_get_reply_to(default=default, author_id=author_id))
        return result


def _sla_domain(prefix, state, now=None):
    """Domain of the requests whose ``prefix`` deadline is in ``state`` (see rules.sla_state)."""
    now = now or fields.Datetime.now()
    due, done = f"{prefix}_due", f"{prefix}_date"
    if state == SLA_RUNNING:
        return Domain(done, "=", False) & (Domain(due, "=", False) | Domain(due, ">=", now))
    late_done = Domain.custom(
        to_sql=lambda model, alias, query: SQL(
            "(%s IS NOT NULL AND %s > %s)",
            SQL.identifier(alias, done),
            SQL.identifier(alias, done),
            SQL.identifier(alias, due),
        ),
        predicate=lambda rec: bool(rec[done] and rec[due] and rec[done] > rec[due]),
    )
    if state == SLA_LATE:
        return late_done | (Domain(done, "=", False) & Domain(due, "<", now))
    return Domain.custom(
        to_sql=lambda model, alias, query: SQL(
            "(%s IS NOT NULL AND (%s IS NULL OR %s <= %s))",
            SQL.identifier(alias, done),
            SQL.identifier(alias, due),
            SQL.identifier(alias, done),
            SQL.identifier(alias, due),
        ),
        predicate=lambda rec: bool(rec[done] and not (rec[due] and rec[done] > rec[due])),
    )


def _searched_states(operator, value):
    values = [value] if isinstance(value, str) or not value else list(value)
    if operator in ("=", "in"):
        return [v for v in values if v]
    if operator in ("!=", "not in"):
        return [s for s, _label in SLA_STATES if s not in values]
    raise NotImplementedError(operator)
