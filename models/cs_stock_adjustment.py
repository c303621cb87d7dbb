from collections import defaultdict

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError

# what the storekeeper counted and why: nobody changes it once it is filed
FROZEN = ("reason", "counting_date", "user_id", "company_id", "line_ids")


class CsStockAdjustment(models.Model):
    """庫存調整表: the storekeeper's counted quantities and the reason the stock
    records were wrong, applied to the stock once a Customer Service Manager
    approves them (rulebook 000 L358 「分析庫存記錄不準的原因,並填寫庫存調整表,
    經客戶服務經理批准後進行系統庫存調整」).

    Filed from Odoo's Physical Inventory (its Apply button and reason dialog);
    a company may let adjustments worth less than a threshold apply at once.
    """

    _name = "cs.stock.adjustment"
    _description = "Inventory Adjustment Request"
    _inherit = ["mail.thread", "cs.state.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # readers of the request (the storekeeper, customer service) may discuss it in its chatter
    _mail_post_access = "read"

    _cs_flow_fields = ("state", "approved_by_id", "approved_date")
    _cs_frozen_fields = {state: FROZEN for state in ("to_approve", "done", "refused")}

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    reason = fields.Char(
        required=True,
        readonly=True,
        tracking=True,
        help="Why the stock records were wrong (库存记录不准的原因): the count found what the system did not know.",
    )
    counting_date = fields.Datetime(readonly=True, default=fields.Datetime.now, help="When the goods were counted.")
    user_id = fields.Many2one(
        "res.users", string="Requested By", readonly=True, default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many("cs.stock.adjustment.line", "adjustment_id", string="Counted Lines", readonly=True)
    value = fields.Monetary(
        string="Value of the Differences",
        compute="_compute_value",
        store=True,
        help="Sum of the differences at cost, gains and losses alike.",
    )
    state = fields.Selection(
        [("to_approve", "To Approve"), ("done", "Applied"), ("refused", "Refused")],
        default="to_approve",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    approved_date = fields.Datetime(readonly=True, copy=False)
    can_approve = fields.Boolean(compute="_compute_can_approve")

    @api.depends("line_ids.value")
    def _compute_value(self):
        for request in self:
            request.value = sum(abs(value) for value in request.line_ids.mapped("value"))

    @api.depends("state", "user_id")
    @api.depends_context("uid")
    def _compute_can_approve(self):
        is_manager = self.env.user.has_group("customer_service_dept.group_cs_manager")
        for request in self:
            request.can_approve = request.state == "to_approve" and is_manager and request.user_id != self.env.user

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("cs.stock.adjustment") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_applied(self):
        for request in self:
            if request.state == "done":
                raise UserError(
                    self.env._(
                        "Inventory adjustment %(request)s was applied to the stock: it is kept.",
                        request=request.name,
                    )
                )

    # ------------------------------------------------------------------ filing
    @api.model
    def _cs_file(self, quants, reason, counting_date=None):
        """File the counted quantities of ``quants`` (one request per company) with their reason.

        What needs no approval (nothing changes, or every difference is below the
        company's threshold when it has one) is applied at once; the rest waits for a
        Customer Service Manager. The quants' counted quantities move to the request.
        """
        if not self.env.user.has_group("stock.group_stock_user"):
            raise AccessError(self.env._("Only warehouse users file inventory adjustments."))
        reason = (reason or "").strip()
        quants = quants.filtered("inventory_quantity_set")
        if not quants:
            raise UserError(self.env._("Set the counted quantity of at least one product before applying."))
        if not reason:
            raise UserError(
                self.env._(
                    "Inventory adjustment of %(product)s in %(location)s: give the Inventory Reason, why the stock "
                    "records were wrong.",
                    product=quants[0].product_id.display_name,
                    location=quants[0].location_id.display_name,
                )
            )
        self._cs_check_not_pending(quants)
        by_company = defaultdict(lambda: self.env["stock.quant"])
        for quant in quants:
            by_company[quant.company_id or self.env.company] |= quant
        vals_list = [
            {
                "reason": reason,
                "counting_date": counting_date or fields.Datetime.now(),
                "company_id": company.id,
                "user_id": self.env.uid,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": quant.product_id.id,
                            "location_id": quant.location_id.id,
                            "lot_id": quant.lot_id.id,
                            "package_id": quant.package_id.id,
                            "owner_id": quant.owner_id.id,
                            "system_qty": quant.quantity,
                            "counted_qty": quant.inventory_quantity,
                        }
                    )
                    for quant in company_quants
                ],
            }
            for company, company_quants in by_company.items()
        ]
        # the storekeeper reads requests; the addon files them for them, after the checks above
        requests = self.sudo().create(vals_list).with_env(self.env)
        quants.action_clear_inventory_quantity()
        at_once = requests.filtered(lambda request: not request._cs_needs_approval())
        at_once._cs_apply()
        for request in requests - at_once:
            request.message_post(body=request._cs_approval_note())
        return requests

    def _cs_check_not_pending(self, quants):
        keys = {(q.product_id.id, q.location_id.id, q.lot_id.id, q.package_id.id, q.owner_id.id) for q in quants}
        pending = (
            self.env["cs.stock.adjustment.line"]
            .sudo()
            .search([("adjustment_id.state", "=", "to_approve"), ("product_id", "in", quants.product_id.ids)])
        )
        for line in pending:
            if line._cs_key() in keys:
                raise UserError(
                    self.env._(
                        "%(product)s in %(location)s is already counted in inventory adjustment %(request)s, "
                        "waiting for approval: approve or refuse it first.",
                        product=line.product_id.display_name,
                        location=line.location_id.display_name,
                        request=line.adjustment_id.name,
                    )
                )

    def _cs_needs_approval(self):
        """Every difference needs the manager, unless the company sets a threshold (at cost)
        and no difference exceeds it."""
        self.ensure_one()
        changed = self.line_ids.filtered(lambda line: not line.product_id.uom_id.is_zero(line.difference))
        threshold = self.company_id.cs_adjustment_approval_value
        if threshold <= 0:
            return bool(changed)
        return any(abs(line.value) > threshold for line in changed)

    def _cs_action_open(self):
        action = self.env["ir.actions.actions"]._for_xml_id("customer_service_dept.cs_stock_adjustment_action")
        if len(self) == 1:
            action.update({"res_id": self.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", self.ids)]
        return action

    def _cs_approval_note(self):
        self.ensure_one()
        threshold = self.company_id.cs_adjustment_approval_value
        if threshold <= 0:
            return self.env._(
                "Every inventory adjustment waits for a Customer Service Manager's approval: the stock changes "
                "once it is approved."
            )
        line = max(self.line_ids, key=lambda line: abs(line.value))
        return self.env._(
            "The adjustment of %(product)s in %(location)s is worth %(value).2f, above the approval threshold of "
            "%(threshold).2f: it waits for a Customer Service Manager's approval.",
            product=line.product_id.display_name,
            location=line.location_id.display_name,
            value=abs(line.value),
            threshold=threshold,
        )

    # ------------------------------------------------------------------ approval
    def _cs_check_approver(self):
        if not self.env.user.has_group("customer_service_dept.group_cs_manager"):
            raise AccessError(
                self.env._("Only a Customer Service Manager approves or refuses an inventory adjustment.")
            )
        for request in self:
            if request.user_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "Inventory adjustment %(request)s was filed by you: another Customer Service Manager "
                        "approves or refuses it.",
                        request=request.name,
                    )
                )

    def action_approve(self):
        """經客戶服務經理批准後進行系統庫存調整: approved, the differences are applied to the stock (once)."""
        self._cs_lock_for_step()
        self._check_state("to_approve")
        self._cs_check_approver()
        self._cs_apply()
        return True

    def action_refuse(self):
        self._cs_lock_for_step()
        self._check_state("to_approve")
        self._cs_check_approver()
        with self._cs_transition():
            self.sudo().write(
                {"state": "refused", "approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()}
            )
        return True

    def _cs_apply(self):
        """Apply each line's difference (counted − system quantity at the count) to the stock
        as it is now, with Odoo's own inventory moves, and keep each counted line for the
        accuracy KPI. Goods moved since the count keep moving: the count's difference is
        what is corrected."""
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        for request in self:
            quants = Quant.browse()
            for line in request.line_ids:
                quant = Quant.create(
                    {
                        "product_id": line.product_id.id,
                        "location_id": line.location_id.id,
                        "lot_id": line.lot_id.id,
                        "package_id": line.package_id.id,
                        "owner_id": line.owner_id.id,
                        "inventory_quantity": 0.0,
                    }
                )
                quant.inventory_quantity = quant.quantity + line.difference
                quants |= quant
            approver = self.env.uid if request.user_id != self.env.user else False
            with request._cs_transition():
                quants.with_context(inventory_name=f"{request.name} {request.reason}")._apply_inventory()
                self.env["cs.stock.count"].sudo().create(
                    [
                        {
                            "date": request.counting_date,
                            "product_id": line.product_id.id,
                            "location_id": line.location_id.id,
                            "system_qty": line.system_qty,
                            "counted_qty": line.counted_qty,
                            "reason": request.reason,
                            "user_id": request.user_id.id,
                            "company_id": request.company_id.id,
                            "adjustment_id": request.id,
                        }
                        for line in request.line_ids
                    ]
                )
                request.sudo().write(
                    {
                        "state": "done",
                        "approved_by_id": approver,
                        "approved_date": fields.Datetime.now() if approver else False,
                    }
                )
