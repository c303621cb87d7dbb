from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from ..models.rules import balanced_assignment


class CsSpecialistAssignWizard(models.TransientModel):
    """Seed 000 资料处理: 「客服主管按照负责客户数量均衡、兼顧业务能力的原则，分配给相关客服专员」.

    Each selected customer goes to the chosen specialist who has the fewest customers so far.
    """

    _name = "cs.specialist.assign.wizard"
    _description = "Assign Customers to Service Specialists"

    def _default_partner_ids(self):
        if self.env.context.get("active_model") != "res.partner":
            return self.env["res.partner"]
        return self.env["res.partner"].browse(self.env.context.get("active_ids", [])).commercial_partner_id

    def _default_user_ids(self):
        return self._cs_specialists(self.env.company)

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    partner_ids = fields.Many2many("res.partner", string="Customers", default=lambda self: self._default_partner_ids())
    user_ids = fields.Many2many(
        "res.users",
        string="Service Specialists",
        default=lambda self: self._default_user_ids(),
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("customer_service_dept.group_cs_user").id),
            ("share", "=", False),
        ],
    )
    only_unassigned = fields.Boolean(
        string="Only Customers Without a Specialist",
        default=True,
        help="Keep the specialist of the customers that already have one.",
    )

    @api.model
    def _cs_specialists(self, company):
        """The company's specialists: Customer Service users who are not managers."""
        users = self.env["res.users"].search(
            [
                ("all_group_ids", "in", self.env.ref("customer_service_dept.group_cs_user").id),
                ("company_ids", "in", company.id),
                ("share", "=", False),
            ],
            order="id",
        )
        specialists = users.filtered(lambda u: not u.has_group("customer_service_dept.group_cs_manager"))
        return specialists or users

    def action_assign(self):
        self.ensure_one()
        self.env["res.partner"]._cs_check_specialist_assigner()
        if not self.user_ids:
            raise UserError(self.env._("Choose at least one Service Specialist to assign the customers to."))
        partners = self.partner_ids.commercial_partner_id
        if self.only_unassigned:
            partners = partners.filtered(lambda p: not p.cs_specialist_id)
        users = self.user_ids.sorted("id")
        counts = dict(
            self.env["res.partner"]
            .sudo()
            ._read_group(
                [("cs_specialist_id", "in", users.ids), ("id", "not in", partners.ids)],
                ["cs_specialist_id"],
                ["__count"],
            )
        )
        loads = {user: counts.get(user, 0) for user in users}
        assigned = {}
        for partner, user in zip(partners.sorted("id"), balanced_assignment(loads, len(partners)), strict=True):
            assigned[user] = assigned.get(user, partners.browse()) | partner
        for user, clients in assigned.items():
            # the manager's right was checked above; sudo() keeps the manager as author of the tracking
            clients.sudo().write({"cs_specialist_id": user.id})
        return {"type": "ir.actions.act_window_close"}
