from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from .rules import earliest_due_date
from .rules import format_job_number
from .rules import format_revision_number

# Fields that describe the job: frozen once a manager approved it.
JOB_CONTENT_FIELDS = (
    "description",
    "brief",
    "title",
    "concept_product",
    "concept_audience",
    "concept_message",
)


class CsJobTicket(models.Model):
    _name = "cs.job.ticket"
    _description = "Job Ticket"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.state.mixin"]
    _order = "id desc"
    _check_company_auto = True

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
            ("closed", "Closed"),
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
    parent_id = fields.Many2one("cs.job.ticket", string="Original Ticket", readonly=True, index="btree_not_null")
    revision = fields.Integer(readonly=True, copy=False)
    revision_ids = fields.One2many("cs.job.ticket", "parent_id", string="Revisions")
    revision_count = fields.Integer(compute="_compute_revision_count")
    time_ids = fields.One2many("cs.job.time", "ticket_id", string="Time Spent")
    hours_spent = fields.Float(compute="_compute_hours_spent", store=True)
    can_approve = fields.Boolean(compute="_compute_can_approve")

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

    def write(self, vals):
        frozen = set(JOB_CONTENT_FIELDS) & set(vals)
        if frozen and not self.env.context.get("cs_job_revision"):
            locked = self.filtered(lambda t: t.state not in ("draft", "submitted"))
            if locked:
                field = self._fields[sorted(frozen)[0]].get_description(self.env)["string"]
                raise UserError(
                    self.env._(
                        "Job ticket %(ticket)s is approved: its %(field)s can no longer be edited. "
                        "Create a revision (follow-up modification ticket) instead.",
                        ticket=locked[0].display_name,
                        field=field,
                    )
                )
        return super().write(vals)

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
            ticket.write(vals)
            managers = ticket.department_id.manager_ids
            if managers:
                ticket.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=managers[0].id,
                    summary=self.env._("Approve job ticket %(ticket)s", ticket=ticket.name),
                )
        return True

    def action_approve(self):
        self._check_state("submitted")
        for ticket in self:
            # the superuser (data files, automation) may approve; people must manage the department
            if not self.env.su and self.env.user not in ticket.department_id.manager_ids:
                raise AccessError(
                    self.env._(
                        "Only a manager of department %(department)s can approve job ticket %(ticket)s.",
                        department=ticket.department_id.name,
                        ticket=ticket.display_name,
                    )
                )
        self.write({"state": "approved", "approved_by_id": self.env.uid, "date_approved": fields.Datetime.now()})
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
        self.write({"state": "draft"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_start(self):
        self._check_state("approved")
        self.write({"state": "in_progress", "date_started": fields.Datetime.now()})
        return True

    def action_done(self):
        self._check_state("in_progress")
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_close(self):
        """消单: the job is archived with its documents."""
        self._check_state("done")
        self.write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_cancel(self):
        if self.filtered(lambda t: t.state == "closed"):
            raise UserError(self.env._("A closed job ticket cannot be cancelled."))
        self.write({"state": "cancel"})
        return True

    def action_create_revision(self):
        """Follow-up modification ticket: same job number with /R<n>, linked back."""
        self.ensure_one()
        original = self.parent_id or self
        if not original.name:
            raise UserError(
                self.env._("Job ticket %(ticket)s has no job number yet: edit it instead.", ticket=self.title)
            )
        # Lock the original: two revisions drawn at once wait for each other.
        self.env.cr.execute("SELECT id FROM cs_job_ticket WHERE id = %s FOR UPDATE", [original.id])
        self.env.cr.execute("SELECT COALESCE(MAX(revision), 0) FROM cs_job_ticket WHERE parent_id = %s", [original.id])
        number = self.env.cr.fetchone()[0] + 1
        revision = self.copy(
            {
                "parent_id": original.id,
                "revision": number,
                "name": format_revision_number(original.name, number),
                "state": "draft",
                "date_due": False,
            }
        )
        original.message_post(body=self.env._("Revision %(revision)s opened.", revision=revision.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": revision.id,
            "view_mode": "form",
        }

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
