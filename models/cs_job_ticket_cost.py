from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class CsJobTicket(models.Model):
    """Cost side of a job: hours × hourly cost rate against the job's budget (制管作业: 监控时间与内部成本)."""

    _inherit = "cs.job.ticket"

    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    budget = fields.Monetary(
        tracking=True,
        help="Internal cost budget of the job: the hours logged on the ticket, at each person's hourly "
        "cost rate, are measured against it. Fixed when a manager approves the ticket.",
    )
    cost = fields.Monetary(
        compute="_compute_cost", store=True, help="Hours logged × the hourly cost rate of each line."
    )
    budget_used = fields.Float(string="Budget Used (%)", compute="_compute_cost", store=True, aggregator=False)
    over_budget = fields.Boolean(compute="_compute_cost", store=True)

    @api.depends("time_ids.cost", "budget")
    def _compute_cost(self):
        for ticket in self:
            ticket.cost = sum(ticket.time_ids.mapped("cost"))
            ticket.budget_used = ticket.budget and round(100.0 * ticket.cost / ticket.budget, 1)
            ticket.over_budget = (
                bool(ticket.budget) and ticket.currency_id.compare_amounts(ticket.cost, ticket.budget) > 0
            )

    def _cs_check_guarded_write(self, vals):
        """The budget is approved with the job: changed afterwards through a revision, by nobody directly."""
        if "budget" in vals:
            locked = self.filtered(lambda t: t.state not in ("draft", "submitted"))
            if locked:
                raise UserError(
                    self.env._(
                        "Job ticket %(ticket)s is approved: its %(field)s can no longer be edited. "
                        "Create a revision (follow-up modification ticket) instead.",
                        ticket=locked[0].display_name,
                        field=self._cs_label("budget"),
                    )
                )
        return super()._cs_check_guarded_write(vals)
