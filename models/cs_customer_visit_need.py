from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from .cs_state_mixin import cs_in_transition
from .cs_state_mixin import cs_transition


class CsCustomerVisitNeed(models.Model):
    """A need the manager could not solve on the visit (不能现场解决的需求): recorded, handed to the department
    as a service request, and the customer is told by when it will be solved (告之客户解决时限)."""

    _name = "cs.customer.visit.need"
    _description = "Customer Visit: Need Not Solved"
    _order = "visit_id, sequence, id"

    visit_id = fields.Many2one("cs.customer.visit", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="visit_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Need", required=True)
    detail = fields.Text()
    promised_date = fields.Date(help="Date by which the need will be solved, as told to the customer.")
    request_id = fields.Many2one("cs.service.request", string="Service Request", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        needs = super().create(vals_list)
        needs.visit_id._cs_check_needs_editable()
        return needs

    def write(self, vals):
        if "request_id" in vals and not cs_in_transition(self._name):
            raise UserError(self.env._("The service request of a visit's need is raised by the visit, never by hand."))
        self.visit_id._cs_check_needs_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_raised(self):
        for need in self:
            if need.request_id:
                raise UserError(
                    self.env._(
                        "The need %(need)s of %(visit)s became service request %(request)s: cancel the request "
                        "instead.",
                        need=need.name,
                        visit=need.visit_id.display_name,
                        request=need.request_id.display_name,
                    )
                )

    def _cs_raise_requests(self):
        """One service request (type Request, channel Visit) per need, with the promised date, and a message to
        the customer naming that date."""
        needs = self.filtered(lambda n: not n.request_id)
        if not needs:
            return self.env["cs.service.request"]
        requests = self.env["cs.service.request"].create(
            [
                {
                    "company_id": need.visit_id.company_id.id,
                    "request_type": "request",
                    "channel": "visit",
                    "partner_id": need.visit_id.partner_id.id,
                    "contact_name": need.visit_id.contact_id.name or False,
                    "subject": need.name,
                    "description": need.detail or need.name,
                    "promised_date": need.promised_date,
                    "user_id": (need.visit_id.partner_id.cs_specialist_id or need.visit_id.user_id).id,
                }
                for need in needs
            ]
        )
        for need, request in zip(needs, requests, strict=True):
            with cs_transition(self._name):
                need.request_id = request
            request.sudo()._cs_send_to_customer(
                request._cs_customer_env().env._(
                    "Your need %(need)s, recorded on our visit, is registered as %(reference)s and will be solved "
                    "by %(date)s.",
                    need=need.name,
                    reference=request.name,
                    date=need.promised_date,
                )
            )
        return requests
