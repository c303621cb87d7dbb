from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

ANNOUNCEMENT_KINDS = [
    ("customer_manager", "Customer Manager Announcement"),
    ("online_order", "Online Order Announcement"),
]


class CsAnnouncementType(models.Model):
    """A type of announcement (公告类型) chosen when publishing.

    Seed 000 (六、公告发布): 「此界面可以发布“客户经理公告”和“网上订货公告”」 and
    「发布网上订货公告,不同区域的营销部需要选择对应的网上订货公告类型,如曾都营销部选择的公告类型为
    “曾都线路组网上订货公告”」: an online-order type belongs
    to one regional market department, whose retailers it reaches.
    """

    _name = "cs.announcement.type"
    _description = "Announcement Type"
    _order = "kind, sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, help="e.g. 曾都线路组网上订货公告")
    sequence = fields.Integer(default=10)
    kind = fields.Selection(ANNOUNCEMENT_KINDS, required=True, default="customer_manager")
    market_department = fields.Char(
        help="The market department (营销部) whose retailers an online-order announcement of this type reaches: "
        "the same words as on the retailers' marketing profile.",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "An announcement type of this name already exists in this company."
    )

    @api.constrains("kind", "market_department")
    def _check_market_department(self):
        for announcement_type in self:
            if announcement_type.kind == "online_order" and not (announcement_type.market_department or "").strip():
                raise ValidationError(
                    self.env._(
                        "Announcement type %(name)s is an online order announcement: fill in its %(field)s "
                        "(each regional market department publishes with its own type).",
                        name=announcement_type.display_name,
                        field=self._fields["market_department"].get_description(self.env)["string"],
                    )
                )

    def write(self, vals):
        """A type published announcements were sent under keeps its kind and market department: they decide
        who those announcements reached and whether they may carry files."""
        if {"kind", "market_department", "company_id"} & set(vals):
            used = (
                self.env["cs.announcement"]
                .sudo()
                .search([("type_id", "in", self.ids), ("state", "!=", "draft")], limit=1)
            )
            if used:
                raise UserError(
                    self.env._(
                        "Announcement type %(name)s was used to publish %(announcement)s: its kind, market "
                        "department and company stay as they were. Create a new type instead.",
                        name=used.type_id.display_name,
                        announcement=used.display_name,
                    )
                )
        return super().write(vals)
