from collections import defaultdict

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools import float_compare

# reports that still claim their quantities of the delivery
LIVE_STATES = ("draft", "submitted", "approved", "received", "credited")
# fields of the report nobody changes once it has been submitted
FROZEN_AFTER_DRAFT = ("partner_id", "picking_id", "company_id", "user_id", "date")


class CsReturnReport(models.Model):
    """退货报告: a salesperson's return report, approved by a manager, executed
    with Odoo's own return of the delivery and credited by normal invoicing."""

    _name = "cs.return.report"
    _description = "Return Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.state.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _cs_flow_fields = (
        "state",
        "approved_by_id",
        "refuse_reason",
        "return_picking_id",
        "credit_note_ids",
        "date_received",
    )
    _cs_frozen_fields = {
        state: FROZEN_AFTER_DRAFT for state in ("submitted", "approved", "received", "credited", "refused", "cancel")
    }

    name = fields.Char(readonly=True, copy=False, default="/")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, tracking=True, check_company=True)
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('picking_type_code', '=', 'outgoing'), ('partner_id', 'child_of', partner_id)]",
    )
    sale_order_id = fields.Many2one(related="picking_id.sale_id", store=True, string="Sale Order")
    line_ids = fields.One2many("cs.return.report.line", "report_id", string="Lines", copy=True)
    next_action = fields.Text(string="Next Action Plan", tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "To Approve"),
            ("approved", "Approved"),
            ("received", "Received"),
            ("credited", "Credited"),
            ("refused", "Refused"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    refuse_reason = fields.Char(readonly=True, copy=False, tracking=True)
    return_picking_id = fields.Many2one("stock.picking", readonly=True, copy=False)
    # Only those who may read invoices see them (the warehouse confirms receptions without invoicing rights).
    credit_note_ids = fields.Many2many(
        "account.move",
        string="Credit Notes",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice,account.group_account_readonly,sales_team.group_sale_salesman",
    )
    amount_total = fields.Monetary(compute="_compute_amount_total", store=True, string="Amount")
    date_received = fields.Datetime(readonly=True, copy=False)
    can_submit = fields.Boolean(compute="_compute_can")
    can_approve = fields.Boolean(compute="_compute_can")
    can_confirm_reception = fields.Boolean(compute="_compute_can")
    can_create_credit_note = fields.Boolean(compute="_compute_can")
    can_cancel = fields.Boolean(compute="_compute_can")

    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for report in self:
            report.amount_total = sum(report.line_ids.mapped("amount"))

    @api.depends("state", "line_ids", "user_id")
    @api.depends_context("uid")
    def _compute_can(self):
        user = self.env.user
        is_manager = user.has_group("customer_service_dept.group_cs_manager")
        is_cs = user.has_group("customer_service_dept.group_cs_user")
        is_stock = user.has_group("stock.group_stock_user")
        for report in self:
            files = report._cs_may_file()
            report.can_submit = report.state == "draft" and files
            report.can_approve = report.state == "submitted" and is_manager
            report.can_confirm_reception = (
                report.state == "approved" and is_stock and (report.user_id != user or user._is_system())
            )
            report.can_create_credit_note = report.state == "received" and is_cs
            report.can_cancel = report.state in ("draft", "submitted") and (files or is_manager)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group("customer_service_dept.group_cs_user"):
            # salespeople file returns for their own customers only
            for vals in vals_list:
                partner = self.env["res.partner"].browse(vals.get("partner_id")).commercial_partner_id
                if partner.user_id and partner.user_id != self.env.user:
                    raise AccessError(
                        self.env._(
                            "%(customer)s is a customer of %(salesperson)s: only their salesperson or "
                            "customer service can file a return for them.",
                            customer=partner.display_name,
                            salesperson=partner.user_id.name,
                        )
                    )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("cs.return.report") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        for report in self:
            if report.state not in ("draft", "cancel"):
                raise UserError(
                    self.env._(
                        "Return report %(report)s has been submitted: it cannot be deleted, cancel or refuse it.",
                        report=report.name,
                    )
                )

    @api.constrains("picking_id", "line_ids")
    def _check_lines_against_delivery(self):
        """Only what was delivered, and not more than what is still returnable."""
        self._cs_lock_deliveries()
        for report in self:
            picking = report.picking_id
            if picking.state == "cancel":
                raise ValidationError(
                    self.env._(
                        "Return report %(report)s: delivery %(delivery)s was cancelled, nothing was delivered "
                        "that could come back.",
                        report=report.name,
                        delivery=picking.name,
                    )
                )
            delivered = report._returnable_quantities()
            asked = defaultdict(float)
            for line in report.line_ids:
                if line.product_id not in delivered:
                    raise ValidationError(
                        self.env._(
                            "Return report %(report)s: product %(product)s is not on delivery %(delivery)s.",
                            report=report.name,
                            product=line.product_id.display_name,
                            delivery=picking.name,
                        )
                    )
                if line.quantity <= 0:
                    raise ValidationError(
                        self.env._(
                            "Return report %(report)s: the quantity of %(product)s must be more than zero.",
                            report=report.name,
                            product=line.product_id.display_name,
                        )
                    )
                asked[line.product_id] += line.product_qty
            for product, quantity in asked.items():
                if float_compare(quantity, delivered[product], precision_rounding=product.uom_id.rounding) > 0:
                    raise ValidationError(
                        self.env._(
                            "Return report %(report)s asks to return %(asked)s %(unit)s of %(product)s, but only "
                            "%(delivered)s were delivered on %(delivery)s and not yet returned or claimed by "
                            "another return report.",
                            report=report.name,
                            asked=quantity,
                            unit=product.uom_id.name,
                            product=product.display_name,
                            delivered=delivered[product],
                            delivery=picking.name,
                        )
                    )

    def _cs_lock_deliveries(self):
        """Serialise every check of the returnable quantities of a delivery.

        The delivery's row is locked (NOWAIT: a concurrent transaction fails
        at once and Odoo retries its request) and touched, so that a
        transaction whose snapshot predates ours can no longer lock it after we
        commit (serialization failure, retried too): the retry sees our report.
        """
        pickings = self.picking_id
        if not pickings:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id FROM stock_picking WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE NOWAIT",
                pickings.ids,
            )
        )
        self.env.cr.execute(SQL("UPDATE stock_picking SET write_date = write_date WHERE id = ANY(%s)", pickings.ids))

    def _returnable_quantities(self):
        """Delivered quantity per product on the delivery, less what was
        returned already and what the other live return reports claim."""
        self.ensure_one()
        result = defaultdict(float)
        delivery = self.picking_id.sudo()
        for move in delivery.move_ids.filtered(lambda m: m.state == "done"):
            returned = sum(move.returned_move_ids.filtered(lambda m: m.state != "cancel").mapped("product_qty"))
            result[move.product_id.with_env(self.env)] += move.product_qty - returned
        if self.state in ("approved", "received", "credited") and self.return_picking_id:
            # our own return counts as already returned: add it back for the check
            for move in self.return_picking_id.sudo().move_ids.filtered(lambda m: m.state != "cancel"):
                result[move.product_id.with_env(self.env)] += move.product_qty
        # other reports of the delivery not returned yet (those with a return
        # picking are counted above), whoever filed them
        claimed = (
            self.env["cs.return.report.line"]
            .sudo()
            ._read_group(
                [
                    ("report_id.picking_id", "=", delivery.id),
                    ("report_id", "!=", self.id),
                    ("report_id.state", "in", LIVE_STATES),
                    ("report_id.return_picking_id", "=", False),
                ],
                ["product_id"],
                ["product_qty:sum"],
            )
        )
        for product, quantity in claimed:
            result[product.with_env(self.env)] -= quantity
        return result

    def _cs_may_file(self):
        """The filer (salesperson) of the report, or customer service."""
        self.ensure_one()
        return self.user_id == self.env.user or self.env.user.has_group("customer_service_dept.group_cs_user")

    def _cs_check_filer(self):
        for report in self:
            if not report._cs_may_file():
                raise AccessError(
                    self.env._(
                        "Return report %(report)s was filed by %(salesperson)s: only they or customer service "
                        "can submit or cancel it.",
                        report=report.name,
                        salesperson=report.user_id.name,
                    )
                )

    # ------------------------------------------------------------------ flow
    def action_submit(self):
        self._check_state("draft")
        for report in self:
            if not report.line_ids:
                raise UserError(
                    self.env._("Return report %(report)s has no lines: add what comes back.", report=report.name)
                )
        self._cs_check_filer()
        with self._cs_transition():
            self.write({"state": "submitted"})
        return True

    def _check_manager(self):
        if not self.env.user.has_group("customer_service_dept.group_cs_manager"):
            raise AccessError(self.env._("Only a Customer Service Manager can approve or refuse a return report."))

    def action_refuse(self, reason=None):
        self._check_manager()
        self._check_state("submitted")
        with self._cs_transition():
            self.write({"state": "refused", "refuse_reason": reason or self.env._("Refused")})
        return True

    def action_approve(self):
        """Approve and create the return picking with Odoo's own return wizard.

        The report row is locked first, so approving twice (a double click, two
        managers at once) creates one return picking, never two; then the
        delivery is locked and the quantities checked again, so that two
        reports approved at once never return more than was delivered.
        """
        self._check_manager()
        for report in self:
            self.env.cr.execute(SQL("SELECT state FROM cs_return_report WHERE id = %s FOR UPDATE", report.id))
            report.invalidate_recordset(["state", "return_picking_id"])
            if report.return_picking_id or report.state != "submitted":
                continue
            self.env.invalidate_all()
            report._check_lines_against_delivery()
            with report._cs_transition():
                report.write(
                    {
                        "state": "approved",
                        "approved_by_id": self.env.uid,
                        "return_picking_id": report._create_return_picking().id,
                    }
                )
        return True

    def _create_return_picking(self):
        self.ensure_one()
        wizard = (
            self.env["stock.return.picking"]
            .sudo()
            .with_context(active_id=self.picking_id.id, active_ids=self.picking_id.ids, active_model="stock.picking")
            .create({"picking_id": self.picking_id.id})
        )
        asked = defaultdict(float)
        for line in self.line_ids:
            asked[line.product_id] += line.product_qty
        for return_line in wizard.product_return_moves:
            quantity = min(asked[return_line.product_id], return_line.move_id.product_qty)
            asked[return_line.product_id] -= quantity
            return_line.write(
                {"quantity": quantity, "to_refund": True}
                if "to_refund" in return_line._fields
                else {"quantity": quantity}
            )
        picking = wizard._create_return()
        picking.message_post(body=self.env._("Return of return report %(report)s.", report=self.name))
        return picking

    def _cs_check_not_filer(self):
        """Four eyes: whoever filed a return does not confirm what came back
        (业务员填写退货报告 … 仓务员确认退货箱数: two different people)."""
        if self.env.user.has_group("base.group_system"):
            return
        for report in self:
            if report.user_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "Return report %(report)s was filed by you: another person of the warehouse "
                        "confirms what was received.",
                        report=report.display_name,
                    )
                )

    def action_confirm_reception(self):
        """The warehouse confirms the quantities received (and may correct them)."""
        self._check_state("approved")
        if not self.env.user.has_group("stock.group_stock_user"):
            raise AccessError(self.env._("Only warehouse users confirm the reception of returns."))
        self._cs_check_not_filer()
        for report in self:
            received = defaultdict(float)
            for line in report.line_ids:
                received[line.product_id] += line._cs_to_product_qty(line.received_qty or line.quantity)
            picking = report.return_picking_id.sudo()
            for move in picking.move_ids:
                quantity = min(received[move.product_id], move.product_uom_qty)
                received[move.product_id] -= quantity
                move.quantity = quantity
                move.picked = True
            picking.with_context(skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()
            with report._cs_transition(report.line_ids):
                for line in report.line_ids.filtered(lambda line: not line.received_qty):
                    line.received_qty = line.quantity
                report.write({"state": "received", "date_received": fields.Datetime.now()})
        return True

    def action_create_credit_note(self):
        """Credit the return through the sale order's normal invoicing (a refund)."""
        self._check_state("received")
        if not self.env.user.has_group("customer_service_dept.group_cs_user"):
            raise AccessError(self.env._("Only customer service credits a received return."))
        for report in self:
            order = report.sale_order_id
            if not order:
                raise UserError(
                    self.env._(
                        "Return report %(report)s: delivery %(delivery)s has no sale order to credit.",
                        report=report.name,
                        delivery=report.picking_id.name,
                    )
                )
            moves = order.sudo()._create_invoices(final=True)
            refunds = moves.filtered(lambda m: m.move_type == "out_refund")
            if not refunds:
                raise UserError(
                    self.env._(
                        "Nothing to credit for return report %(report)s: sale order %(order)s was not invoiced "
                        "for the returned goods.",
                        report=report.name,
                        order=order.name,
                    )
                )
            # the refund belongs to the order's salesperson: link it whatever the clicker may read
            with report._cs_transition():
                report.sudo().write({"state": "credited", "credit_note_ids": [(6, 0, refunds.ids)]})
        return True

    def action_cancel(self):
        self._check_state("draft", "submitted")
        if not self.env.user.has_group("customer_service_dept.group_cs_manager"):
            self._cs_check_filer()
        with self._cs_transition():
            self.write({"state": "cancel"})
        return True

    def action_view_return_picking(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": self.return_picking_id.id,
            "view_mode": "form",
        }
