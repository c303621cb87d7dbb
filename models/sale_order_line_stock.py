"""Out-of-stock confirmation (缺货确认), rulebook 000 L348 「对于缺货的品种,操作员需填写每日订单确订」.

Each day (in the company's time zone) the lines of confirmed orders that the stock cannot serve are
listed for the operator, with an activity on each order; the operator confirms with the customer
whether to wait, take a substitute or cancel, and the decision is recorded on the line with who and
when. A line to wait for comes back the next day while it is still short; a substitute or a
cancellation is final (the order itself is then changed, which logs an order change).
"""

from collections import defaultdict

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .cs_state_mixin import cs_in_transition
from .cs_state_mixin import cs_transition
from .rules import local_datetime

DECISIONS = [("wait", "Wait for Stock"), ("substitute", "Substitute"), ("cancel", "Cancel")]
STOCK_FLOW_FIELDS = (
    "cs_shortage_date",
    "cs_shortage_qty",
    "cs_stock_to_confirm",
    "cs_stock_decision",
    "cs_stock_decision_by_id",
    "cs_stock_decision_date",
)
ACTIVITY = "customer_service_dept.mail_activity_type_cs_stock_confirmation"
# the daily list is made from this hour on, in the company's time zone
CHECK_HOUR = 7


class SaleOrderLineStock(models.Model):
    _inherit = "sale.order.line"

    cs_shortage_date = fields.Date(string="Short on", readonly=True, copy=False, help="Last day the line was short.")
    cs_shortage_qty = fields.Float(string="Missing Quantity", readonly=True, copy=False, digits="Product Unit")
    cs_stock_to_confirm = fields.Boolean(string="To Confirm (out of stock)", readonly=True, copy=False, index=True)
    cs_stock_decision = fields.Selection(DECISIONS, string="Customer's Decision", readonly=True, copy=False)
    cs_stock_decision_by_id = fields.Many2one("res.users", string="Decision Recorded By", readonly=True, copy=False)
    cs_stock_decision_date = fields.Datetime(string="Decision Recorded On", readonly=True, copy=False)
    cs_stock_decision_note = fields.Char(string="Customer's Words", copy=False)
    cs_substitute_product_id = fields.Many2one("product.product", string="Substitute", copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        if not cs_in_transition("sale.order.line.stock"):
            for vals in vals_list:
                self._cs_check_stock_flow(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not cs_in_transition("sale.order.line.stock"):
            self._cs_check_stock_flow(vals)
        return super().write(vals)

    def _cs_check_stock_flow(self, vals):
        guarded = [f for f in STOCK_FLOW_FIELDS if f in vals]
        if guarded and (self or any(vals[f] for f in guarded)):
            raise UserError(
                self.env._(
                    "Order line %(line)s: %(field)s is recorded by the daily out-of-stock check and the operator's "
                    "buttons only.",
                    line=self[:1].display_name or self.env._("(new)"),
                    field=self._fields[guarded[0]].get_description(self.env)["string"],
                )
            )

    # --- the daily check ----------------------------------------------------------------
    def _cs_missing_quantities(self):
        """{line: missing quantity in the line's unit}: what neither the line's reservations nor the free
        stock of its warehouse can serve, the oldest orders served first."""
        free = {}
        missing = {}
        for line in self.sorted(lambda line: (line.order_id.date_order, line.order_id.id, line.id)):
            product = line.product_id
            uom = product.uom_id
            remaining = line.product_uom_id._compute_quantity(line.product_uom_qty - line.qty_delivered, uom)
            moves = line.move_ids | self.env["stock.move"].browse(line.move_ids._rollup_move_origs())
            moves = moves.filtered(lambda m, p=product: m.product_id == p and m.state not in ("done", "cancel"))
            reserved = sum(m.product_uom._compute_quantity(m.quantity, uom) for m in moves)
            key = (product.id, line.warehouse_id.id)
            if key not in free:
                free[key] = product.with_context(warehouse_id=line.warehouse_id.id).free_qty
            short = remaining - reserved
            served = min(max(short, 0.0), max(free[key], 0.0))
            free[key] -= served
            short -= served
            if float_compare(short, 0.0, precision_rounding=uom.rounding) > 0:
                missing[line] = uom._compute_quantity(short, line.product_uom_id)
        return missing

    @api.model
    def _cron_cs_stock_confirmation(self):
        """Hourly: each company's list is made once a day, from CHECK_HOUR in its time zone."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].sudo().search([("active", "=", True)]):
            tz_name = company._cs_reader_tz()
            local_now = local_datetime(now, tz_name)
            if local_now.hour < CHECK_HOUR or company.cs_stock_check_day == local_now.date():
                continue
            self.with_company(company)._cs_check_stock(company, local_now.date())

    @api.model
    def _cs_check_stock(self, company, today):
        lines = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "sale"),
                ("product_id.is_storable", "=", True),
                ("display_type", "=", False),
                ("cs_stock_decision", "not in", ("substitute", "cancel")),
            ]
        )
        lines = lines.filtered(
            lambda line: float_compare(line.qty_delivered, line.product_uom_qty, precision_digits=6) < 0
        )
        missing = lines._cs_missing_quantities()
        short = self.browse([line.id for line in missing]).sudo()
        with cs_transition("sale.order.line.stock"):
            (lines.filtered("cs_stock_to_confirm") - short).write({"cs_stock_to_confirm": False})
            for line, qty in missing.items():
                decided_today = (
                    line.cs_stock_decision == "wait"
                    and line.cs_stock_decision_date
                    and local_datetime(line.cs_stock_decision_date, company._cs_reader_tz()).date() == today
                )
                line.write(
                    {"cs_shortage_date": today, "cs_shortage_qty": qty, "cs_stock_to_confirm": not decided_today}
                )
        company.cs_stock_check_day = today
        by_order = defaultdict(lambda: self.browse().sudo())
        for line in short.filtered("cs_stock_to_confirm"):
            by_order[line.order_id] |= line
        for order, order_lines in by_order.items():
            order._cs_schedule_stock_confirmation(order_lines, today)

    # --- the operator's decision -------------------------------------------------------------
    def _cs_record_stock_decision(self, decision):
        self.check_access("write")
        for line in self:
            if not line.cs_stock_to_confirm:
                raise UserError(
                    self.env._(
                        "Order line %(line)s is not waiting for an out-of-stock confirmation.", line=line.display_name
                    )
                )
            if decision == "substitute" and not line.cs_substitute_product_id:
                raise UserError(
                    self.env._(
                        "Order line %(line)s: choose the Substitute the customer accepted.", line=line.display_name
                    )
                )
        with cs_transition("sale.order.line.stock"):
            self.write(
                {
                    "cs_stock_decision": decision,
                    "cs_stock_decision_by_id": self.env.user.id,
                    "cs_stock_decision_date": fields.Datetime.now(),
                    "cs_stock_to_confirm": False,
                }
            )
        labels = dict(self._fields["cs_stock_decision"]._description_selection(self.env))
        for order in self.order_id:
            order_lines = self.filtered(lambda line, order=order: line.order_id == order)
            order.message_post(
                body=self.env._(
                    "Out of stock, confirmed with the customer: %(lines)s",
                    lines="; ".join(
                        f"{line.product_id.display_name}: {labels[decision]}"
                        + (f" ({line.cs_substitute_product_id.display_name})" if decision == "substitute" else "")
                        + (f" - {line.cs_stock_decision_note}" if line.cs_stock_decision_note else "")
                        for line in order_lines
                    ),
                )
            )
            if not order.order_line.filtered("cs_stock_to_confirm"):
                order.sudo().activity_ids.filtered(
                    lambda a: a.activity_type_id == self.env.ref(ACTIVITY, raise_if_not_found=False)
                ).action_done()
        return True

    def action_cs_stock_wait(self):
        return self._cs_record_stock_decision("wait")

    def action_cs_stock_substitute(self):
        return self._cs_record_stock_decision("substitute")

    def action_cs_stock_cancel(self):
        return self._cs_record_stock_decision("cancel")


class SaleOrderStock(models.Model):
    _inherit = "sale.order"

    def _cs_schedule_stock_confirmation(self, lines, today):
        """One open activity per order: moved to today and rewritten, never doubled."""
        self.ensure_one()
        activity_type = self.env.ref(ACTIVITY)
        user = self.company_id.cs_order_operator_id or self.user_id or self.env.ref("base.user_root")
        note = self.env._(
            "Confirm with the customer what to do with the items out of stock: %(lines)s",
            lines=", ".join(f"{line.product_id.display_name} ({line.cs_shortage_qty:g})" for line in lines),
        )
        existing = self.sudo().activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        if existing:
            existing.write({"date_deadline": today, "note": note})
            return
        self.sudo().activity_schedule(
            ACTIVITY,
            date_deadline=today,
            summary=self.env._("Out of stock: confirm order %(order)s with the customer", order=self.name),
            note=note,
            user_id=user.id,
        )
