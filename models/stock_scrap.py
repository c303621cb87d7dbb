from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError

HANDLING = [
    ("destroy", "Destroy"),
    ("supplier", "Return to supplier"),
    ("discount", "Sell at a discount"),
    ("repair", "Repair or repack"),
    ("insurance", "Claim insurance"),
]

# what a damage request (殘損申請) asks for: nobody changes it once it is filed
FROZEN_REQUEST = (
    "product_id",
    "product_uom_id",
    "scrap_qty",
    "lot_id",
    "package_id",
    "owner_id",
    "location_id",
    "scrap_location_id",
    "scrap_reason_tag_ids",
    "cs_handling",
    "company_id",
    "picking_id",
)


class StockScrap(models.Model):
    """A scrap of damaged goods is a damage request (殘損申請): the storekeeper
    files it, a Customer Service Manager approves it (客戶服務經理審批殘損申請,
    rulebook 000 L378), then the warehouse validates it and the goods go to the
    damaged location. Its one reason is Odoo's own scrap reason, with the
    proposed handling beside it (殘損原因及處理建議, 000 L360)."""

    _name = "stock.scrap"
    _inherit = ["stock.scrap", "cs.state.mixin"]

    _cs_flow_fields = (
        "state",
        "cs_requested_by_id",
        "cs_requested_date",
        "cs_approved_by_id",
        "cs_approved_date",
    )
    _cs_frozen_fields = {
        "requested": FROZEN_REQUEST,
        "approved": FROZEN_REQUEST,
        "refused": FROZEN_REQUEST,
        "done": (*FROZEN_REQUEST, "date_done"),
    }

    state = fields.Selection(
        selection_add=[
            ("requested", "To Approve"),
            ("approved", "Approved"),
            ("refused", "Refused"),
            ("done",),
        ],
        ondelete={"requested": "set default", "approved": "set default", "refused": "set default"},
        index=True,
    )
    cs_handling = fields.Selection(
        HANDLING,
        string="Proposed Handling",
        compute="_compute_cs_handling",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="What to do with the damaged goods (处理建议): proposed by the scrap reason, changed at will.",
    )
    cs_requested_by_id = fields.Many2one("res.users", string="Requested By", readonly=True, copy=False, tracking=True)
    cs_requested_date = fields.Datetime(string="Requested On", readonly=True, copy=False)
    cs_approved_by_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False, tracking=True)
    cs_approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)
    cs_can_request = fields.Boolean(string="Can Request Approval", compute="_compute_cs_can")
    cs_can_approve = fields.Boolean(string="Can Approve", compute="_compute_cs_can")
    cs_can_validate = fields.Boolean(string="Can Validate", compute="_compute_cs_can")

    @api.depends("scrap_reason_tag_ids")
    def _compute_cs_handling(self):
        for scrap in self:
            proposed = scrap.scrap_reason_tag_ids.sorted()[:1].cs_handling
            scrap.cs_handling = (scrap.state in ("draft", False) and proposed) or scrap.cs_handling

    @api.depends("location_id")
    def _compute_scrap_location_id(self):
        """Scraps of a warehouse's stock go to its damaged stock (残品, an
        internal location counted apart); a scrap of the damaged stock itself
        goes to Odoo's scrap location: written off."""
        result = super()._compute_scrap_location_id()
        for scrap in self:
            damaged = scrap.location_id.warehouse_id.cs_damaged_location_id
            if damaged and scrap.location_id != damaged:
                scrap.scrap_location_id = damaged
        return result

    @api.depends("state", "cs_requested_by_id")
    @api.depends_context("uid")
    def _compute_cs_can(self):
        user = self.env.user
        is_stock = user.has_group("stock.group_stock_user")
        is_manager = user.has_group("customer_service_dept.group_cs_manager")
        for scrap in self:
            scrap.cs_can_request = scrap.state == "draft" and is_stock
            scrap.cs_can_approve = scrap.state == "requested" and is_manager and scrap.cs_requested_by_id != user
            scrap.cs_can_validate = scrap.state == "approved" and is_stock

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        for scrap in self:
            if scrap.state == "approved":
                raise UserError(
                    self.env._(
                        "Damage request %(scrap)s was approved: validate it, it can no longer be deleted.",
                        scrap=scrap.display_name,
                    )
                )

    # ------------------------------------------------------------------ flow
    def _cs_check_stock_user(self):
        if not self.env.user.has_group("stock.group_stock_user"):
            raise AccessError(self.env._("Only warehouse users file and validate damage requests."))

    def action_cs_request(self):
        """The storekeeper asks to scrap the damaged goods: one reason, a proposed handling."""
        self._check_state("draft")
        self._cs_check_stock_user()
        for scrap in self:
            if scrap.product_uom_id.is_zero(scrap.scrap_qty) or scrap.scrap_qty < 0:
                raise UserError(
                    self.env._(
                        "Damage request for %(product)s: enter the damaged quantity (more than zero).",
                        product=scrap.product_id.display_name,
                    )
                )
            if len(scrap.scrap_reason_tag_ids) != 1:
                raise UserError(
                    self.env._(
                        "Damage request for %(product)s: choose one Scrap Reason (the damage analysis counts "
                        "each damage under one reason).",
                        product=scrap.product_id.display_name,
                    )
                )
            if not scrap.cs_handling:
                raise UserError(
                    self.env._(
                        "Damage request for %(product)s: choose the Proposed Handling.",
                        product=scrap.product_id.display_name,
                    )
                )
        now = fields.Datetime.now()
        with self._cs_transition():
            for scrap in self:
                # the reference (Odoo draws it when the scrap is done) is drawn now: the request has one
                scrap.write(
                    {
                        "state": "requested",
                        "cs_requested_by_id": self.env.uid,
                        "cs_requested_date": now,
                        "name": self.env["ir.sequence"].next_by_code("stock.scrap") or scrap.name,
                    }
                )
        return True

    def _cs_check_approver(self):
        if not self.env.user.has_group("customer_service_dept.group_cs_manager"):
            raise AccessError(self.env._("Only a Customer Service Manager approves or refuses damage requests."))
        for scrap in self:
            if scrap.cs_requested_by_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "Damage request %(scrap)s was filed by you: another Customer Service Manager approves "
                        "or refuses it.",
                        scrap=scrap.display_name,
                    )
                )

    def action_cs_approve(self):
        """客戶服務經理審批殘損申請: the manager approves; the warehouse then validates the scrap."""
        self._check_state("requested")
        self._cs_check_approver()
        with self._cs_transition():
            self.write(
                {"state": "approved", "cs_approved_by_id": self.env.uid, "cs_approved_date": fields.Datetime.now()}
            )
        return True

    def action_cs_refuse(self):
        self._check_state("requested")
        self._cs_check_approver()
        with self._cs_transition():
            self.write(
                {"state": "refused", "cs_approved_by_id": self.env.uid, "cs_approved_date": fields.Datetime.now()}
            )
        return True

    def action_validate(self):
        """Odoo's Validate: only an approved damage request is scrapped."""
        self._check_state("approved")
        self._cs_check_stock_user()
        return super().action_validate()

    def do_scrap(self):
        """Every way to the scrap move (Validate, the insufficient-quantity dialog) ends here:
        the request must be approved, and is scrapped once. Its reference, drawn when it was
        requested, stays."""
        self._cs_lock_for_step()
        self._check_state("approved")
        self._cs_check_stock_user()
        names = {scrap.id: scrap.name for scrap in self}
        with self._cs_transition():
            result = super().do_scrap()
            for scrap in self.filtered(lambda s: s.name != names[s.id]):
                scrap.name = names[scrap.id]
        return result

    def _prepare_move_values(self):
        """A scrap into the damaged stock is an internal move, which Odoo does
        not value: it keeps the goods' cost (per product unit) at that time, so
        the damage analysis prices what was damaged."""
        vals = super()._prepare_move_values()
        if self.scrap_location_id.usage == "internal" and not vals.get("price_unit"):
            vals["price_unit"] = self.product_id.with_company(self.company_id).standard_price
        return vals
