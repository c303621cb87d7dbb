from odoo import fields
from odoo import models


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
