from odoo import api
from odoo import fields
from odoo import models


class CsReturnReportLine(models.Model):
    _name = "cs.return.report.line"
    _description = "Return Report Line"

    report_id = fields.Many2one("cs.return.report", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    move_id = fields.Many2one(
        "stock.move",
        string="Delivered Move",
        domain="[('picking_id', '=', parent.picking_id), ('state', '=', 'done')]",
    )
    product_id = fields.Many2one("product.product", required=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(required=True, digits="Product Unit", help="Units returned, as reported by the customer.")
    cases = fields.Float(
        compute="_compute_cases",
        digits="Product Unit",
        help="The quantity in cases, from the product's packaging.",
    )
    received_qty = fields.Float(string="Received", digits="Product Unit", help="Confirmed by the warehouse.")
    reason_id = fields.Many2one("cs.return.reason", required=True)
    note = fields.Char()
    price_unit = fields.Float(
        string="Sale Price", digits="Product Price", help="Price of the original sale order line."
    )
    amount = fields.Monetary(compute="_compute_amount", store=True)
    currency_id = fields.Many2one(related="report_id.currency_id")

    @api.depends("product_id", "quantity")
    def _compute_cases(self):
        for line in self:
            unit = line.product_id.uom_id
            case = line.product_id.uom_ids.filtered(lambda u, unit=unit: u.factor > unit.factor)[:1]
            line.cases = unit._compute_quantity(line.quantity, case, round=False) if case else 0.0

    @api.depends("quantity", "price_unit")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.price_unit

    @api.onchange("product_id")
    def _onchange_product_id(self):
        picking = self.report_id.picking_id
        if self.product_id and picking:
            move = picking.move_ids.filtered(lambda m: m.product_id == self.product_id and m.state == "done")[:1]
            self.move_id = move
            self.price_unit = move.sale_line_id.price_unit
