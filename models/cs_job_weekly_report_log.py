from odoo import fields
from odoo import models


class CsJobWeeklyReportLog(models.Model):
    """Who was mailed the weekly status report of which week: a week is sent once per recipient."""

    _name = "cs.job.weekly.report.log"
    _description = "Weekly Status Report Sent Log"
    _order = "week desc, id desc"

    company_id = fields.Many2one("res.company", required=True, index=True)
    week = fields.Date(string="Week of", required=True, help="Monday of the week reported.")
    kind = fields.Selection([("monday", "Monday report"), ("friday", "Friday managers' copy")], required=True)
    partner_id = fields.Many2one("res.partner", string="Recipient", required=True, ondelete="cascade")
    mail_id = fields.Many2one("mail.mail", ondelete="set null")

    _recipient_week_uniq = models.Constraint(
        "UNIQUE(company_id, week, kind, partner_id)",
        "The weekly status report of this week was already mailed to this recipient.",
    )
