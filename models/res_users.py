from odoo import fields
from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    cs_hourly_cost = fields.Float(
        string="Hourly Cost Rate",
        digits="Product Price",
        groups="customer_service_dept.group_cs_user,base.group_erp_manager",
        help="Internal cost of one hour of this person's job time (company currency). Empty: the rate of "
        "the job's department.",
    )
