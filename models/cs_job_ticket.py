from odoo import SUPERUSER_ID
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from .rules import earliest_due_date
from .rules import format_job_number
from .rules import format_revision_number

# key of the advisory lock taken while a revision number is drawn (with the original's id)
_REVISION_LOCK = 5173

# Fields that describe the job: frozen once a manager approved it.
JOB_CONTENT_FIELDS = (
    "description",
    "brief",
    "title",
    "concept_product",
    "concept_audience",
    "concept_message",
)
# Frozen once approved: the content, the concept worksheet, the department and the client.
JOB_FROZEN_FIELDS = (*JOB_CONTENT_FIELDS, "concept_attachment_ids", "department_id", "partner_id")


class CsJobTicket(models.Model):
    _name = "cs.job.ticket"
    _description = "Job Ticket"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.state.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # written only by the buttons (submit, approve, start, done, close, cancel, revision)
    _cs_flow_fields = (
        "state",
        "name",
        "approved_by_id",
        "date_submitted",
        "date_approved",
        "date_started",
        "date_done",
        "date_closed",
        "parent_id",
        "revision",
    )
    _cs_frozen_fields = dict.fromkeys(("approved", "in_progress", "done", "closed", "cancel"), JOB_FROZEN_FIELDS)

    name = fields.Char(
        string="Job Number",
        readonly=True,
        copy=False,
        index=True,
        help="YYYYMM-<department>-NN, assigned when the ticket is submitted.",
    )
    title = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        tracking=True,
        check_company=True,
        domain=[("is_company", "=", True)],
    )
    client_code = fields.Char(related="partner_id.client_code")
    client_contact_ids = fields.Many2many(
        "res.partner",
        "cs_job_ticket_client_contact_rel",
        "ticket_id",
        "partner_id",
        string="Client Contacts",
        domain="[('parent_id', '=', partner_id)]",
        help="The client's people on this job: they receive the Monday status report.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    department_id = fields.Many2one("cs.department", required=True, tracking=True, check_company=True)
    user_id = fields.Many2one(
        "res.users", string="Opener", default=lambda self: self.env.user, required=True, tracking=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    description = fields.Html(string="Job Description", help="What is to be done: required to submit.")
    brief = fields.Html(string="Creative Brief", help="A clear brief for the creative team: required to submit.")
    concept_product = fields.Text(string="Product / Service")
    concept_audience = fields.Text(string="Target Audience")
    concept_message = fields.Text(string="Key Message")
    concept_attachment_ids = fields.Many2many(
        "ir.attachment",
        "cs_job_ticket_concept_rel",
        "ticket_id",
        "attachment_id",
        string="Concept Worksheet",
    )
    artwork_attachment_ids = fields.Many2many(
        "ir.attachment",
        "cs_job_ticket_artwork_rel",
        "ticket_id",
        "attachment_id",
        string="Final Artwork",
    )
    date_due = fields.Date(string="Due Date", tracking=True)
    next_action = fields.Char(tracking=True, help="Shown in the weekly status report.")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("closed", "Closed Out"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    date_submitted = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    date_approved = fields.Datetime(readonly=True, copy=False)
    date_started = fields.Datetime(readonly=True, copy=False)
    date_done = fields.Datetime(readonly=True, copy=False)
    date_closed = fields.Datetime(readonly=True, copy=False)
    parent_id = fields.Many2one(
        "cs.job.ticket", string="Original Ticket", readonly=True, copy=False, index="btree_not_null"
    )
    revision = fields.Integer(readonly=True, copy=False)
    revision_ids = fields.One2many("cs.job.ticket", "parent_id", string="Revisions")
    revision_count = fields.Integer(compute="_compute_revision_count")
    time_ids = fields.One2many("cs.job.time", "ticket_id", string="Time Spent")
    hours_spent = fields.Float(compute="_compute_hours_spent", store=True)
    can_approve = fields.Boolean(compute="_compute_can_approve")
    can_submit = fields.Boolean(compute="_compute_can_steps")
    can_start = fields.Boolean(compute="_compute_can_steps")
    can_done = fields.Boolean(compute="_compute_can_steps")
    can_close = fields.Boolean(compute="_compute_can_steps")
    can_cancel = fields.Boolean(compute="_compute_can_steps")
    can_create_revision = fields.Boolean(compute="_compute_can_steps")

    _name_uniq = models.Constraint("UNIQUE(name, company_id)", "Job numbers are unique: this one exists already.")
    _state_department_idx = models.Index("(state, department_id)")

    @api.depends("revision_ids")
    def _compute_revision_count(self):
        for ticket in self:
            ticket.revision_count = len(ticket.revision_ids)

    @api.depends("time_ids.hours")
    def _compute_hours_spent(self):
        for ticket in self:
            ticket.hours_spent = sum(ticket.time_ids.mapped("hours"))

    @api.depends_context("uid")
    @api.depends("department_id.manager_ids", "state")
    def _compute_can_approve(self):
        for ticket in self:
            ticket.can_approve = ticket.state == "submitted" and self.env.user in ticket.department_id.manager_ids

    @api.depends_context("uid")
    @api.depends("state", "name")
    def _compute_can_steps(self):
        for ticket in self:
            may_write = bool(ticket.id) and ticket.has_access("write")
            ticket.can_submit = may_write and ticket.state == "draft"
            ticket.can_start = may_write and ticket.state == "approved"
            ticket.can_done = may_write and ticket.state == "in_progress"
            ticket.can_close = may_write and ticket.state == "done"
            ticket.can_cancel = may_write and ticket.state not in ("closed", "cancel")
            ticket.can_create_revision = may_write and bool(ticket.name) and ticket.state != "draft"

    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = f"{ticket.name} {ticket.title}" if ticket.name else ticket.title

    @api.constrains("date_due")
    def _check_lead_time(self):
        today = fields.Date.context_today(self)
        for ticket in self.filtered(lambda t: t.date_due and t.state in ("draft", "submitted")):
            lead = ticket.company_id.cs_job_min_lead_days
            earliest = earliest_due_date(today, lead)
            if ticket.date_due < earliest:
                raise ValidationError(
                    self.env._(
                        "The due date of job ticket %(ticket)s (%(due)s) is too early: the creative "
                        "team needs at least %(days)s days, so the earliest due date is %(earliest)s.",
                        ticket=ticket.display_name,
                        due=ticket.date_due,
                        days=lead,
                        earliest=earliest,
                    )
                )

    def _cs_check_guarded_write(self, vals):
        """An approved ticket's content changes through a revision, for everyone."""
        frozen = set(JOB_FROZEN_FIELDS) & set(vals)
        locked = self.filtered(lambda t: t.state in self._cs_frozen_fields)
        if frozen and locked:
            field = self._fields[sorted(frozen)[0]].get_description(self.env)["string"]
            raise UserError(
                self.env._(
                    "Job ticket %(ticket)s is approved: its %(field)s can no longer be edited. "
                    "Create a revision (follow-up modification ticket) instead.",
                    ticket=locked[0].display_name,
                    field=field,
                )
            )
        return super()._cs_check_guarded_write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda t: t.state != "draft" or t.name):
            raise UserError(
                self.env._("Only draft job tickets without a job number can be deleted; cancel the others.")
            )

    # ------------------------------------------------------------------ flow
    def _check_complete(self):
        for ticket in self:
            missing = [
                ticket._fields[f].get_description(self.env)["string"]
                for f in ("description", "brief", "date_due")
                if not (ticket[f] and (f == "date_due" or ticket._html_has_text(ticket[f])))
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Job ticket %(ticket)s cannot be submitted without %(fields)s: never open a job "
                        "without a complete description and a clear brief.",
                        ticket=ticket.display_name,
                        fields=", ".join(missing),
                    )
                )

    @staticmethod
    def _html_has_text(html):
        from odoo.tools import html2plaintext

        return bool(html2plaintext(html or "").strip())

    def _cs_step(self, vals):
        """Write a step of the flow: the user must be allowed to change the tickets."""
        self.check_access("write")
        with self._cs_transition():
            return self.write(vals)

    def action_submit(self):
        self._check_state("draft")
        self._check_complete()
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        self._check_lead_time()
        for ticket in self:
            vals = {"state": "submitted", "date_submitted": now}
            if not ticket.name:
                serial = ticket.department_id.sudo()._draw_job_serial(today)
                vals["name"] = format_job_number(today, ticket.department_id.code, serial)
            ticket._cs_step(vals)
            # 营业主管签章: every manager of the department gets the to-do; the first to approve
            # (or refuse) closes them all
            for manager in ticket.department_id.manager_ids:
                ticket.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=manager.id,
                    summary=self.env._("Approve job ticket %(ticket)s", ticket=ticket.name),
                )
        return True

    def action_approve(self):
        self._check_state("submitted")
        # 营业主管签章: a manager of the ticket's own department (sudo() gives no right to approve);
        # only __system__ (uid 1, data files such as the demo; nobody logs in as it) is let through
        for ticket in self:
            if self.env.uid != SUPERUSER_ID and self.env.user not in ticket.department_id.manager_ids:
                raise AccessError(
                    self.env._(
                        "Only a manager of department %(department)s can approve job ticket %(ticket)s.",
                        department=ticket.department_id.name,
                        ticket=ticket.display_name,
                    )
                )
        self._cs_step({"state": "approved", "approved_by_id": self.env.uid, "date_approved": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_refuse(self):
        """A manager sends the ticket back to its opener as a draft."""
        self._check_state("submitted")
        for ticket in self:
            if self.env.user not in ticket.department_id.manager_ids:
                raise AccessError(
                    self.env._(
                        "Only a manager of department %(department)s can refuse job ticket %(ticket)s.",
                        department=ticket.department_id.name,
                        ticket=ticket.display_name,
                    )
                )
        self._cs_step({"state": "draft"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_start(self):
        self._check_state("approved")
        self._cs_step({"state": "in_progress", "date_started": fields.Datetime.now()})
        return True

    def action_done(self):
        self._check_state("in_progress")
        self._cs_step({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_close(self):
        """消单: the job is archived with its documents."""
        self._check_state("done")
        self._cs_step({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_cancel(self):
        if self.filtered(lambda t: t.state == "closed"):
            raise UserError(self.env._("A closed job ticket cannot be cancelled."))
        self._cs_step({"state": "cancel"})
        return True

    def action_create_revision(self):
        """Follow-up modification ticket: same job number with /R<n>, linked back."""
        self.ensure_one()
        original = self.parent_id or self
        if not original.name:
            raise UserError(
                self.env._("Job ticket %(ticket)s has no job number yet: edit it instead.", ticket=self.title)
            )
        self.check_access("write")
        number = original._cs_next_revision_number()
        with self._cs_transition():
            revision = self.copy(
                {
                    "parent_id": original.id,
                    "revision": number,
                    "name": format_revision_number(original.name, number),
                    "date_due": False,
                    # the revision's opener is the person who opens it, not the original's
                    "user_id": self.env.user.id,
                }
            )
        original.message_post(body=self.env._("Revision %(revision)s opened.", revision=revision.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": revision.id,
            "view_mode": "form",
        }

    def _cs_next_revision_number(self):
        """Next revision number of this original ticket, distinct under concurrency.

        A transaction-level advisory lock makes two "Create Revision" on the
        same ticket wait for each other; the one that waited then counts the
        revisions committed meanwhile through a fresh cursor (its own
        snapshot, taken before, cannot see them) as well as its own.
        """
        self.ensure_one()
        self.env.cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_REVISION_LOCK, self.id])
        query = "SELECT COALESCE(MAX(revision), 0) FROM cs_job_ticket WHERE parent_id = %s"
        self.env.cr.execute(query, [self.id])
        number = self.env.cr.fetchone()[0]
        with self.env.registry.cursor() as fresh_cr:
            fresh_cr.execute(query, [self.id])
            number = max(number, fresh_cr.fetchone()[0])
        return number + 1

    def action_view_revisions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revisions of %(ticket)s", ticket=self.name),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [("parent_id", "=", self.id)],
            "context": {"create": False},
        }
