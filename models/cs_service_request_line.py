from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from .cs_service_request import OPEN_STATES


class CsServiceRequestLine(models.Model):
    """What a customer asks a price for (seed 004 四: product, specification, quantity, requested date)."""

    _name = "cs.service.request.line"
    _description = "Inquiry Line"
    _order = "request_id, sequence, id"

    request_id = fields.Many2one("cs.service.request", string="Inquiry", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", required=True, domain=[("sale_ok", "=", True)])
    specification = fields.Char(
        help="Specification the customer asks for (规格), e.g. outer diameter × wall thickness."
    )
    quantity = fields.Float(required=True, default=1.0, digits="Product Unit")
    product_uom_id = fields.Many2one(
        "uom.uom", string="Unit", compute="_compute_product_uom_id", store=True, readonly=False, precompute=True
    )
    requested_date = fields.Date(help="When the customer wants the goods.")

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            line.product_uom_id = line.product_id.uom_id

    def _cs_check_open(self, requests):
        requests.check_access("write")
        for request in requests:
            if request.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "Inquiry %(request)s is %(state)s: its lines can no longer be changed.",
                        request=request.display_name,
                        state=request._cs_state_label(request),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._cs_check_open(self.env["cs.service.request"].browse([v.get("request_id") for v in vals_list]))
        return super().create(vals_list)

    def write(self, vals):
        self._cs_check_open(self.request_id)
        if "request_id" in vals:
            self._cs_check_open(self.env["cs.service.request"].browse(vals["request_id"]))
        return super().write(vals)

    def unlink(self):
        self._cs_check_open(self.request_id)
        return super().unlink()
