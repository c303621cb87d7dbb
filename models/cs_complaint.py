from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.mail import plaintext2html

from .cs_batch import cs_process_in_batches
from .cs_complaint_stage import STAGE_KINDS
from .cs_complaint_stage import STAGE_ORDER
from .rules import PLAUSIBLE_YEARS
from .rules import SLA_LATE
from .rules import SLA_MET
from .rules import SLA_NA
from .rules import SLA_RUNNING
from .rules import is_plausible_date
from .rules import overall_sla_state
from .rules import sla_state

CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("visit", "Visit"),
    ("chat", "Chat"),
    ("letter", "Letter"),
    ("other", "Other"),
]
SLA_STATES = [(SLA_RUNNING, "Running"), (SLA_MET, "Met"), (SLA_LATE, "Late"), (SLA_NA, "Not Applicable")]
# The three promised deadlines: (prefix of the fields, label)
DEADLINES = ("reply", "solution", "callback")
# a complaint judged not valid is answered and closed: only its reply is measured
NOT_VALID_MEASURED = ("reply",)
# what the person named responsible for the investigation writes (any internal user, seed 004
# 「確定責任部門和責任人」), and in which steps
RESPONSIBLE_FIELDS = ("investigation",)
RESPONSIBLE_STEPS = ("investigating", "solution_proposed")
MANAGER_GROUP = "customer_service_dept.group_cs_manager"
USER_GROUP = "customer_service_dept.group_cs_user"
RATING_REQUEST = "customer_service_dept.mail_template_cs_complaint_rating"


