from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError

from .cs_callback import CALLBACK_RESULTS

MANAGER_GROUP = "customer_service_dept.group_cs_manager"


class ResPartner(models.Model):
    """Complaints and callbacks seen from the customer (kept apart from res_partner.py, see README)."""

    _inherit = "res.partner"

    cs_member = fields.Boolean(
        string="Member Customer",
        tracking=True,
        help="Member customers get a callback within three days of a service.",
    )
    cs_key_customer = fields.Boolean(string="Key Customer", tracking=True)
    cs_specialist_id = fields.Many2one(
        "res.users",
        string="Service Specialist",
        tracking=True,
        index="btree_not_null",
        domain=[("share", "=", False)],
        help="Customer service specialist in charge of this customer: calls it back after its deliveries. "
        "Assigned by a Customer Service Manager (Assign Service Specialists).",
    )
    cs_complaint_ids = fields.One2many("cs.complaint", "partner_id", string="Complaints")
    cs_complaint_count = fields.Integer(string="Complaint Count", compute="_compute_cs_counts")
    cs_callback_count = fields.Integer(string="Callback Count", compute="_compute_cs_counts")
    cs_last_callback_result = fields.Selection(
        CALLBACK_RESULTS, string="Last Callback Result", compute="_compute_cs_counts"
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("cs_specialist_id") for vals in vals_list):
            self._cs_check_specialist_assigner()
        return super().create(vals_list)

    def write(self, vals):
        if "cs_specialist_id" in vals:
            self._cs_check_specialist_assigner()
        return super().write(vals)

    def _cs_check_specialist_assigner(self):
        """Seed 000 资料处理: the supervisor (客服主管) assigns the customers to the specialists."""
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a Customer Service Manager can assign a customer to a Service Specialist.")
            )

    def _cs_family_domain(self):
        return [("partner_id", "child_of", self.commercial_partner_id.ids)]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_cs_counts(self):
        self.cs_complaint_count = self.cs_callback_count = 0
        self.cs_last_callback_result = False
        partners = self.filtered("id")
        if not partners:
            return
        commercial = {p: p.commercial_partner_id for p in partners}
        Complaint, Callback = self.env["cs.complaint"], self.env["cs.callback"]
        complaints = dict(
            Complaint._read_group(
                [("partner_id.commercial_partner_id", "in", [c.id for c in commercial.values()])],
                ["partner_id"],
                ["__count"],
            )
        )
        callbacks = Callback._read_group(
            [("partner_id.commercial_partner_id", "in", [c.id for c in commercial.values()])],
            ["partner_id", "state"],
            ["__count"],
        )
        last = {}
        for callback in Callback.search(
            [
                ("partner_id.commercial_partner_id", "in", [c.id for c in commercial.values()]),
                ("state", "=", "done"),
            ],
            order="done_date desc, id desc",
        ):
            last.setdefault(callback.partner_id.commercial_partner_id, callback.result)
        for partner, company in commercial.items():
            partner.cs_complaint_count = sum(n for p, n in complaints.items() if p.commercial_partner_id == company)
            partner.cs_callback_count = sum(n for p, _s, n in callbacks if p.commercial_partner_id == company)
            partner.cs_last_callback_result = last.get(company, False)

    def action_cs_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.cs_complaint_action")
        action["domain"] = self._cs_family_domain()
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_cs_view_callbacks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.cs_callback_action")
        action["domain"] = self._cs_family_domain()
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
