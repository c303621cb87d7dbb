"""Inquiries answered with a quotation within their time limit (seed 004 四(一): 「確保在規定時間內響應客戶」,
「郵件咨詢應在一個工作日內回復」).

An inquiry lists the products, specifications, quantities and requested dates; "Create Quotation"
makes a quotation linked to it, and sending that quotation (or confirming it) answers the inquiry:
its reply time is measured against the reply deadline of its type and channel
(``cs.service.deadline``), and a late inquiry is escalated by the existing cron.
"""

from markupsafe import Markup

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from .cs_service_request import OPEN_STATES


class CsServiceRequestQuotation(models.Model):
    _inherit = "cs.service.request"

    line_ids = fields.One2many("cs.service.request.line", "request_id", string="Products Asked", copy=True)
    order_ids = fields.One2many("sale.order", "cs_service_request_id", string="Quotations", readonly=True)
    quotation_count = fields.Integer(compute="_compute_quotation_count")
    can_create_quotation = fields.Boolean(compute="_compute_can_create_quotation")

    @api.depends("order_ids")
    def _compute_quotation_count(self):
        for request in self:
            request.quotation_count = len(request.order_ids)

    @api.depends_context("uid")
    @api.depends("state", "request_type", "line_ids", "partner_id")
    def _compute_can_create_quotation(self):
        for request in self:
            request.can_create_quotation = (
                request.can_answer
                and bool(request.line_ids)
                and bool(request.partner_id)
                and self.env["sale.order"].has_access("create")
            )

    def action_cs_create_quotation(self):
        """A quotation of the inquiry's lines for its customer, linked to the inquiry."""
        self.ensure_one()
        self._cs_expect(*OPEN_STATES)
        self._cs_expect_type("inquiry")
        self.check_access("write")
        if not self.partner_id:
            raise UserError(
                self.env._("Inquiry %(request)s: fill in the Customer before quoting.", request=self.display_name)
            )
        if not self.line_ids:
            raise UserError(
                self.env._(
                    "Inquiry %(request)s: list the products asked (product, specification, quantity) before quoting.",
                    request=self.display_name,
                )
            )
        if self.state == "new":
            self.action_start()
        order = self.env["sale.order"]._cs_create_from_inquiry(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "views": [(False, "form")],
        }

    def action_cs_open_quotations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Quotations"),
            "res_model": "sale.order",
            "domain": [("cs_service_request_id", "=", self.id)],
            "views": [(False, "list"), (False, "form")],
        }

    def _cs_quotation_sent(self, order):
        """The inquiry is answered by the quotation: first reply time, state answered."""
        now = fields.Datetime.now()
        for request in self.filtered(lambda r: r.state in OPEN_STATES):
            done = max(now, request.received_date)
            vals = {"state": "answered", "solution_date": done, "reply_date": request.reply_date or done}
            if not request.user_id:
                vals["user_id"] = self.env.user.id
            vals["answer"] = Markup("<p>%s</p>") % self.env._("Quotation %(order)s sent.", order=order.name)
            with request._cs_transition():
                request.sudo().write(vals)