class CsComplaint(models.Model):
    _name = "cs.complaint"
    _description = "Customer Complaint"
    _inherit = ["cs.customer.portal.mixin", "mail.thread", "mail.activity.mixin", "cs.state.mixin"]
    _order = "received_date desc, id desc"
    _check_company_auto = True
    # written only by the step buttons, the solution approval, the escalation and the cron
    _cs_flow_fields = (
        "stage_id",
        "name",
        "validity",
        "approved_solution_id",
        "reply_due",
        "solution_due",
        "callback_due",
        "reply_date",
        "solution_date",
        "callback_date",
        "close_date",
        "reopen_count",
        "reopen_date",
        "escalation_level",
        "agreed_reply_date",
        "reply_chased",
        "solution_chased",
        "callback_chased",
        "close_decision",
        "close_decision_by_id",
        "close_decision_date",
    )
    # the received time sets the deadlines: fixed once the complaint is judged
    _cs_frozen_fields = {
        kind: ("received_date",) + (("partner_id",) if kind == "closed" else ())
        for kind, _label in STAGE_KINDS
        if kind != "registered"
    }

    def _default_stage_id(self):
        return self.env["cs.complaint.stage"].search([("stage_kind", "=", "registered")], limit=1)

    def _default_user_id(self):
        """The specialist registering the complaint handles it (and hears of its late deadlines).

        A complaint registered by the system (mail gateway, import as superuser) stays unassigned.
        """
        user = self.env.user
        if self.env.su or not user.has_group(USER_GROUP):
            return self.env["res.users"]
        return user

    # --- Registration -------------------------------------------------------
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="New", index="trigram")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True, check_company=True
    )
    client_code = fields.Char(related="partner_id.commercial_partner_id.client_code", string="Client Code")
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    complainant = fields.Char(help="Person who made the complaint, when not the customer itself.")
    complainant_phone = fields.Char()
    received_date = fields.Datetime(
        string="Received", required=True, default=fields.Datetime.now, tracking=True, index=True
    )
    content = fields.Text(string="Complaint", required=True, help="What the customer complains about.")
    sale_order_id = fields.Many2one("sale.order", check_company=True, index="btree_not_null")
    picking_id = fields.Many2one("stock.picking", string="Delivery", check_company=True, index="btree_not_null")
    product_ids = fields.Many2many("product.product", string="Products")
    category_id = fields.Many2one("cs.complaint.category", tracking=True, index=True)
    severity = fields.Selection(
        [("low", "Low"), ("normal", "Normal"), ("high", "High"), ("critical", "Critical")],
        default="normal",
        required=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Specialist",
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
        default=lambda self: self._default_user_id(),
    )
    team_id = fields.Many2one("crm.team", tracking=True, check_company=True)
    stage_id = fields.Many2one(
        "cs.complaint.stage",
        default=lambda self: self._default_stage_id(),
        group_expand="_read_group_stage_ids",
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
    )
    stage_kind = fields.Selection(related="stage_id.stage_kind", store=True, string="Step")
    color = fields.Integer()

    # --- Judgement and investigation ---------------------------------------
    validity = fields.Selection(
        [("valid", "Valid"), ("not_valid", "Not Valid")], readonly=True, tracking=True, copy=False
    )
    reply = fields.Text(
        string="Reply to Customer",
        copy=False,
        help="Answer to the customer, sent with Send Reply (by e-mail when the complaint came by e-mail); "
        "required to close a not-valid complaint.",
    )
    responsible_department = fields.Char(
        groups="base.group_user", tracking=True, help="Department that must investigate and answer for the complaint."
    )
    responsible_user_id = fields.Many2one(
        "res.users", string="Responsible Person", tracking=True, domain=[("share", "=", False)]
    )
    investigation = fields.Text(groups="base.group_user", string="Investigation Findings", copy=False)

    # --- Solution, acceptance, callback --------------------------------------
    solution_ids = fields.One2many("cs.complaint.solution", "complaint_id", string="Solutions", copy=False)
    approved_solution_id = fields.Many2one("cs.complaint.solution", readonly=True, copy=False, tracking=True)
    acceptance_mode = fields.Selection(
        [("signed", "Signed Acceptance"), ("phone", "By Phone")], copy=False, tracking=True
    )
    acceptance_document = fields.Binary(string="Signed Acceptance Document", attachment=True, copy=False)
    acceptance_filename = fields.Char(copy=False)
    acceptance_date = fields.Datetime(string="Accepted On", copy=False, tracking=True)
    callback_result = fields.Selection(
        [("satisfied", "Satisfied"), ("average", "Average"), ("not_satisfied", "Not Satisfied")],
        copy=False,
        tracking=True,
    )
    callback_note = fields.Text(groups="base.group_user", string="Callback Notes", copy=False)
    callback_ids = fields.One2many("cs.callback", "complaint_id", string="Callbacks")
    close_date = fields.Datetime(string="Closed On", readonly=True, copy=False)
    # Seed 004 投诉处理与反馈: 「如客户对处理结果不满意，要进一步沟通协调，直至客户满意为止」: a complaint
    # whose callback is "not satisfied" closes only on a Customer Service Manager's decision with its reason.
    close_decision = fields.Text(
        groups="base.group_user",
        string="Manager's Decision",
        readonly=True,
        copy=False,
        tracking=True,
        help="Why a Customer Service Manager closed the complaint although the customer is not satisfied.",
    )
    close_decision_by_id = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    close_decision_date = fields.Datetime(string="Decided On", readonly=True, copy=False)
    # Seed 000 投诉处理流程: 「提出改进对策」 and 「对直接责任者和部门主管要按照有关规定进行处罚」
    improvement_measures = fields.Text(
        groups="base.group_user",
        copy=False,
        tracking=True,
        help="Measures taken so that the cause of the complaint does not come back.",
    )
    accountability = fields.Text(
        groups="base.group_user",
        copy=False,
        tracking=True,
        help="What was decided for the persons directly responsible and their department head.",
    )
    reopen_count = fields.Integer(string="Reopened", readonly=True, copy=False, tracking=True)
    reopen_date = fields.Datetime(
        string="Last Reopened On",
        readonly=True,
        copy=False,
        help="A reopened complaint is closed again only after a new callback made after this time.",
    )

    # --- Service levels: plain fields written at creation and stage changes --
    reply_due = fields.Datetime(readonly=True, copy=False, tracking=True)
    reply_date = fields.Datetime(string="Replied On", readonly=True, copy=False, tracking=True)
    solution_due = fields.Datetime(readonly=True, copy=False, tracking=True)
    solution_date = fields.Datetime(string="Solution On", readonly=True, copy=False, tracking=True)
    callback_due = fields.Datetime(readonly=True, copy=False, tracking=True)
    callback_date = fields.Datetime(string="Called Back On", readonly=True, copy=False, tracking=True)
    reply_sla_state = fields.Selection(
        SLA_STATES, string="Reply SLA", compute="_compute_sla_states", search="_search_reply_sla_state"
    )
    solution_sla_state = fields.Selection(
        SLA_STATES, string="Solution SLA", compute="_compute_sla_states", search="_search_solution_sla_state"
    )
    callback_sla_state = fields.Selection(
        SLA_STATES, string="Callback SLA", compute="_compute_sla_states", search="_search_callback_sla_state"
    )
    sla_state = fields.Selection(SLA_STATES, string="SLA", compute="_compute_sla_states", search="_search_sla_state")
    escalation_level = fields.Selection(
        [("none", "Not Escalated"), ("specialist", "Specialist Reminded"), ("manager", "Manager Alerted")],
        default="none",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    agreed_reply_date = fields.Datetime(
        string="Agreed Reply Time",
        readonly=True,
        copy=False,
        tracking=True,
        help="Reply time agreed with the customer when the complaint was escalated by hand.",
    )
    reply_chased = fields.Boolean(readonly=True, copy=False, help="The late reply was chased once.")
    solution_chased = fields.Boolean(readonly=True, copy=False, help="The late solution was chased once.")
    callback_chased = fields.Boolean(readonly=True, copy=False, help="The late callback was chased once.")
    can_approve = fields.Boolean(compute="_compute_can_approve")
    can_send_reply = fields.Boolean(compute="_compute_can_steps")
    can_judge = fields.Boolean(compute="_compute_can_steps")
    can_judge_not_valid = fields.Boolean(compute="_compute_can_steps")
    can_investigate = fields.Boolean(compute="_compute_can_steps")
    can_propose = fields.Boolean(compute="_compute_can_steps")
    can_apply_solution = fields.Boolean(compute="_compute_can_steps")
    can_follow_up = fields.Boolean(compute="_compute_can_steps")
    can_close = fields.Boolean(compute="_compute_can_steps")
    can_reopen = fields.Boolean(compute="_compute_can_steps")
    can_decide_close = fields.Boolean(compute="_compute_can_steps")
    can_escalate = fields.Boolean(compute="_compute_can_steps")

    _stage_company_idx = models.Index("(company_id, stage_kind, received_date)")
    # The Complaints menu opens on the open complaints (search_default_open) and its pager counts up to
    # 10,001 of them: without this partial index the count walks the closed ones of the index above first
    # (50 ms at 1,000,000 complaints, scripts/bench_complaints.py; 2-5 ms with it).
    _open_company_idx = models.Index("(company_id) WHERE (stage_kind <> 'closed' OR stage_kind IS NULL)")
    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "A complaint with this reference already exists in this company."
    )

    # --- Computes -------------------------------------------------------------
    def _compute_access_url(self):
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    def _cs_portal_closed(self):
        # rated like the mail asks: a valid complaint, once closed
        return self.stage_kind == "closed" and self.validity == "valid"

    @api.depends(
        "validity", "reply_due", "reply_date", "solution_due", "solution_date", "callback_due", "callback_date"
    )
    def _compute_sla_states(self):
        now = fields.Datetime.now()
        for complaint in self:
            states = []
            for prefix in DEADLINES:
                if complaint.validity == "not_valid" and prefix not in NOT_VALID_MEASURED:
                    state = SLA_NA
                else:
                    state = sla_state(complaint[f"{prefix}_due"], complaint[f"{prefix}_date"], now)
                complaint[f"{prefix}_sla_state"] = state
                states.append(state)
            complaint.sla_state = overall_sla_state(states)

    @api.depends_context("uid")
    def _compute_can_approve(self):
        self.can_approve = self.env.user.has_group(MANAGER_GROUP)

    @api.depends_context("uid")
    @api.depends("stage_kind", "validity", "approved_solution_id", "user_id", "callback_result", "close_decision_by_id")
    def _compute_can_steps(self):
        """The step buttons a user sees; each action checks the stage and the write access again."""
        steps = {
            "can_judge": ("registered",),
            "can_judge_not_valid": ("registered", "judged"),
            "can_investigate": ("judged",),
            "can_propose": ("investigating",),
            "can_apply_solution": ("solution_proposed",),
            "can_follow_up": ("solution_applied",),
            "can_close": ("followed_up",),
            "can_reopen": ("closed",),
        }
        manager = self.env.user.has_group(MANAGER_GROUP)
        for complaint in self:
            may_write = complaint._cs_may_write()
            for fname, kinds in steps.items():
                complaint[fname] = may_write and complaint.stage_kind in kinds
            complaint.can_investigate = complaint.can_investigate and complaint.validity == "valid"
            complaint.can_apply_solution = complaint.can_apply_solution and bool(complaint.approved_solution_id)
            needs_decision = complaint._cs_needs_close_decision()
            complaint.can_decide_close = complaint.can_close and needs_decision and manager
            complaint.can_close = complaint.can_close and not needs_decision
            complaint.can_escalate = may_write and complaint.stage_kind != "closed"
            complaint.can_send_reply = complaint.can_escalate

    def _cs_needs_close_decision(self):
        """The customer is not satisfied and no manager has decided yet to close anyway."""
        self.ensure_one()
        return self.callback_result == "not_satisfied" and not self.close_decision_by_id

    def _cs_may_write(self):
        """The user handles this complaint: access rights and record rules, and more than the findings."""
        self.ensure_one()
        return bool(self.id) and self.has_access("write") and not self._cs_responsible_only()

    def _cs_responsible_only(self):
        """The user writes this complaint only as the person named responsible for its investigation.

        A manager, and a specialist on their own or an unassigned complaint, handle it; anyone else
        who may write it (the record rule of the responsible person) writes the findings only.
        """
        self.ensure_one()
        user = self.env.user
        if self.env.su or user.has_group(MANAGER_GROUP):
            return False
        return not (user.has_group(USER_GROUP) and self.sudo().user_id in (user, self.env["res.users"]))

    def _cs_local_time(self, value):
        """``value`` (naive UTC) as the reader reads it, in their time zone."""
        if not value:
            return "-"
        return fields.Datetime.context_timestamp(self, value).strftime("%Y-%m-%d %H:%M")

    def _cs_check_handler(self):
        """Refuse a step to a user who may not handle these complaints (checked on the server)."""
        self.check_access("write")
        for complaint in self:
            if complaint._cs_responsible_only():
                raise AccessError(
                    self.env._(
                        "Complaint %(complaint)s: you are named responsible for its investigation; you write "
                        "the Investigation Findings, its specialist %(specialist)s runs the handling steps.",
                        complaint=complaint.display_name,
                        specialist=complaint.sudo().user_id.name or self.env._("(none)"),
                    )
                )

    def _cs_check_responsible_write(self, vals):
        """The responsible person changes the findings only, and only while the investigation runs."""
        if self.env.su:
            return
        others = [fname for fname in vals if fname not in RESPONSIBLE_FIELDS]
        for complaint in self:
            if not complaint._cs_responsible_only():
                continue
            if others:
                raise AccessError(
                    self.env._(
                        "Complaint %(complaint)s: as the person responsible for the investigation you may "
                        "change the Investigation Findings only, not %(field)s.",
                        complaint=complaint.display_name,
                        field=self._cs_label(others[0]) if others[0] in self._fields else others[0],
                    )
                )
            if complaint.stage_kind not in RESPONSIBLE_STEPS:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s is at stage %(stage)s: the Investigation Findings are written "
                        "while the investigation runs.",
                        complaint=complaint.display_name,
                        stage=complaint.stage_id.name,
                    )
                )

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for complaint in self:
            if complaint.partner_id:
                complaint.display_name = f"{complaint.name} ({complaint.partner_id.name})"
            else:
                complaint.display_name = complaint.name

    @api.model
    def _sla_domain(self, prefix, state, now=None):
        """Domain of the complaints whose ``prefix`` deadline is in ``state`` (see rules.sla_state)."""
        if prefix in NOT_VALID_MEASURED:
            return Domain.FALSE if state == SLA_NA else self._sla_measured_domain(prefix, state, now)
        not_valid = Domain("validity", "=", "not_valid")
        if state == SLA_NA:
            return not_valid
        return ~not_valid & self._sla_measured_domain(prefix, state, now)

    @api.model
    def _sla_measured_domain(self, prefix, state, now=None):
        now = now or fields.Datetime.now()
        due, done = f"{prefix}_due", f"{prefix}_date"
        # A done deadline compares two of its columns: met/late are plain SQL.
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
        on_time = Domain.custom(
            to_sql=lambda model, alias, query: SQL(
                "(%s IS NOT NULL AND (%s IS NULL OR %s <= %s))",
                SQL.identifier(alias, done),
                SQL.identifier(alias, due),
                SQL.identifier(alias, done),
                SQL.identifier(alias, due),
            ),
            predicate=lambda rec: bool(rec[done] and not (rec[due] and rec[done] > rec[due])),
        )
        if state == SLA_LATE:
            return late_done | (Domain(done, "=", False) & Domain(due, "<", now))
        return on_time

    def _search_sla(self, prefix, operator, value):
        states = _searched_states(operator, value)
        # The custom SQL conditions read the columns directly: write pending values first.
        self.flush_model([f"{p}_{suffix}" for p in DEADLINES for suffix in ("due", "date")])
        if prefix:
            return Domain.OR(self._sla_domain(prefix, s) for s in states)
        domains = []
        for state in states:
            if state == SLA_LATE:
                domains.append(Domain.OR(self._sla_domain(p, SLA_LATE) for p in DEADLINES))
            elif state == SLA_MET:
                domains.append(
                    Domain.AND(self._sla_domain(p, SLA_MET) | self._sla_domain(p, SLA_NA) for p in DEADLINES)
                )
            elif state == SLA_RUNNING:
                not_late = Domain.AND(
                    self._sla_domain(p, SLA_MET) | self._sla_domain(p, SLA_RUNNING) | self._sla_domain(p, SLA_NA)
                    for p in DEADLINES
                )
                domains.append(not_late & Domain.OR(self._sla_domain(p, SLA_RUNNING) for p in DEADLINES))
        return Domain.OR(domains)

    def _search_reply_sla_state(self, operator, value):
        return self._search_sla("reply", operator, value)

    def _search_solution_sla_state(self, operator, value):
        return self._search_sla("solution", operator, value)

    def _search_callback_sla_state(self, operator, value):
        return self._search_sla("callback", operator, value)

    def _search_sla_state(self, operator, value):
        return self._search_sla(None, operator, value)

    def _cs_state_field(self):
        return "stage_kind"

    def _cs_check_guarded_write(self, vals):
        """The received time sets the deadlines: once judged (even if reopened back to registered), it stays."""
        if "received_date" in vals:
            for complaint in self.filtered(lambda c: c.validity or c.reopen_count):
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s was already judged: its Received time can no longer be changed.",
                        complaint=complaint.display_name,
                    )
                )
        return super()._cs_check_guarded_write(vals)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([("active", "=", True)], order=stages._order)

    # --- Constraints ------------------------------------------------------------
    @api.constrains(
        "received_date",
        "reply_date",
        "solution_date",
        "callback_date",
        "acceptance_date",
        "agreed_reply_date",
    )
    def _check_dates_after_received(self):
        labels = {
            "reply_date": self.env._("Replied On"),
            "solution_date": self.env._("Solution On"),
            "callback_date": self.env._("Called Back On"),
            "acceptance_date": self.env._("Accepted On"),
            "agreed_reply_date": self.env._("Agreed Reply Time"),
        }
        now = fields.Datetime.now()
        for complaint in self:
            if not is_plausible_date(complaint.received_date):
                raise ValidationError(
                    self.env._(
                        "Complaint %(complaint)s: the received time %(date)s is not plausible; enter a date "
                        "between %(first)s and %(last)s.",
                        complaint=complaint.display_name,
                        date=complaint.received_date,
                        first=PLAUSIBLE_YEARS[0],
                        last=PLAUSIBLE_YEARS[1],
                    )
                )
            if complaint.received_date > now + timedelta(minutes=5):
                raise ValidationError(
                    self.env._(
                        "Complaint %(complaint)s: the received time %(date)s is in the future.",
                        complaint=complaint.display_name,
                        date=complaint.received_date,
                    )
                )
            for field, label in labels.items():
                if complaint[field] and complaint[field] < complaint.received_date:
                    raise ValidationError(
                        self.env._(
                            "Complaint %(complaint)s: %(field)s (%(date)s) is before the time the "
                            "complaint was received (%(received)s). Enter a later date.",
                            complaint=complaint.display_name,
                            field=label,
                            date=complaint[field],
                            received=complaint.received_date,
                        )
                    )

    @api.constrains(
        "stage_id",
        "validity",
        "reply",
        "responsible_department",
        "responsible_user_id",
        "approved_solution_id",
        "acceptance_mode",
        "acceptance_document",
        "acceptance_date",
        "callback_result",
        "callback_date",
        "reopen_date",
        "close_decision_by_id",
    )
    def _check_stage_requirements(self):
        """A stage is reached only with what it needs, buttons or kanban drag alike."""
        for complaint in self:
            for message in complaint._cs_missing_for_stage():
                raise ValidationError(message)

    def _cs_missing_for_stage(self):
        self.ensure_one()
        kind = self.stage_kind or "registered"
        order = STAGE_ORDER[kind]
        name = self.display_name
        missing = []
        if order >= STAGE_ORDER["judged"] and not self.validity:
            missing.append(
                self.env._("Complaint %(complaint)s must be judged valid or not valid first.", complaint=name)
            )
        if self.validity == "not_valid":
            if kind not in ("registered", "judged", "closed"):
                missing.append(
                    self.env._(
                        "Complaint %(complaint)s was judged not valid: it can only be closed with a reply.",
                        complaint=name,
                    )
                )
            if kind == "closed" and not self.reply:
                missing.append(
                    self.env._(
                        "Complaint %(complaint)s is not valid: write the Reply to Customer " "before closing it.",
                        complaint=name,
                    )
                )
            return missing
        if order >= STAGE_ORDER["investigating"]:
            if not self.responsible_department:
                missing.append(
                    self.env._(
                        "Complaint %(complaint)s: fill in the Responsible Department before the " "investigation.",
                        complaint=name,
                    )
                )
            if not self.responsible_user_id:
                missing.append(
                    self.env._(
                        "Complaint %(complaint)s: fill in the Responsible Person before the investigation.",
                        complaint=name,
                    )
                )
        if order >= STAGE_ORDER["solution_proposed"] and not self.solution_ids:
            missing.append(self.env._("Complaint %(complaint)s: propose at least one solution first.", complaint=name))
        if kind == "solution_proposed":
            missing += self.solution_ids._cs_missing_owner_or_deadline()
        if order >= STAGE_ORDER["solution_applied"]:
            if not self.approved_solution_id:
                missing.append(
                    self.env._(
                        "Complaint %(complaint)s: a Customer Service Manager must approve a solution first.",
                        complaint=name,
                    )
                )
            if not self.acceptance_mode or not self.acceptance_date:
                missing.append(
                    self.env._(
                        "Complaint %(complaint)s: record the customer's acceptance (how and Accepted On) "
                        "before applying the solution.",
                        complaint=name,
                    )
                )
            elif self.acceptance_mode == "signed" and not self.acceptance_document:
                missing.append(
                    self.env._(
                        "Complaint %(complaint)s: attach the Signed Acceptance Document, or record the "
                        "acceptance by phone.",
                        complaint=name,
                    )
                )
        if order >= STAGE_ORDER["followed_up"] and not self.callback_result:
            missing.append(self.env._("Complaint %(complaint)s: record the callback result first.", complaint=name))
        elif (
            order >= STAGE_ORDER["followed_up"]
            and self.reopen_date
            and not (self.callback_date and self.callback_date >= self.reopen_date)
        ):
            missing.append(
                self.env._(
                    "Complaint %(complaint)s was reopened on %(date)s: call the customer back again and record "
                    "the new callback result before closing it.",
                    complaint=name,
                    date=self._cs_local_time(self.reopen_date),
                )
            )

        if kind == "closed" and self._cs_needs_close_decision():
            missing.append(self._cs_close_decision_message())
        return missing

    # --- CRUD -------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if self._cs_guard_active():
            self._cs_check_guarded_create(vals_list)
        for vals in vals_list:
            self._cs_check_required(vals)
            received = fields.Datetime.to_datetime(vals.get("received_date")) or fields.Datetime.now()
            vals["received_date"] = received
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if vals.get("name", "New") == "New":
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("cs.complaint", sequence_date=received)
                    or "New"
                )
            for field, value in company._cs_complaint_deadlines(received).items():
                vals.setdefault(field, value)
        with self._cs_transition():
            return super().create(vals_list)

    def write(self, vals):
        self._cs_check_responsible_write(vals)
        self._cs_check_required(vals, update=True)
        if "approved_solution_id" in vals and self._cs_guard_active():
            # a specialist hears who may approve; nobody writes it outside the approval
            self._cs_check_manager(self.env._("approve a solution"))
        reopened = self.browse()
        if "stage_id" in vals:
            reopened = self.filtered(lambda c: c.stage_kind == "closed")
        if "received_date" in vals and "reply_due" not in vals:
            received = fields.Datetime.to_datetime(vals["received_date"])
            with self._cs_transition():
                for complaint in self:
                    super(CsComplaint, complaint).write(complaint.company_id._cs_complaint_deadlines(received))
        result = super().write(vals)
        if "stage_id" in vals:
            self._cs_after_stage_change(reopened)
        if vals.get("responsible_user_id"):
            # named (or changed) while the investigation runs: told now, not at the next step
            self.filtered(lambda c: c.stage_kind in RESPONSIBLE_STEPS)._cs_notify_responsible()
        return result

    @api.model
    def _cs_check_required(self, vals, update=False):
        if (not update or "partner_id" in vals) and not vals.get("partner_id"):
            raise ValidationError(
                self.env._(
                    "A complaint needs a customer: fill in the Customer field (complaint %(ref)s).",
                    ref=vals.get("name") or self.env._("new"),
                )
            )
        if (not update or "content" in vals) and not (vals.get("content") or "").strip():
            raise ValidationError(
                self.env._(
                    "A complaint needs its content: write what the customer complains about in the "
                    "Complaint field (complaint %(ref)s).",
                    ref=vals.get("name") or self.env._("new"),
                )
            )

    def _cs_after_stage_change(self, reopened):
        now = fields.Datetime.now()
        closing = self.browse()
        for complaint in self:
            extra = {}
            kind = complaint.stage_kind
            if kind == "closed" and not complaint.close_date:
                extra["close_date"] = now
                closing |= complaint
            if complaint in reopened and kind != "closed":
                extra.update({"close_date": False, "reopen_count": complaint.reopen_count + 1})
                # a new closing of a dissatisfied customer needs a new decision
                extra.update({"close_decision": False, "close_decision_by_id": False, "close_decision_date": False})
            if extra:
                with self._cs_transition():
                    super(CsComplaint, complaint).write(extra)  # pylint: disable=super-method-mismatch
        # the customer rates the handling of a valid complaint (its solution and callback); a complaint
        # judged not valid was answered with its reply only, and nothing more is sent to the customer
        closing.filtered(lambda c: c.validity == "valid")._cs_request_rating(RATING_REQUEST)
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        for complaint in self:
            if complaint.stage_kind == "closed" or complaint.close_date:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s is closed and cannot be deleted: closed complaints "
                        "are kept for the statistics.",
                        complaint=complaint.display_name,
                    )
                )
            if complaint.stage_kind != "registered" or complaint.solution_ids:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s is being handled (%(step)s): only a complaint still at "
                        "registration can be deleted; close it with its reply instead.",
                        complaint=complaint.display_name,
                        step=complaint._cs_state_label(complaint),
                    )
                )

    # --- Actions: the handling loop ------------------------------------------------
    def _cs_move_to(self, kind):
        stage = self.env["cs.complaint.stage"].search([("stage_kind", "=", kind)], limit=1)
        if not stage:
            raise UserError(
                self.env._(
                    "No complaint stage has the step %(step)s: add one under Configuration > Stages.",
                    step=dict(STAGE_KINDS)[kind],
                )
            )
        self._cs_check_handler()
        with self._cs_transition():
            self.write({"stage_id": stage.id})

    def _cs_expect(self, *kinds):
        for complaint in self:
            if complaint.stage_kind not in kinds:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s is at stage %(stage)s: this step is not possible there.",
                        complaint=complaint.display_name,
                        stage=complaint.stage_id.name,
                    )
                )

    def _cs_check_manager(self, what):
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a Customer Service Manager can %(what)s.", what=what))

    def action_judge_valid(self):
        self._cs_expect("registered")
        self._cs_check_handler()
        with self._cs_transition():
            self.write({"validity": "valid"})
        self._cs_move_to("judged")
        return True

    def action_judge_not_valid(self):
        self._cs_expect("registered", "judged")
        for complaint in self:
            if not (complaint.reply or "").strip():
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s: write the Reply to Customer explaining why the "
                        "complaint is not valid before closing it.",
                        complaint=complaint.display_name,
                    )
                )
        self._cs_check_handler()
        with self._cs_transition():
            self.write({"validity": "not_valid"})
        for complaint in self:
            complaint._cs_send_reply()
        self._cs_move_to("closed")
        return True

    def action_send_reply(self):
        """Send the Reply to Customer; the first reply sent is the one the reply deadline is measured on.

        Seed 003: 「所有形式的投诉都必须在24小时内予以回复」.
        """
        for complaint in self:
            if complaint.stage_kind == "closed":
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s is closed: reopen it before replying again.",
                        complaint=complaint.display_name,
                    )
                )
        self._cs_check_handler()
        for complaint in self:
            complaint._cs_send_reply()
        return True

    def _cs_send_reply(self):
        """Post the reply to the customer in the chatter, by e-mail when the complaint came by e-mail,
        and record the reply time (the first one only)."""
        self.ensure_one()
        text = (self.reply or "").strip()
        if not text:
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s: write the Reply to Customer before sending it.",
                    complaint=self.display_name,
                )
            )
        if self.channel == "email":
            if not self.partner_id.email:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s came by e-mail but customer %(customer)s has no e-mail "
                        "address: fill in the customer's Email before sending the reply.",
                        complaint=self.display_name,
                        customer=self.partner_id.display_name,
                    )
                )
            self.message_post(
                body=plaintext2html(text),
                subject=self.env._("Reply to your complaint %(complaint)s", complaint=self.name),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.partner_id.ids,
            )
        else:
            channel = dict(self._fields["channel"]._description_selection(self.env))[self.channel]
            self.message_post(
                body=plaintext2html(
                    self.env._(
                        "Reply given to the customer (%(channel)s): %(reply)s",
                        channel=channel,
                        reply=text,
                    )
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        if not self.reply_date:
            with self._cs_transition():
                self.reply_date = max(fields.Datetime.now(), self.received_date)

    def action_investigate(self):
        self._cs_expect("judged")
        for complaint in self:
            missing = complaint._cs_missing_investigation()
            if missing:
                raise UserError(missing)
        self._cs_move_to("investigating")
        self._cs_notify_responsible()
        return True

    def _cs_notify_responsible(self):
        """The responsible person named for the investigation follows the complaint and gets a to-do.

        Seed 004 「將客戶投訴信息及時傳遞給相關部門」, 001 「對投訴事件及時通報」.
        """
        for complaint in self.filtered("responsible_user_id"):
            complaint.message_subscribe(partner_ids=complaint.responsible_user_id.partner_id.ids)
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(complaint),
                summary=self.env._("Investigate complaint %(complaint)s", complaint=complaint.name),
                note=self.env._(
                    "You are named responsible for complaint %(complaint)s (%(department)s): write your "
                    "findings in Investigation Findings.",
                    complaint=complaint.display_name,
                    department=complaint.responsible_department or "",
                ),
                user_id=complaint.responsible_user_id.id,
            )

    def _cs_missing_investigation(self):
        if self.validity != "valid":
            return self.env._("Complaint %(complaint)s is not valid.", complaint=self.display_name)
        if not self.responsible_department or not self.responsible_user_id:
            return self.env._(
                "Complaint %(complaint)s: fill in the Responsible Department and the Responsible "
                "Person before starting the investigation.",
                complaint=self.display_name,
            )
        return ""

    def action_propose(self):
        self._cs_expect("investigating")
        for complaint in self:
            if not complaint.solution_ids:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s: add at least one solution in the Solutions tab first.",
                        complaint=complaint.display_name,
                    )
                )
            for message in complaint.solution_ids._cs_missing_owner_or_deadline():
                raise UserError(message)
        self._cs_move_to("solution_proposed")
        return True

    def action_apply_solution(self):
        self._cs_expect("solution_proposed")
        for complaint in self:
            if not complaint.approved_solution_id:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s: a Customer Service Manager must approve one of the "
                        "solutions first.",
                        complaint=complaint.display_name,
                    )
                )
            if not complaint.acceptance_mode or not complaint.acceptance_date:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s: record the customer's acceptance (how and Accepted On) "
                        "before applying the solution.",
                        complaint=complaint.display_name,
                    )
                )
            if complaint.acceptance_mode == "signed" and not complaint.acceptance_document:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s: attach the Signed Acceptance Document, or record the "
                        "acceptance by phone.",
                        complaint=complaint.display_name,
                    )
                )
        self._cs_move_to("solution_applied")
        return True

    def action_follow_up(self):
        self._cs_expect("solution_applied")
        now = fields.Datetime.now()
        for complaint in self:
            if not complaint.callback_result:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s: choose the Callback Result before recording the follow-up.",
                        complaint=complaint.display_name,
                    )
                )
            if not complaint.callback_date:
                complaint._cs_check_handler()
                with self._cs_transition():
                    complaint.callback_date = max(now, complaint.received_date)
        self._cs_move_to("followed_up")
        return True

    def action_close(self):
        self._cs_expect("followed_up")
        for complaint in self:
            if complaint._cs_needs_close_decision():
                raise UserError(complaint._cs_close_decision_message())
        self._cs_move_to("closed")
        return True

    def _cs_close_decision_message(self):
        return self.env._(
            "Complaint %(complaint)s: the customer is not satisfied (Callback Result). Keep working with the "
            "customer until satisfied, or a Customer Service Manager decides to close it with the reason "
            "(Close with Manager's Decision).",
            complaint=self.display_name,
        )

    def action_decide_close(self):
        self.ensure_one()
        self._cs_check_manager(self.env._("decide to close a complaint whose customer is not satisfied"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close with Manager's Decision"),
            "res_model": "cs.complaint.close.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def _cs_decide_close(self, reason):
        """A Customer Service Manager closes a complaint whose customer is not satisfied, giving the reason."""
        self.ensure_one()
        self._cs_check_manager(self.env._("decide to close a complaint whose customer is not satisfied"))
        self.check_access("write")
        self._cs_expect("followed_up")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s: write the reason of the Manager's Decision to close it.",
                    complaint=self.display_name,
                )
            )
        if self.callback_result != "not_satisfied":
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s: the customer is not dissatisfied; close it with the Close button.",
                    complaint=self.display_name,
                )
            )
        with self._cs_transition():
            self.write(
                {
                    "close_decision": reason,
                    "close_decision_by_id": self.env.user.id,
                    "close_decision_date": fields.Datetime.now(),
                }
            )
        self._cs_move_to("closed")
        self.message_post(
            body=self.env._(
                "Closed by %(manager)s although the customer is not satisfied. Reason: %(reason)s",
                manager=self.env.user.name,
                reason=reason,
            )
        )
        return True

    def action_reopen(self):
        """Reopen a closed complaint: it is closed again only after a new callback.

        Seed 004 「如客戶對處理結果不滿意,要進一步溝通協調,直至客戶滿意為止」: the old callback result
        is kept in the chatter, cleared on the complaint, and a new callback deadline is promised
        (and chased once when missed).
        """
        self._cs_expect("closed")
        now = fields.Datetime.now()
        for complaint in self:
            complaint._cs_move_to("investigating" if complaint.validity == "valid" else "registered")
            result_labels = dict(self._fields["callback_result"]._description_selection(self.env))
            if complaint.callback_result or complaint.callback_date:
                body = self.env._(
                    "Complaint reopened. Previous callback (%(date)s): %(result)s. %(note)s "
                    "A new callback is needed before the complaint is closed again.",
                    date=complaint._cs_local_time(complaint.callback_date),
                    result=result_labels.get(complaint.callback_result, "-"),
                    note=complaint.callback_note or "",
                )
            else:
                body = self.env._("Complaint reopened.")
            days = complaint.company_id.sudo().cs_complaint_callback_days
            with self._cs_transition():
                complaint.write(
                    {
                        "reopen_date": now,
                        "callback_result": False,
                        "callback_note": False,
                        "callback_date": False,
                        "callback_due": now + timedelta(days=days),
                        "callback_chased": False,
                    }
                )
            complaint.message_post(body=body)
        return True

    def action_plan_callback(self):
        self.ensure_one()
        callback = self.env["cs.callback"]._cs_plan_from_complaints(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "cs.callback",
            "res_id": callback.id,
            "view_mode": "form",
        }

    def action_escalate(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Escalate Complaint"),
            "res_model": "cs.complaint.escalate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    # --- Escalation -------------------------------------------------------------------
    def _cs_manager(self):
        """The Customer Service Manager who hears about this complaint."""
        self.ensure_one()
        if self.team_id.user_id and self.team_id.user_id.has_group(MANAGER_GROUP):
            return self.team_id.user_id
        if self.company_id.cs_complaint_manager_id:
            return self.company_id.cs_complaint_manager_id
        return self.env["res.users"].search(
            [
                ("all_group_ids", "in", self.env.ref(MANAGER_GROUP).id),
                ("company_ids", "in", self.company_id.id),
                ("share", "=", False),
                ("id", "!=", self.env.ref("base.user_root").id),
            ],
            order="id",
            limit=1,
        )

    def _cs_escalate(self, user, level, summary, note, deadline=None):
        self.activity_schedule(
            "customer_service_dept.mail_activity_type_cs_complaint_escalation",
            date_deadline=deadline or fields.Date.context_today(self),
            summary=summary,
            note=note,
            user_id=user.id,
        )
        with self._cs_transition():
            self.escalation_level = level

    @api.model
    def _cron_escalate_overdue(self):
        """Chase every missed deadline of the open complaints once.

        A late reply or callback reminds the specialist, a late solution
        alerts the manager. ``<deadline>_chased`` remembers each chase, so a
        second run (or a run after a crash) creates no second activity, and a
        deadline missed later is still chased on its own.
        """
        now = fields.Datetime.now()
        open_domain = Domain("stage_kind", "!=", "closed") & Domain("validity", "!=", "not_valid")
        for prefix in DEADLINES:
            late = (
                Domain(f"{prefix}_date", "=", False)
                & Domain(f"{prefix}_due", "<", now)
                & Domain(f"{prefix}_chased", "=", False)
            )
            # by committed batches: an interrupted run leaves the rest unchased for the next one
            cs_process_in_batches(
                self, open_domain & late, lambda complaints, prefix=prefix: complaints._cs_chase_all(prefix)
            )

    def _cs_chase_all(self, prefix):
        for complaint in self:
            complaint._cs_chase(prefix)

    def _cs_chase(self, prefix):
        self.ensure_one()
        if prefix == "solution":
            user = self._cs_manager()
            level = "manager"
            summary = self.env._("Solution of complaint %(complaint)s is late", complaint=self.name)
            note = self.env._("No approved solution within the promised time: please decide.")
        else:
            user = self.user_id or self.responsible_user_id or self._cs_manager()
            level = "specialist" if self.escalation_level == "none" else self.escalation_level
            summary = self.env._("Complaint %(complaint)s is late", complaint=self.name)
            if prefix == "reply":
                note = self.env._("The reply deadline of this complaint has passed: answer the customer now.")
            else:
                note = self.env._("The callback deadline of this complaint has passed: call the customer back now.")
        with self._cs_transition():
            self.write({f"{prefix}_chased": True})
        if user:
            self._cs_escalate(user, level, summary, note)

    def _cs_escalate_by_hand(self, manager, agreed, reason):
        self.ensure_one()
        self._cs_check_handler()
        if self.stage_kind == "closed":
            raise UserError(
                self.env._("Complaint %(complaint)s is closed: it cannot be escalated.", complaint=self.display_name)
            )
        vals = {"agreed_reply_date": agreed}
        if not self.reply_date:
            # a new deadline: chased once more when it is missed too
            vals.update({"reply_due": agreed, "reply_chased": False})
        with self._cs_transition():
            self.write(vals)
        self._cs_escalate(
            manager,
            "manager",
            self.env._("Escalated complaint %(complaint)s", complaint=self.name),
            reason,
            deadline=fields.Date.to_date(agreed),
        )
        self.message_post(
            body=self.env._(
                "Escalated to %(manager)s; reply agreed with the customer by %(date)s. Reason: %(reason)s",
                manager=manager.name,
                date=agreed,
                reason=reason,
            )
        )


def _searched_states(operator, value):
    values = [value] if isinstance(value, str) or not value else list(value)
    if operator in ("=", "in"):
        return [v for v in values if v]
    if operator in ("!=", "not in"):
        return [s for s, _label in SLA_STATES if s not in values]
    raise NotImplementedError(operator)
