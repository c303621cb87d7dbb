from odoo import fields
from odoo import models


class CsHoliday(models.Model):
    """A dated holiday of the relationship calendar (节假日问候): each gives the customer managers a greeting
    activity for their customers ahead of the day. Lunar holidays (春节, 中秋节) move: one record per year."""

    _name = "cs.holiday"
    _description = "Greeting Holiday"
    _order = "date, id"

    name = fields.Char(required=True)
    date = fields.Date(required=True, index=True)
    company_id = fields.Many2one("res.company", index=True, help="Empty: a holiday of every company.")
    active = fields.Boolean(default=True)

    _name_date_company_uniq = models.UniqueIndex(
        "(name, date, COALESCE(company_id, 0))", "This holiday is already in the calendar on that day."
    )
