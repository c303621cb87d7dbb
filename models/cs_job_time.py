from odoo import api
from odoo import fields
from odoo import models
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

    _hours_positive = models.Constraint("CHECK(hours > 0)", "Time spent must be more than zero hours.")

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
