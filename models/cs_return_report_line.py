from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from .cs_return_reason import CONDITIONS

# what the salesperson reported: frozen once the report is submitted
REPORTED = ("report_id", "product_id", "move_id", "quantity", "product_uom_id", "price_unit", "reason_id")


class CsReturnReportLine(models.Model):
    _name = "cs.return.report.line"
    _description = "Return Report Line"
    _inherit = ["cs.state.mixin"]

    # one guard (cs.state.mixin) keyed by the state of the report; the condition
    # follows the reason (and the reason is frozen once submitted)
    _cs_flow_fields = ("condition",)
    _cs_frozen_fields = {
        "submitted": (*REPORTED, "received_qty"),
        "approved": REPORTED,
        "received": (*REPORTED, "received_qty"),
        "credited": (*REPORTED, "received_qty"),
        "refused": (*REPORTED, "received_qty"),
        "cancel": (*REPORTED, "received_qty"),
    }

    report_id = fields.Many2one("cs.return.report", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    move_id = fields.Many2one(
        "stock.move",
        string="Delivered Move",
        domain="[('picking_id', '=', parent.picking_id), ('state', '=', 'done')]",
    )
    product_id = fields.Many2one("product.product", required=True)
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The unit of the original sale order line (units, cases...): quantities and price are in this unit.",
    )
    quantity = fields.Float(
        required=True, digits="Product Unit", help="Quantity returned in the line's unit, as reported by the customer."
    )
    product_qty = fields.Float(
        string="Quantity in Product Unit",
        compute="_compute_product_qty",
        store=True,
        digits="Product Unit",
        help="The returned quantity converted into the product's own unit, as the delivery counts it.",
    )
    cases = fields.Float(
        compute="_compute_cases",
        digits="Product Unit",
        help="The quantity in cases, from the product's packaging.",
    )
    received_qty = fields.Float(string="Received", digits="Product Unit", help="Confirmed by the warehouse.")
    reason_id = fields.Many2one("cs.return.reason", required=True)
    condition = fields.Selection(
        CONDITIONS,
        string="Goods Come Back",
        compute="_compute_condition",
        store=True,
        precompute=True,
        help="From the return reason when the line was written: good goods go back into the warehouse's "
        "stock, damaged goods into its damaged stock.",
    )
    note = fields.Char()
    price_unit = fields.Float(
        string="Sale Price", digits="Product Price", help="Price of the original sale order line."
    )
    amount = fields.Monetary(compute="_compute_amount", store=True)
    currency_id = fields.Many2one(related="report_id.currency_id")
    report_state = fields.Selection(related="report_id.state", string="Report Status")

    @api.depends("product_id", "move_id")
    def _compute_product_uom_id(self):
        """The unit of the sale order line the goods were sold in, else the product's."""
        for line in self:
            move = line._cs_delivered_move()
            line.product_uom_id = move.sale_line_id.product_uom_id or move.product_uom or line.product_id.uom_id

    @api.depends("product_id", "product_uom_id", "quantity")
    def _compute_product_qty(self):
        for line in self:
            line.product_qty = line._cs_to_product_qty(line.quantity)

    @api.depends("product_id", "product_uom_id", "quantity")
    def _compute_cases(self):
        for line in self:
            unit = line.product_id.uom_id
            case = line.product_id.uom_ids.filtered(lambda u, unit=unit: u.factor > unit.factor)[:1]
            if line.product_uom_id.factor > unit.factor:
                case = line.product_uom_id
            uom = line.product_uom_id or unit
            line.cases = uom._compute_quantity(line.quantity, case, round=False) if case else 0.0

    @api.depends("reason_id")
    def _compute_condition(self):
        # not on reason_id.condition: a reason changed later does not rewrite past returns
        for line in self:
            line.condition = line.reason_id.condition or "good"

    @api.depends("quantity", "price_unit", "received_qty", "report_id.state")
    def _compute_amount(self):
        """What is reported, then what was received once the warehouse has
        confirmed it: the amount the credit note credits."""
        for line in self:
            received = line.report_id.state in ("received", "credited")
            line.amount = (line.received_qty if received else line.quantity) * line.price_unit

    @api.constrains("quantity", "price_unit", "received_qty", "product_id", "product_uom_id")
    def _check_quantities(self):
        """No negative quantities or prices; the delivery is checked again on each change."""
        for line in self:
            unit = line.product_id.uom_id
            if line.product_uom_id and unit and not line.product_uom_id._has_common_reference(unit):
                raise ValidationError(
                    self.env._(
                        "Return report %(report)s, %(product)s: the unit %(unit)s cannot be converted into "
                        "%(product_unit)s, the product's unit. Choose the unit the goods were sold in.",
                        report=line.report_id.name,
                        product=line.product_id.display_name,
                        unit=line.product_uom_id.name,
                        product_unit=unit.name,
                    )
                )
            for fname in ("quantity", "price_unit", "received_qty"):
                if line[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "Return report %(report)s, %(product)s: the %(field)s cannot be negative (%(value)s).",
                            report=line.report_id.name,
                            product=line.product_id.display_name,
                            field=self._cs_label(fname),
                            value=line[fname],
                        )
                    )
        self.report_id._check_lines_against_delivery()

    def _cs_delivered_move(self):
        """The done move of the product on the report's delivery (the line's own if set)."""
        self.ensure_one()
        if self.move_id:
            return self.move_id.sudo()
        picking = self.report_id.picking_id.sudo()
        return picking.move_ids.filtered(lambda m: m.product_id == self.product_id and m.state == "done")[:1]

    def _cs_to_product_qty(self, quantity):
        """A quantity of the line's unit in the product's own unit (Odoo's uom conversion)."""
        self.ensure_one()
        unit = self.product_id.uom_id
        if not self.product_uom_id or not unit or self.product_uom_id == unit:
            return quantity
        return self.product_uom_id._compute_quantity(quantity, unit, round=False)

    def _cs_state_field(self):
        return "report_state"

    def _cs_check_guarded_write(self, vals):
        result = super()._cs_check_guarded_write(vals)
        if "received_qty" in vals and not self.env.user.has_group("stock.group_stock_user"):
            raise AccessError(
                self.env._(
                    "Return report %(report)s: only the warehouse enters the received quantities.",
                    report=self[:1].report_id.name,
                )
            )
        if "received_qty" in vals:
            self.report_id._cs_check_not_filer()
        return result

    def _cs_check_draft_reports(self, reports):
        for report in reports:
            if report.state != "draft":
                raise UserError(
                    self.env._(
                        "Return report %(report)s has been submitted: lines can no longer be added or removed.",
                        report=report.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if self._cs_guard_active():
            self._cs_check_draft_reports(
                self.env["cs.return.report"].browse({v["report_id"] for v in vals_list if v.get("report_id")})
            )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_from_draft_reports(self):
        if self._cs_guard_active():
            self._cs_check_draft_reports(self.report_id)

    @api.onchange("product_id")
    def _onchange_product_id(self):
        picking = self.report_id.picking_id
        if self.product_id and picking:
            move = picking.move_ids.filtered(lambda m: m.product_id == self.product_id and m.state == "done")[:1]
            self.move_id = move
            # the price of the sale order line, in the unit the goods were sold in (the line's unit)
            self.product_uom_id = move.sale_line_id.product_uom_id or move.product_uom or self.product_id.uom_id
            self.price_unit = move.sale_line_id.price_unit
