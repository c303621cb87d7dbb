from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .cs_complaint_stage import STAGE_KINDS
from .cs_complaint_stage import STAGE_ORDER
from .rules import PLAUSIBLE_YEARS
from .rules import SLA_LATE
from .rules import SLA_MET
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
SLA_STATES = [(SLA_RUNNING, "Running"), (SLA_MET, "Met"), (SLA_LATE, "Late")]
# The three promised deadlines: (prefix of the fields, label)
DEADLINES = ("reply", "solution", "callback")
MANAGER_GROUP = "customer_service_dept.group_cs_manager"


class CsComplaint(models.Model):
    _name = "cs.complaint"
    _description = "Customer Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.state.mixin"]
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
        "res.users", string="Specialist", tracking=True, index=True, domain=[("share", "=", False)]
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
        help="Answer given to the customer; required to close a not-valid complaint.",
    )
    responsible_department = fields.Char(
        tracking=True, help="Department that must investigate and answer for the complaint."
    )
    responsible_user_id = fields.Many2one(
        "res.users", string="Responsible Person", tracking=True, domain=[("share", "=", False)]
    )
    investigation = fields.Text(string="Investigation Findings", copy=False)

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
    callback_note = fields.Text(string="Callback Notes", copy=False)
    callback_ids = fields.One2many("cs.callback", "complaint_id", string="Callbacks")
    close_date = fields.Datetime(string="Closed On", readonly=True, copy=False)
    # Seed 004 投诉处理与反馈: 「如客户对处理结果不满意，要进一步沟通协调，直至客户满意为止」: a complaint
    # whose callback is "not satisfied" closes only on a Customer Service Manager's decision with its reason.
    close_decision = fields.Text(
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
        copy=False, tracking=True, help="Measures taken so that the cause of the complaint does not come back."
    )
    accountability = fields.Text(
        copy=False,
        tracking=True,
        help="What was decided for the persons directly responsible and their department head.",
    )
    reopen_count = fields.Integer(string="Reopened", readonly=True, copy=False, tracking=True)

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
    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "A complaint with this reference already exists in this company."
    )

    # --- Computes -------------------------------------------------------------
    @api.depends("reply_due", "reply_date", "solution_due", "solution_date", "callback_due", "callback_date")
    def _compute_sla_states(self):
        now = fields.Datetime.now()
        for complaint in self:
            states = []
            for prefix in DEADLINES:
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

    def _cs_needs_close_decision(self):
        """The customer is not satisfied and no manager has decided yet to close anyway."""
        self.ensure_one()
        return self.callback_result == "not_satisfied" and not self.close_decision_by_id

    def _cs_may_write(self):
        """The user may change this complaint (access rights and record rules)."""
        self.ensure_one()
        return bool(self.id) and self.has_access("write")

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
                domains.append(Domain.AND(self._sla_domain(p, SLA_MET) for p in DEADLINES))
            else:
                not_late = Domain.AND(
                    self._sla_domain(p, SLA_MET) | self._sla_domain(p, SLA_RUNNING) for p in DEADLINES
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
        for complaint in self:
            extra = {}
            kind = complaint.stage_kind
            if kind in ("judged", "closed") and not complaint.reply_date and complaint.validity:
                extra["reply_date"] = max(now, complaint.received_date)
            if kind == "closed" and not complaint.close_date:
                extra["close_date"] = now
            if complaint in reopened and kind != "closed":
                extra.update({"close_date": False, "reopen_count": complaint.reopen_count + 1})
                # a new closing of a dissatisfied customer needs a new decision
                extra.update({"close_decision": False, "close_decision_by_id": False, "close_decision_date": False})
            if extra:
                with self._cs_transition():
                    super(CsComplaint, complaint).write(extra)  # pylint: disable=super-method-mismatch
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
        self.check_access("write")
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
        self.check_access("write")
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
        self.check_access("write")
        with self._cs_transition():
            self.write({"validity": "not_valid"})
        self._cs_move_to("closed")
        for complaint in self:
            complaint.message_post(
                body=self.env._("Judged not valid and closed. Reply to the customer: %(reply)s", reply=complaint.reply)
            )
        return True

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
        """The responsible person named for the investigation gets a to-do on the complaint."""
        for complaint in self.filtered("responsible_user_id"):
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
                complaint.check_access("write")
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
        self._cs_expect("closed")
        for complaint in self:
            complaint._cs_move_to("investigating" if complaint.validity == "valid" else "registered")
            complaint.message_post(body=self.env._("Complaint reopened."))
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
            for complaint in self.search(open_domain & late, order="id"):
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
        self.check_access("write")
        if self.stage_kind == "closed":
            raise UserError(
                self.env._("Complaint %(complaint)s is closed: it cannot be escalated.", complaint=self.display_name)
            )
        vals = {"agreed_reply_date": agreed}
        if not self.reply_date:
            vals["reply_due"] = agreed
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
