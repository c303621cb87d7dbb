import ast

from odoo import api
from odoo import fields
from odoo import models

from .cs_service_deadline import REQUEST_TYPES

MANAGER_GROUP = "customer_service_dept.group_cs_manager"


class CsServiceTeam(models.Model):
    """A mailbox of the department: its alias turns incoming e-mails into service requests.

    One team per company is enough (the company's service mailbox, e.g.
    ``service@company.cn``); more teams give more mailboxes, each with its
    supervisor who hears of late requests.
    """

    _name = "cs.service.team"
    _description = "Customer Service Team"
    _inherit = ["mail.alias.mixin"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    supervisor_id = fields.Many2one(
        "res.users",
        domain=[("share", "=", False)],
        help="Key-account supervisor (大客户主管) or Customer Service Manager told of the team's late requests.",
    )
    member_ids = fields.Many2many("res.users", string="Specialists", domain=[("share", "=", False)])
    request_type = fields.Selection(
        REQUEST_TYPES,
        string="Mails create",
        default="inquiry",
        required=True,
        help="Type of the service request an e-mail to the team's alias creates.",
    )
    request_count = fields.Integer(compute="_compute_request_count", string="Requests")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_request_count(self):
        counts = dict(
            self.env["cs.service.request"]._read_group(
                [("team_id", "in", self.ids), ("state", "not in", ("closed", "cancelled"))],
                ["team_id"],
                ["__count"],
            )
        )
        for team in self:
            team.request_count = counts.get(team, 0)

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("cs.service.request").id
        # never reject a customer's mail: anybody may write to the service mailbox
        values["alias_contact"] = "everyone"
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(self.alias_defaults or "{}")
            defaults.update(team_id=self.id, company_id=self.company_id.id, request_type=self.request_type)
        return values

    def write(self, vals):
        result = super().write(vals)
        if {"company_id", "request_type"} & set(vals):
            for team in self.filtered("alias_id"):
                team.alias_id.sudo().write({"alias_defaults": team._alias_get_creation_values()["alias_defaults"]})
        return result

    def _cs_supervisor(self, company):
        """Who hears of a late request of this team (or of ``company`` when no team)."""
        if self.supervisor_id:
            return self.supervisor_id
        company = company.sudo()
        if company.cs_request_supervisor_id:
            return company.cs_request_supervisor_id
        if company.cs_complaint_manager_id:
            return company.cs_complaint_manager_id
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("all_group_ids", "in", self.env.ref(MANAGER_GROUP).id),
                    ("company_ids", "in", company.id),
                    ("share", "=", False),
                    ("id", "!=", self.env.ref("base.user_root").id),
                ],
                order="id",
                limit=1,
            )
        )

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.cs_service_request_action")
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id, "search_default_open": 1}
        return action
