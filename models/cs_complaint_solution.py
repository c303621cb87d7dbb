from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.fields import Domain

MANAGER_GROUP = "customer_service_dept.group_cs_manager"
# once the approved solution is applied, its deadline is kept, not late any more
APPLIED_KINDS = ("solution_applied", "followed_up", "closed")


class CsComplaintSolution(models.Model):
    _name = "cs.complaint.solution"
    _description = "Complaint Solution Proposal"
    _inherit = ["cs.state.mixin"]
    _order = "complaint_id, sequence, id"
    _check_company_auto = True
    # Seed 001 「明確各類人員處理顧客投訴的權限」 and 003 「超出自身職權範圍的投訴…上報客服經理」:
    # only a Customer Service Manager approves; these change through the approval only.
    _cs_flow_fields = ("state", "approved_by_id", "approved_date")
    _cs_frozen_fields = {
        "approved": ("name", "description", "cost", "complaint_id", "owner_id", "deadline"),
        "rejected": ("complaint_id",),
    }

    complaint_id = fields.Many2one("cs.complaint", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Solution", required=True)
    description = fields.Text()
    cost = fields.Monetary(help="Estimated cost of the solution (refund, replacement, visit...).")
    currency_id = fields.Many2one(related="company_id.currency_id")
    proposed_by_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    # Seed 004 投诉处理与反馈: 「明确处理措施、责任人和时间节点」
    owner_id = fields.Many2one(
        "res.users",
        domain=[("share", "=", False)],
        help="Person responsible for carrying out the solution; by default the complaint's responsible person.",
    )
    deadline = fields.Date(
        help="Day by which the solution is carried out; by default the day of the complaint's solution deadline."
    )
    is_late = fields.Boolean(
        string="Late", compute="_compute_is_late", search="_search_is_late", help="Deadline passed, not applied."
    )
    state = fields.Selection(
        [("proposed", "Proposed"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="proposed",
        required=True,
        readonly=True,
        copy=False,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)

    can_approve = fields.Boolean(compute="_compute_can_approve")

    @api.depends_context("uid")
    @api.depends("state", "complaint_id.stage_kind")
    def _compute_can_approve(self):
        manager = self.env.user.has_group(MANAGER_GROUP)
        for solution in self:
            solution.can_approve = (
                manager and solution.state == "proposed" and solution.complaint_id.stage_kind == "solution_proposed"
            )

    @api.depends_context("uid")
    @api.depends("deadline", "state", "complaint_id.stage_kind", "complaint_id.approved_solution_id")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for solution in self:
            applied = (
                solution.complaint_id.approved_solution_id == solution
                and solution.complaint_id.stage_kind in APPLIED_KINDS
            )
            solution.is_late = bool(
                solution.deadline and today > solution.deadline and solution.state != "rejected" and not applied
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Only 'is set' and 'is not set' searches are supported on Late."))
        today = fields.Date.context_today(self)
        late = (
            Domain("deadline", "<", today)
            & Domain("state", "!=", "rejected")
            & ~(Domain("state", "=", "approved") & Domain("complaint_id.stage_kind", "in", APPLIED_KINDS))
        )
        return late if (operator == "=") == value else ~late

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("state", "proposed") != "proposed" for vals in vals_list):
            self._cs_check_manager()
        complaints = self.env["cs.complaint"].browse([v["complaint_id"] for v in vals_list if v.get("complaint_id")])
        for vals in vals_list:
            complaint = complaints.browse(vals.get("complaint_id"))
            if "owner_id" not in vals and complaint.responsible_user_id:
                vals["owner_id"] = complaint.responsible_user_id.id
            if "deadline" not in vals and complaint.solution_due:
                vals["deadline"] = fields.Date.context_today(self, complaint.solution_due)
        return super().create(vals_list)

    def _cs_missing_owner_or_deadline(self):
        """Messages for the proposals that lack their owner or deadline (seed 004: 责任人和时间节点)."""
        return [
            self.env._(
                "Solution %(solution)s of complaint %(complaint)s: fill in its Owner and its Deadline before "
                "proposing it.",
                solution=solution.name,
                complaint=solution.complaint_id.display_name,
            )
            for solution in self
            if solution.state != "rejected" and not (solution.owner_id and solution.deadline)
        ]

    def write(self, vals):
        if {"state", "approved_by_id", "approved_date"} & set(vals) and self._cs_guard_active():
            self._cs_check_manager()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        for solution in self:
            if solution.state == "approved":
                raise UserError(
                    self.env._(
                        "Solution %(solution)s of complaint %(complaint)s is approved and cannot be deleted.",
                        solution=solution.name,
                        complaint=solution.complaint_id.display_name,
                    )
                )

    def _cs_check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a Customer Service Manager can approve or reject a solution."))

    def action_approve(self):
        """Approve this proposal: the others of the complaint are rejected."""
        self.ensure_one()
        self._cs_check_manager()
        complaint = self.complaint_id
        if complaint.stage_kind != "solution_proposed":
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s is at stage %(stage)s: solutions are approved at the "
                    "Solution Proposed stage.",
                    complaint=complaint.display_name,
                    stage=complaint.stage_id.name,
                )
            )
        if self.state != "proposed":
            raise UserError(
                self.env._(
                    "Solution %(solution)s of complaint %(complaint)s is no longer a proposal: it cannot be approved.",
                    solution=self.name,
                    complaint=complaint.display_name,
                )
            )
        now = fields.Datetime.now()
        vals = {"approved_solution_id": self.id}
        if not complaint.solution_date:
            vals["solution_date"] = max(now, complaint.received_date)
        with self._cs_transition(complaint):
            (complaint.solution_ids - self).filtered(lambda s: s.state == "proposed").write({"state": "rejected"})
            self.write({"state": "approved", "approved_by_id": self.env.user.id, "approved_date": now})
            complaint.write(vals)
        complaint.message_post(
            body=self.env._("Solution approved by %(user)s: %(solution)s", user=self.env.user.name, solution=self.name)
        )
        return True

    def action_reject(self):
        self._cs_check_manager()
        for solution in self:
            if solution.complaint_id.stage_kind not in ("investigating", "solution_proposed"):
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s is at stage %(stage)s: its solutions can no longer be rejected.",
                        complaint=solution.complaint_id.display_name,
                        stage=solution.complaint_id.stage_id.name,
                    )
                )
        with self._cs_transition("cs.complaint"):
            for solution in self:
                if solution.complaint_id.approved_solution_id == solution:
                    solution.complaint_id.approved_solution_id = False
            self.write({"state": "rejected"})
        return True
