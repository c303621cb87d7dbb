from odoo import api
from odoo import fields
from odoo import models


class ResPartner(models.Model):
    """Service requests seen from the customer (kept apart from res_partner.py, see README)."""

    _inherit = "res.partner"

    # the mail gateway finds the customer of every incoming mail by this address
    email_normalized = fields.Char(index="btree_not_null")
    cs_request_count = fields.Integer(string="Service Request Count", compute="_compute_cs_request_count")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_cs_request_count(self):
        self.cs_request_count = 0
        partners = self.filtered("id")
        if not partners or not self.env["cs.service.request"].has_access("read"):
            return
        counts = dict(
            self.env["cs.service.request"]._read_group(
                [("commercial_partner_id", "in", partners.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in partners:
            partner.cs_request_count = counts.get(partner.commercial_partner_id, 0)

    def action_cs_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.cs_service_request_action")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
