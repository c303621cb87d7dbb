from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import column_exists
from odoo.tools.sql import create_column

from .cs_state_mixin import cs_in_transition
from .cs_state_mixin import cs_transition

FOLLOWUP_STATES = [
    ("to_deliver", "To Deliver"),
    ("to_confirm", "Waiting for the Customer's Confirmation"),
    ("to_invoice", "To Invoice"),
    ("to_close", "Ready to Close"),
    ("closed", "Closed"),
]
FLOW_FIELDS = ("cs_closed_date", "cs_closed_by_id")


class SaleOrder(models.Model):
    """订单结案 (seed 004): 当订单货物全部交付客户且客户确认无问题后, 客服人员在CRM系统中对订单进行结案处理.
    An order closes when everything is delivered, the customer confirmed each delivery (received in good order,
    the slip signed) and the invoices are posted; the specialist closes it, and a callback follows."""

    _inherit = "sale.order"

    cs_followup_state = fields.Selection(
        FOLLOWUP_STATES,
        string="Follow-up",
        compute="_compute_cs_followup_state",
        store=True,
        index="btree_not_null",
        tracking=True,
    )
    cs_specialist_id = fields.Many2one(
        "res.users",
        string="Service Specialist",
        related="partner_id.commercial_partner_id.cs_specialist_id",
        store=True,
        index="btree_not_null",
    )
    cs_closed_date = fields.Datetime(string="Closed On", readonly=True, copy=False)
    cs_closed_by_id = fields.Many2one("res.users", string="Closed By", readonly=True, copy=False)
    cs_can_close = fields.Boolean(compute="_compute_cs_can_close")

    def _auto_init(self):
        """Create ``cs_specialist_id`` (a stored related field) and ``cs_followup_state`` (a stored compute)
        before Odoo does: Odoo would compute them for every order and rewrite every ``sale_order`` row at
        installation. The column starts empty and one
        UPDATE fills the orders whose customer already has a specialist (none at installation: the
        customer's field is new too)."""
        if not column_exists(self.env.cr, self._table, "cs_specialist_id"):
            create_column(self.env.cr, self._table, "cs_specialist_id", "int4")
            self._cs_init_specialist()
        # The follow-up (订单结案) starts with the addon: orders confirmed before it was installed are not put
        # on the specialists' follow-up lists (a province has millions of them, long delivered and closed by
        # hand); an order still moving gets its step at its next delivery, signature or invoice.
        if not column_exists(self.env.cr, self._table, "cs_followup_state"):
            create_column(self.env.cr, self._table, "cs_followup_state", "varchar")
        return super()._auto_init()

    def _cs_init_specialist(self):
        """Store each order's ``cs_specialist_id`` as the related field would (its customer's commercial
        partner's specialist) in one SQL UPDATE of the orders (of ``self``, else all) where it differs."""
        cr = self.env.cr
        if not column_exists(cr, "res_partner", "cs_specialist_id"):
            return
        cr.execute(
            SQL(
                """
                UPDATE sale_order so
                   SET cs_specialist_id = commercial.cs_specialist_id
                  FROM res_partner partner
                  JOIN res_partner commercial ON commercial.id = partner.commercial_partner_id
                 WHERE partner.id = so.partner_id
                   AND so.cs_specialist_id IS DISTINCT FROM commercial.cs_specialist_id
                   AND %s
                """,
                SQL("so.id IN %s", tuple(self.ids)) if self else SQL("TRUE"),
            )
        )
        self.invalidate_model(["cs_specialist_id"])

    @api.depends(
        "state",
        "delivery_status",
        "invoice_status",
        "order_line.invoice_lines.parent_state",
        "picking_ids.state",
        "picking_ids.cs_arrival_state",
        "picking_ids.cs_slip_signed",
        "cs_closed_date",
    )
    def _compute_cs_followup_state(self):
        for order in self:
            order.cs_followup_state = order._cs_followup_step()

    def _cs_followup_step(self):
        self.ensure_one()
        if self.state != "sale":
            return False
        if self.cs_closed_date:
            return "closed"
        if self.delivery_status not in ("full", False) or not self.picking_ids.filtered(lambda p: p.state == "done"):
            return "to_deliver"
        deliveries = self.picking_ids.filtered(lambda p: p.cs_customer_delivery and p.state == "done")
        if deliveries.filtered(lambda p: p.cs_arrival_state != "confirmed" or not p.cs_slip_signed):
            return "to_confirm"
        invoices = self.order_line.invoice_lines.move_id
        if self.invoice_status != "invoiced" or invoices.filtered(lambda m: m.state == "draft"):
            return "to_invoice"
        return "to_close"

    @api.depends("cs_followup_state")
    @api.depends_context("uid")
    def _compute_cs_can_close(self):
        is_cs = self.env.user.has_group("customer_service_dept.group_cs_user")
        for order in self:
            order.cs_can_close = is_cs and order.cs_followup_state == "to_close"

    def write(self, vals):
        if not cs_in_transition("sale.order") and set(FLOW_FIELDS) & set(vals):
            raise UserError(
                self.env._(
                    "Order %(order)s: it is closed out with the Close Out button only.",
                    order=", ".join(self.mapped("display_name")),
                )
            )
        return super().write(vals)

    def action_cs_close_out(self):
        """结案: everything delivered, confirmed by the customer and invoiced; a satisfaction callback follows
        (seed 004: 对已结案订单进行客户回访)."""
        for order in self:
            if not order.cs_can_close:
                raise UserError(
                    self.env._(
                        "Order %(order)s cannot be closed yet: %(step)s. An order closes once everything is "
                        "delivered, the customer confirmed each delivery with a signed slip, and it is invoiced.",
                        order=order.name,
                        step=dict(order._fields["cs_followup_state"]._description_selection(self.env)).get(
                            order.cs_followup_state, self.env._("not a confirmed order")
                        ),
                    )
                )
        for order in self:
            with cs_transition("sale.order"):
                order.write({"cs_closed_date": fields.Datetime.now(), "cs_closed_by_id": self.env.user.id})
            user = order.cs_specialist_id or self.env.user
            order.activity_schedule(
                "mail.mail_activity_data_call",
                user_id=user.id,
                summary=self.env._("Satisfaction callback for order %(order)s", order=order.name),
                note=self.env._("The order is closed: ask the customer about the products and the service."),
            )
        return True
