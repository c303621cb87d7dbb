from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from .cs_state_mixin import cs_in_transition
from .cs_state_mixin import cs_transition


class SaleOrderInquiry(models.Model):
    _inherit = "sale.order"

    cs_service_request_id = fields.Many2one(
        "cs.service.request",
        string="Inquiry",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer's inquiry this quotation answers.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not cs_in_transition("sale.order.inquiry") and any(v.get("cs_service_request_id") for v in vals_list):
            raise UserError(self.env._("A quotation is linked to an inquiry by the inquiry's Create Quotation button."))
        return super().create(vals_list)

    def write(self, vals):
        if "cs_service_request_id" in vals and not cs_in_transition("sale.order.inquiry"):
            raise UserError(
                self.env._(
                    "Sales order %(order)s: the inquiry is linked by the inquiry's Create Quotation button only.",
                    order=self[:1].display_name,
                )
            )
        sent = self.browse()
        if vals.get("state") in ("sent", "sale"):
            sent = self.filtered(lambda o: o.cs_service_request_id and o.state == "draft")
        result = super().write(vals)
        for order in sent:
            order.cs_service_request_id._cs_quotation_sent(order)
        return result

    @api.model
    def _cs_create_from_inquiry(self, request):
        lines = []
        for line in request.line_ids:
            name = line.product_id.get_product_multiline_description_sale()
            if line.specification:
                name += "\n" + self.env._("Specification: %(spec)s", spec=line.specification)
            if line.requested_date:
                name += "\n" + self.env._("Requested date: %(date)s", date=line.requested_date)
            lines.append(
                (
                    0,
                    0,
                    {
                        "product_id": line.product_id.id,
                        "product_uom_qty": line.quantity,
                        "product_uom_id": (line.product_uom_id or line.product_id.uom_id).id,
                        "name": name,
                    },
                )
            )
        with cs_transition("sale.order.inquiry"):
            return self.create(
                {
                    "partner_id": request.partner_id.id,
                    "company_id": request.company_id.id,
                    "origin": request.name,
                    "cs_service_request_id": request.id,
                    "order_line": lines,
                }
            )
