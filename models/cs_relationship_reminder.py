from odoo import fields
from odoo import models

OCCASIONS = [
    ("birthday", "Birthday"),
    ("anniversary", "Anniversary"),
    ("store_opening", "Store Opening Day"),
    ("move_in", "Move-in Day"),
    ("holiday", "Holiday"),
]


class CsRelationshipReminder(models.Model):
    """The greetings the relationship calendar has given: one per person, occasion and day, so that each
    date gives its activity once a year however often the daily run passes."""

    _name = "cs.relationship.reminder"
    _description = "Relationship Calendar Reminder"
    _order = "occasion_date desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade", readonly=True)
    customer_id = fields.Many2one("res.partner", readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    occasion = fields.Selection(OCCASIONS, required=True, readonly=True)
    occasion_date = fields.Date(required=True, readonly=True)
    holiday_id = fields.Many2one("cs.holiday", readonly=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Customer Manager", readonly=True)

    _once_uniq = models.UniqueIndex(
        "(partner_id, company_id, occasion, occasion_date, COALESCE(holiday_id, 0))",
        "This greeting was already given.",
    )
