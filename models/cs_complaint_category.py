from odoo import fields
from odoo import models


class CsComplaintCategory(models.Model):
    _name = "cs.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code printed in the monthly classification statistics.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the category between companies.")

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "A complaint category with this name already exists."
    )
