from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

MAX_HOURS_PER_DAY = 24.0


class CsJobTime(models.Model):
    """Time spent on a job ticket, per person and day.

    A plain line model so that the addon does not force hr_timesheet on the
    department; summarised per client and month in the Time Spent analysis.
    """

    _name = "cs.job.time"
    _description = "Job Ticket Time"
    _order = "date desc, id desc"

    ticket_id = fields.Many2one("cs.job.ticket", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(related="ticket_id.partner_id", store=True, string="Client")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    user_id = fields.Many2one("res.users", string="Person", required=True, default=lambda self: self.env.user)
    date = fields.Date(required=True, default=fields.Date.context_today)
    hours = fields.Float(required=True)
    name = fields.Char(string="Work Done")
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    hourly_rate = fields.Monetary(
        string="Hourly Cost Rate",
        compute="_compute_cost",
        store=True,
        help="The person's hourly cost rate, else the job department's, when the line was logged.",
    )
    cost = fields.Monetary(compute="_compute_cost", store=True, help="Hours × hourly cost rate.")

    _hours_positive = models.Constraint("CHECK(hours > 0)", "Time spent must be more than zero hours.")

    @api.depends("hours", "user_id", "ticket_id.department_id")
    def _compute_cost(self):
        """Hours × the rate of the person (or of the job's department). The rate is kept on the line:
        a later change of a rate does not rewrite the cost of work already logged."""
        for line in self:
            rate = line.user_id.sudo().cs_hourly_cost or line.ticket_id.department_id.sudo().hourly_cost
            line.hourly_rate = rate
            line.cost = line.currency_id.round(line.hours * rate) if line.currency_id else line.hours * rate

    @api.constrains("user_id", "date", "hours")
    def _check_hours_per_day(self):
        """A person works at most 24 hours a day, over all their job time lines of that day."""
        self.flush_model(["user_id", "date", "hours"])
        keys = {(line.user_id.id, line.date) for line in self}
        for user_id, day in keys:
            self.env.cr.execute(
                "SELECT COALESCE(SUM(hours), 0) FROM cs_job_time WHERE user_id = %s AND date = %s",
                [user_id, day],
            )
            total = self.env.cr.fetchone()[0]
            if total > MAX_HOURS_PER_DAY:
                raise ValidationError(
                    self.env._(
                        "%(person)s would have %(hours)s hours of job time on %(day)s: a day has at most "
                        "%(max)s hours. Correct the Hours of that person's lines of the day.",
                        person=self.env["res.users"].browse(user_id).sudo().name,
                        hours=round(total, 2),
                        day=day,
                        max=int(MAX_HOURS_PER_DAY),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._cs_refuse_cost_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._cs_refuse_cost_values(vals)
        return super().write(vals)

    def _cs_refuse_cost_values(self, vals):
        """The rate and the cost come from the rates, never from the caller."""
        given = [fname for fname in ("hourly_rate", "cost") if fname in vals]
        if given:
            raise UserError(
                self.env._(
                    "The %(field)s of job time is computed from the hourly cost rates: it cannot be entered.",
                    field=self._fields[given[0]].get_description(self.env)["string"],
                )
            )
