"""Order qualification (合格订单) and phone orders (电话订单), rulebook 000 L345:
「只有合格的标准订单才能得到处理,客户或销售员电话订单最后必须由销售员确认」.

Before an order is confirmed the server checks it (every caller: the button, RPC, the portal):
the customer is complete (client code, delivery address, phone), each price comes from the price
list or was approved by a sales manager, the fields its product categories require are filled
(``cs.order.required.field``), and a phone order was confirmed by its salesperson. A refused order
stays a quotation and keeps its reasons (``cs.order.disqualification``), searchable; it counts as
not qualified in the KPI table's qualified order rate.
"""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools import float_compare
from odoo.tools.sql import column_exists

from .cs_state_mixin import cs_in_transition
from .cs_state_mixin import cs_transition

QUALIFICATION_STATES = [("unchecked", "Not Checked"), ("qualified", "Qualified"), ("disqualified", "Disqualified")]
PHONE_CALLERS = [("customer", "Customer"), ("salesperson", "Salesperson")]
RULES = [
    ("customer", "Customer incomplete"),
    ("price", "Price not from the price list"),
    ("category_field", "Required field missing"),
    ("phone", "Phone order not confirmed"),
]
# written only by the addon's actions
QUALIFICATION_FLOW_FIELDS = (
    "cs_qualification_state",
    "cs_qualification_date",
    "cs_disqualified_date",
    "cs_phone_confirmed_by_id",
    "cs_phone_confirmed_date",
)
PRICE_FLOW_FIELDS = ("cs_approved_price", "cs_approved_discount", "cs_price_approved_by_id", "cs_price_approved_date")
SALES_MANAGER = "sales_team.group_sale_manager"


