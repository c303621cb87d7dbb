from collections import defaultdict

from markupsafe import Markup

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools import float_compare
from odoo.tools import float_round

# reports that still claim their quantities of the delivery
LIVE_STATES = ("draft", "submitted", "approved", "received", "credited")
# fields of the report nobody changes once it has been submitted
FROZEN_AFTER_DRAFT = ("partner_id", "picking_id", "company_id", "user_id", "date")


class CsReturnReport(models.Model):
    """退货报告: a salesperson's return report, approved by a manager, executed
    with Odoo's own return of the delivery (good goods to stock, damaged goods
    to the damaged stock) and credited by reversing the original invoice."""

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

    def _cs_damaged_location(self):
        """The damaged stock (残品) of the warehouse the goods were delivered from."""
        self.ensure_one()
        warehouse = self.picking_id.sudo().picking_type_id.warehouse_id
        if not warehouse.cs_damaged_location_id:
            raise UserError(
                self.env._(
                    "Return report %(report)s: warehouse %(warehouse)s has no damaged stock location for the "
                    "damaged goods; ask an Inventory administrator to update the Customer Service module.",
                    report=self.name,
                    warehouse=warehouse.display_name or self.picking_id.name,
                )
            )
        return warehouse.cs_damaged_location_id

    def _create_return_picking(self):
        """Odoo's own return of the delivery (stock.return.picking): one line
        per delivered move and condition of the goods. Good goods (正品) go back
        to the return's destination, the warehouse's stock; damaged goods (残品)
        to the warehouse's damaged stock, as each line's reason says. The
        returned quantities update the sale order (to_refund)."""
        self.ensure_one()
        wizard = (
            self.env["stock.return.picking"]
            .sudo()
            .with_context(active_id=self.picking_id.id, active_ids=self.picking_id.ids, active_model="stock.picking")
            .create({"picking_id": self.picking_id.id})
        )
        # what comes back per product and condition, in the product's unit
        asked = defaultdict(float)
        for line in self.line_ids:
            asked[(line.product_id, line.condition)] += line.product_qty
        destination = {"good": False}
        if any(condition == "damaged" for _product, condition in asked):
            destination["damaged"] = self._cs_damaged_location().id
        extra_lines = []
        for return_line in wizard.product_return_moves:
            move, product = return_line.move_id, return_line.product_id
            unit = product.uom_id
            left = move.product_qty - sum(
                move.returned_move_ids.filtered(lambda m: m.state != "cancel").mapped("product_qty")
            )
            first = True
            for condition, location_id in destination.items():
                quantity = min(asked[(product, condition)], left)
                if unit.compare(quantity, 0.0) <= 0:
                    continue
                asked[(product, condition)] -= quantity
                left -= quantity
                vals = {
                    "quantity": unit._compute_quantity(quantity, return_line.uom_id, round=False),
                    "to_refund": True,
                    "cs_location_dest_id": location_id,
                }
                if first:
                    return_line.write(vals)
                    first = False
                else:
                    extra_lines.append(Command.create({"move_id": move.id, "product_id": product.id, **vals}))
            if first:
                return_line.quantity = 0.0
        if extra_lines:
            wizard.write({"product_return_moves": extra_lines})
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
        """The warehouse confirms the quantities received (and may correct them);
        good goods go into the warehouse's stock, damaged goods into its
        damaged stock (the return picking's moves were made per condition)."""
        self._check_state("approved")
        if not self.env.user.has_group("stock.group_stock_user"):
            raise AccessError(self.env._("Only warehouse users confirm the reception of returns."))
        self._cs_check_not_filer()
        for report in self:
            picking = report.return_picking_id.sudo()
            damaged = picking.picking_type_id.warehouse_id.cs_damaged_location_id | (
                report.picking_id.sudo().picking_type_id.warehouse_id.cs_damaged_location_id
            )
            # received per product and condition, in the product's unit
            received = defaultdict(float)
            for line in report.line_ids:
                received[(line.product_id, line.condition)] += line._cs_to_product_qty(
                    line.received_qty or line.quantity
                )
            for move in picking.move_ids:
                condition = "damaged" if move.location_dest_id in damaged else "good"
                quantity = min(received[(move.product_id, condition)], move.product_qty)
                received[(move.product_id, condition)] -= quantity
                move.quantity = move.product_id.uom_id._compute_quantity(quantity, move.product_uom, round=False)
                move.picked = True
            picking.with_context(skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()
            with report._cs_transition(report.line_ids):
                for line in report.line_ids.filtered(lambda line: not line.received_qty):
                    line.received_qty = line.quantity
                report.write({"state": "received", "date_received": fields.Datetime.now()})
        return True

    def action_create_credit_note(self):
        """Credit what came back through Odoo's accounting (财务入帐).

        Per sale order line, Q is what the return brought back (its done moves,
        in the sale line's unit). Odoo corrects the delivered quantity at
        reception (to_refund): under the "delivered quantities" invoicing
        policy that is what remains to invoice. Under the "ordered quantities"
        policy the ordered quantity goes down by Q, so that the returned goods
        are not invoiced (again). Then what was invoiced beyond what the
        customer now owes (-qty_to_invoice, at most Q) is credited by reversing
        the original posted invoice with Odoo's reversal wizard
        (account.move.reversal): a draft credit note with the original invoice
        lines of the returned goods, for the credited quantity in each invoice
        line's unit, for the accountant to post. What was not invoiced yet needs
        no credit note: the order has that much less to invoice, and the user
        is told so. The reports' rows are locked first: two clicks at once make
        one credit note (the other waits, then finds the report credited).
        """
        if not self.env.user.has_group("customer_service_dept.group_cs_user"):
            raise AccessError(self.env._("Only customer service credits a received return."))
        self.env.cr.execute(SQL("SELECT id FROM cs_return_report WHERE id = ANY(%s) ORDER BY id FOR UPDATE", self.ids))
        self.invalidate_recordset(["state"])
        self._check_state("received")
        messages = []
        for report in self:
            order = report.sale_order_id.sudo()
            returned = report._cs_returned_sale_quantities()
            if not order or not returned:
                raise UserError(
                    self.env._(
                        "Return report %(report)s: nothing that came back on %(delivery)s belongs to a sale "
                        "order line, there is nothing to credit.",
                        report=report.name,
                        delivery=report.return_picking_id.name or report.picking_id.name,
                    )
                )
            report._cs_correct_ordered_quantities(returned)
            credit, not_invoiced = {}, {}
            for sale_line, quantity in returned.items():
                credited = min(quantity, max(0.0, -sale_line.qty_to_invoice))
                credit[sale_line] = credited
                not_invoiced[sale_line] = quantity - credited
            refunds = report._cs_reverse_invoices(credit)
            # the refund belongs to the order's salesperson: link it whatever the clicker may read
            with report._cs_transition():
                report.sudo().write({"state": "credited", "credit_note_ids": [Command.set(refunds.ids)]})
            parts = report._cs_credit_message(refunds, not_invoiced)
            report.message_post(body=Markup("<br/>").join(parts))
            messages.extend(parts)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Return credited"),
                "message": "\n".join(messages),
                "type": "success",
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _cs_returned_sale_quantities(self):
        """{sale order line: quantity received back, in the sale line's unit}
        from the done moves of the return picking that update the order."""
        self.ensure_one()
        returned = defaultdict(float)
        for move in self.return_picking_id.sudo().move_ids:
            sale_line = move.sale_line_id
            if move.state != "done" or not move.to_refund or not sale_line:
                continue
            returned[sale_line] += move.product_uom._compute_quantity(
                move.quantity, sale_line.product_uom_id, round=False
            )
        return {line: qty for line, qty in returned.items() if not line.product_uom_id.is_zero(qty)}

    def _cs_correct_ordered_quantities(self, returned):
        """Invoicing policy "ordered quantities": what the customer sent back is
        no longer ordered, so the order invoices Q less (never below what was
        delivered and kept). Odoo posts the change on the order; no new
        delivery is procured for it, and it is not a correction of the order
        (the qualified order rate counts changes of what was ordered, not
        returns, which the KPI table counts apart)."""
        self.ensure_one()
        lines = [
            (line, quantity)
            for line, quantity in returned.items()
            if line.product_id.invoice_policy == "order" and line.state == "sale"
        ]
        if not lines:
            return
        order = self.sale_order_id.sudo()
        locked = order.locked
        if locked:
            order.action_unlock()
        with self._cs_transition():
            for line, quantity in lines:
                ordered = max(line.product_uom_qty - quantity, line.qty_delivered)
                line.with_context(skip_procurement=True).product_uom_qty = ordered
        if locked:
            order.action_lock()

    def _cs_reverse_invoices(self, credit):
        """Reverse the original posted customer invoices of the sale lines for
        the quantities in ``credit`` ({sale line: quantity in its unit}), the
        latest invoice first; one draft credit note per invoice."""
        self.ensure_one()
        allocation = defaultdict(dict)
        for sale_line, quantity in credit.items():
            unit = sale_line.product_uom_id
            invoices = sale_line.invoice_lines.move_id.filtered(
                lambda m: m.move_type == "out_invoice" and m.state == "posted"
            ).sorted(lambda m: (m.invoice_date or m.date, m.id), reverse=True)
            for invoice in invoices:
                if unit.compare(quantity, 0.0) <= 0:
                    break
                left = min(quantity, self._cs_still_invoiced(sale_line, invoice))
                if unit.compare(left, 0.0) > 0:
                    allocation[invoice][sale_line] = left
                    quantity -= left
            if unit.compare(quantity, 0.0) > 0:
                drafts = sale_line.invoice_lines.move_id.filtered(lambda m: m.state == "draft")
                raise UserError(
                    self.env._(
                        "Return report %(report)s: %(quantity)s %(unit)s of %(product)s were invoiced on sale "
                        "order %(order)s but no posted invoice is left to credit them (invoices in draft: "
                        "%(drafts)s). Post or cancel the draft invoices, then create the credit note again.",
                        report=self.name,
                        quantity=unit.round(quantity),
                        unit=unit.name,
                        product=sale_line.product_id.display_name,
                        order=sale_line.order_id.name,
                        drafts=", ".join(drafts.mapped("display_name")) or "-",
                    )
                )
        refunds = self.env["account.move"].sudo()
        for invoice, quantities in allocation.items():
            reversal = (
                self.env["account.move.reversal"]
                .sudo()
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create(
                    {
                        "journal_id": invoice.journal_id.id,
                        "reason": self.env._("return report %(report)s", report=self.name),
                    }
                )
            )
            reversal.refund_moves()
            refund = reversal.new_move_ids
            commands = []
            for line in refund.invoice_line_ids:
                sale_line = next((sl for sl in line.sale_line_ids if quantities.get(sl, 0.0) > 0.0), None)
                if line.display_type != "product" or not sale_line:
                    commands.append(Command.unlink(line.id))
                    continue
                on_line = line.product_uom_id._compute_quantity(line.quantity, sale_line.product_uom_id, round=False)
                quantity = min(quantities[sale_line], on_line)
                quantities[sale_line] -= quantity
                commands.append(Command.update(line.id, self._cs_credit_line_vals(line, sale_line, quantity)))
            refund.write({"invoice_line_ids": commands})
            refunds |= refund
        return refunds

    def _cs_still_invoiced(self, sale_line, invoice):
        """What ``invoice`` invoiced of ``sale_line`` (in its unit), less the
        credit notes (not cancelled) that reverse it."""
        unit = sale_line.product_uom_id
        invoiced = sum(
            line.product_uom_id._compute_quantity(line.quantity, unit, round=False)
            for line in invoice.invoice_line_ids
            if sale_line in line.sale_line_ids
        )
        refunds = invoice.reversal_move_ids.filtered(lambda m: m.state != "cancel")
        credited = sum(
            line.product_uom_id._compute_quantity(line.quantity, unit, round=False)
            for line in refunds.invoice_line_ids
            if sale_line in line.sale_line_ids
        )
        return invoiced - credited

    def _cs_credit_line_vals(self, line, sale_line, quantity):
        """The credited quantity in the invoice line's unit (1 case of 12 on a
        line in cases is 1 case). When it cannot be written in that unit at the
        quantity precision (1 box of a case of 12 is 0.0833 case), the line
        credits it in the product's unit at the matching price (1 box at 360 / 12)."""
        in_line_unit = sale_line.product_uom_id._compute_quantity(quantity, line.product_uom_id, round=False)
        digits = self.env["decimal.precision"].precision_get("Product Unit")
        if float_compare(in_line_unit, float_round(in_line_unit, precision_digits=digits), precision_digits=6) == 0:
            return {"quantity": in_line_unit}
        unit = line.product_id.uom_id
        return {
            "quantity": sale_line.product_uom_id._compute_quantity(quantity, unit, round=False),
            "product_uom_id": unit.id,
            "price_unit": line.product_uom_id._compute_price(line.price_unit, unit),
        }

    def _cs_credit_message(self, refunds, not_invoiced):
        """What the credit did, in a clerk's words, one sentence per credit note
        or not-invoiced product (posted on the report and shown to the user)."""
        self.ensure_one()
        parts = []
        for refund in refunds:
            parts.append(
                self.env._(
                    "Credit note %(credit_note)s (draft, %(amount)s untaxed) reverses invoice %(invoice)s for the "
                    "goods received back; accounting posts it.",
                    credit_note=refund.display_name,
                    amount=refund.currency_id.format(refund.amount_untaxed),
                    invoice=refund.reversed_entry_id.display_name,
                )
            )
        for sale_line, quantity in not_invoiced.items():
            unit = sale_line.product_uom_id
            if unit.is_zero(quantity):
                continue
            parts.append(
                self.env._(
                    "%(quantity)s %(unit)s of %(product)s had not been invoiced yet: no credit note for them, "
                    "sale order %(order)s now has %(to_invoice)s %(unit)s of it left to invoice.",
                    quantity=unit.round(quantity),
                    unit=unit.name,
                    product=sale_line.product_id.display_name,
                    order=sale_line.order_id.name,
                    to_invoice=unit.round(sale_line.qty_to_invoice),
                )
            )
        return parts

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