class SaleOrderQualification(models.Model):
    _inherit = "sale.order"

    cs_qualification_state = fields.Selection(
        QUALIFICATION_STATES,
        string="Qualification",
        default="unchecked",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Result of the last qualification check (合格订单): only a qualified order is confirmed.",
    )
    cs_qualification_date = fields.Datetime(string="Checked On", readonly=True, copy=False)
    cs_disqualified_date = fields.Datetime(
        string="First Disqualified On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When a confirmation was first refused: the order is not a qualified order (qualified order rate).",
    )
    cs_disqualification_ids = fields.One2many(
        "cs.order.disqualification", "order_id", string="Disqualification Reasons", readonly=True
    )
    cs_phone_order = fields.Boolean(
        string="Phone Order", copy=False, help="Ordered by phone (电话订单): the salesperson confirms it."
    )
    cs_phone_caller = fields.Selection(PHONE_CALLERS, string="Called By", copy=False)
    cs_caller_name = fields.Char(string="Caller", copy=False, help="Name of the person who phoned the order.")
    cs_phone_confirmed_by_id = fields.Many2one(
        "res.users", string="Phone Order Confirmed By", readonly=True, copy=False
    )
    cs_phone_confirmed_date = fields.Datetime(string="Phone Order Confirmed On", readonly=True, copy=False)
    can_cs_confirm_phone_order = fields.Boolean(compute="_compute_can_cs_qualification")
    can_cs_approve_prices = fields.Boolean(compute="_compute_can_cs_qualification")

    def _auto_init(self):
        """Create ``cs_qualification_state`` before Odoo does, with a PostgreSQL fast default: installing the
        addon on millions of orders then writes no order row (Odoo would set the default on each one, as
        ``UPDATE sale_order SET ... WHERE ... IS NULL``). Existing orders read 'Not Checked', as Odoo's
        default would give them."""
        if not column_exists(self.env.cr, self._table, "cs_qualification_state"):
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %s ADD COLUMN cs_qualification_state varchar DEFAULT 'unchecked'",
                    SQL.identifier(self._table),
                )
            )
        return super()._auto_init()

    @api.depends_context("uid")
    @api.depends("state", "cs_phone_order", "cs_phone_confirmed_date", "user_id")
    def _compute_can_cs_qualification(self):
        manager = self.env.user.has_group(SALES_MANAGER)
        for order in self:
            quotation = order.state in ("draft", "sent")
            order.can_cs_confirm_phone_order = (
                quotation
                and order.cs_phone_order
                and not order.cs_phone_confirmed_date
                and (manager or order.user_id == self.env.user)
            )
            order.can_cs_approve_prices = quotation and manager

    # --- guard ----------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not cs_in_transition(self._name):
            for vals in vals_list:
                self._cs_check_qualification_flow(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not cs_in_transition(self._name):
            self._cs_check_qualification_flow(vals)
        return super().write(vals)

    def _cs_check_qualification_flow(self, vals):
        guarded = [f for f in QUALIFICATION_FLOW_FIELDS if f in vals]
        if guarded and (self or vals[guarded[0]] not in (False, None, "unchecked")):
            raise UserError(
                self.env._(
                    "Sales order %(order)s: the field %(field)s is set by the qualification check and the "
                    "salesperson's confirmation only, never by hand.",
                    order=self[:1].display_name or self.env._("(new)"),
                    field=self._fields[guarded[0]].get_description(self.env)["string"],
                )
            )

    # --- rules ----------------------------------------------------------------------------
    def _cs_product_lines(self):
        return self.order_line.filtered(
            lambda line: line.product_id and not line.display_type and not line.is_downpayment
        )

    def _cs_qualification_issues(self):
        """[(rule, line, message)] of this order; empty for a qualified order."""
        self.ensure_one()
        issues = []
        if self.cs_phone_order:
            if not self.cs_phone_caller or not self.cs_caller_name:
                issues.append(
                    (
                        "phone",
                        False,
                        self.env._(
                            "Phone order %(order)s: fill in who called (Called By and Caller).", order=self.name
                        ),
                    )
                )
            if not self.cs_phone_confirmed_date:
                issues.append(
                    (
                        "phone",
                        False,
                        self.env._(
                            "Phone order %(order)s is not confirmed by its salesperson %(salesperson)s yet.",
                            order=self.name,
                            salesperson=self.user_id.name or self.env._("(no salesperson)"),
                        ),
                    )
                )
        if not self.company_id.cs_order_qualification:
            return issues
        customer = self.partner_id.commercial_partner_id
        if not customer.client_code:
            issues.append(
                (
                    "customer",
                    False,
                    self.env._(
                        "Customer %(customer)s has no client code: give the customer its client code first.",
                        customer=customer.display_name,
                    ),
                )
            )
        shipping = self.partner_shipping_id or self.partner_id
        if not (shipping.street and shipping.city):
            issues.append(
                (
                    "customer",
                    False,
                    self.env._(
                        "Delivery address %(address)s has no street or city: complete the address.",
                        address=shipping.display_name,
                    ),
                )
            )
        if not (shipping.phone or customer.phone):
            issues.append(
                (
                    "customer",
                    False,
                    self.env._(
                        "Customer %(customer)s has no phone number: fill in the phone.",
                        customer=customer.display_name,
                    ),
                )
            )
        for line in self._cs_product_lines():
            if not line._cs_price_is_qualified():
                issues.append(
                    (
                        "price",
                        line,
                        self.env._(
                            "Line %(product)s: the unit price %(price)s (discount %(discount)s %%) is not the price "
                            "list's %(list_price)s; correct it or have a sales manager approve it.",
                            product=line.product_id.display_name,
                            price=line.price_unit,
                            discount=line.discount,
                            list_price=line._cs_list_price(),
                        ),
                    )
                )
        rules = self.env["cs.order.required.field"].sudo().search([("company_id", "in", [self.company_id.id, False])])
        for rule in rules:
            lines = self._cs_product_lines().filtered(lambda line, rule=rule: rule._cs_applies_to(line.product_id))
            if not lines:
                continue
            records = self if rule.model_name == "sale.order" else lines
            for record in records:
                if not record[rule.field_name]:
                    issues.append(
                        (
                            "category_field",
                            record if record._name == "sale.order.line" else lines[:1],
                            self.env._(
                                "Products of category %(category)s need the field %(field)s: fill it in on "
                                "%(record)s.",
                                category=rule.categ_id.display_name,
                                field=rule.field_id.field_description,
                                record=record.display_name,
                            ),
                        )
                    )
        return issues

    def _cs_check_qualification(self):
        """Check the orders, record the result and the reasons; return the disqualified orders."""
        now = fields.Datetime.now()
        disqualified = self.browse()
        reasons = []
        for order in self:
            issues = order._cs_qualification_issues()
            vals = {"cs_qualification_date": now, "cs_qualification_state": "disqualified" if issues else "qualified"}
            if issues:
                disqualified |= order
                if not order.cs_disqualified_date:
                    vals["cs_disqualified_date"] = now
            reasons += [
                {
                    "order_id": order.id,
                    "rule": rule,
                    "line_id": line.id if line else False,
                    "message": message,
                    "date": now,
                }
                for rule, line, message in issues
            ]
            with cs_transition(self._name):
                order.write(vals)
        Reason = self.env["cs.order.disqualification"].sudo()
        Reason.search([("order_id", "in", self.ids)]).unlink()
        Reason.create(reasons)
        return disqualified

    # --- actions --------------------------------------------------------------------------
    def action_cs_check_qualification(self):
        """Check the quotations now and keep the reasons."""
        self.check_access("write")
        self.filtered(lambda o: o.state in ("draft", "sent"))._cs_check_qualification()
        return True

    def action_confirm(self):
        """Only qualified orders are confirmed (合格订单); the refused ones stay quotations with their
        reasons and the user is told."""
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        if quotations:
            quotations.check_access("write")
        refused = quotations._cs_check_qualification()
        if not refused:
            return super().action_confirm()
        rest = self - refused
        if rest:
            super(SaleOrderQualification, rest).action_confirm()
        for order in refused:
            order.message_post(
                body=self.env._(
                    "Not confirmed, the order is not qualified: %(reasons)s",
                    reasons="; ".join(order.cs_disqualification_ids.mapped("message")),
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._("Order not qualified"),
                "message": "\n".join(
                    f"{order.name}: {reason.message}" for order in refused for reason in order.cs_disqualification_ids
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_cs_confirm_phone_order(self):
        """The salesperson confirms a phone order (电话订单最后必须由销售员确认)."""
        self.ensure_one()
        self.check_access("write")
        if not self.cs_phone_order or self.cs_phone_confirmed_date or self.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "Sales order %(order)s is not a phone order waiting for its salesperson's confirmation.",
                    order=self.name,
                )
            )
        if self.user_id != self.env.user and not self.env.user.has_group(SALES_MANAGER):
            raise AccessError(
                self.env._(
                    "Phone order %(order)s is confirmed by its salesperson %(salesperson)s (or a sales manager).",
                    order=self.name,
                    salesperson=self.user_id.name or self.env._("(no salesperson)"),
                )
            )
        if not self.cs_phone_caller or not self.cs_caller_name:
            raise UserError(
                self.env._("Phone order %(order)s: fill in who called (Called By and Caller).", order=self.name)
            )
        with cs_transition(self._name):
            self.write({"cs_phone_confirmed_by_id": self.env.user.id, "cs_phone_confirmed_date": fields.Datetime.now()})
        return True

    def action_cs_approve_prices(self):
        """A sales manager approves the prices that differ from the price list."""
        self.ensure_one()
        if not self.env.user.has_group(SALES_MANAGER):
            raise AccessError(
                self.env._(
                    "Only a sales manager approves prices outside the price list (order %(order)s).", order=self.name
                )
            )
        self.check_access("write")
        if self.state not in ("draft", "sent"):
            raise UserError(self.env._("Sales order %(order)s is no longer a quotation.", order=self.name))
        now = fields.Datetime.now()
        for line in self._cs_product_lines().filtered(lambda line: not line._cs_price_is_qualified()):
            with cs_transition("sale.order.line"):
                line.write(
                    {
                        "cs_approved_price": line.price_unit,
                        "cs_approved_discount": line.discount,
                        "cs_price_approved_by_id": self.env.user.id,
                        "cs_price_approved_date": now,
                    }
                )
        return True


class SaleOrderLineQualification(models.Model):
    _inherit = "sale.order.line"

    cs_approved_price = fields.Float(string="Approved Price", readonly=True, copy=False, digits="Product Price")
    cs_approved_discount = fields.Float(string="Approved Discount", readonly=True, copy=False, digits="Discount")
    cs_price_approved_by_id = fields.Many2one("res.users", string="Price Approved By", readonly=True, copy=False)
    cs_price_approved_date = fields.Datetime(string="Price Approved On", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        if not cs_in_transition(self._name):
            for vals in vals_list:
                self._cs_check_price_flow(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not cs_in_transition(self._name):
            self._cs_check_price_flow(vals)
        return super().write(vals)

    def _cs_check_price_flow(self, vals):
        guarded = [f for f in PRICE_FLOW_FIELDS if vals.get(f)]
        if guarded:
            raise UserError(
                self.env._(
                    "Order line %(line)s: %(field)s is recorded by a sales manager's approval only.",
                    line=self[:1].display_name or self.env._("(new)"),
                    field=self._fields[guarded[0]].get_description(self.env)["string"],
                )
            )

    def _cs_list_price(self):
        """The unit price the order's price list gives this line (taxes as the line shows them)."""
        self.ensure_one()
        line = self.with_company(self.company_id)
        product_taxes = line.product_id.taxes_id._filter_taxes_by_company(line.company_id)
        return line.product_id._get_tax_included_unit_price_from_price(
            line._get_pricelist_price(), product_taxes=product_taxes, fiscal_position=line.order_id.fiscal_position_id
        )

    def _cs_price_is_qualified(self):
        self.ensure_one()
        currency = self.currency_id or self.company_id.currency_id
        net = self.price_unit * (1 - (self.discount or 0.0) / 100.0)
        if not currency.compare_amounts(net, self._cs_list_price()):
            return True
        return bool(
            self.cs_price_approved_by_id
            and not currency.compare_amounts(self.price_unit, self.cs_approved_price)
            and not float_compare(self.discount, self.cs_approved_discount, precision_digits=4)
        )
