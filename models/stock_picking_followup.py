import secrets
from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import consteq

from .cs_batch import cs_process_in_batches
from .cs_state_mixin import cs_in_transition
from .cs_state_mixin import cs_transition

ARRIVAL_STATES = [
    ("pending", "Waiting for the Customer"),
    ("confirmed", "Received in Good Order"),
    ("problem", "Problem Reported"),
]
CONFIRMED_VIA = [("link", "Customer's link"), ("call", "Phone call"), ("visit", "Visit")]
# written only by the actions below (the notice, the customer's answer, the specialist's record)
FLOW_FIELDS = (
    "cs_notice_date",
    "cs_arrival_state",
    "cs_arrival_date",
    "cs_arrival_via",
    "cs_arrival_by",
    "cs_arrival_note",
    "cs_arrival_recorded_by_id",
    "cs_arrival_chased",
    "cs_receipt_chased",
    "cs_arrival_token",
)
# what the customer was told: nobody rewrites it once the notice went out
NOTICE_FIELDS = ("cs_carrier_name", "cs_tracking_ref", "cs_expected_arrival")


class StockPicking(models.Model):
    """Shipment notice and delivery confirmation (seed 004 订单跟踪: 在订单发货后, 及时将物流单号、物流公司、
    预计到货时间等物流信息告知客户; 订单结案: 客户确认无问题), the signed delivery slip (seed 000 送货签收方法:
    原始订单) and receipts posted within 2 hours (收货后, 系统2小时内更新记录)."""

    _inherit = "stock.picking"

    cs_carrier_name = fields.Char(string="Carrier", tracking=True, help="物流公司: who carries the goods.")
    cs_tracking_ref = fields.Char(string="Tracking Number", tracking=True, help="物流单号")
    cs_expected_arrival = fields.Date(string="Expected Arrival", tracking=True, help="预计到货时间")
    cs_notice_date = fields.Datetime(string="Shipment Notice Sent", readonly=True, copy=False)
    cs_arrival_state = fields.Selection(
        ARRIVAL_STATES, string="Arrival", readonly=True, copy=False, tracking=True, index="btree_not_null"
    )
    cs_arrival_date = fields.Datetime(string="Arrival Confirmed On", readonly=True, copy=False)
    cs_arrival_via = fields.Selection(CONFIRMED_VIA, string="Confirmed By", readonly=True, copy=False)
    cs_arrival_by = fields.Char(string="Confirmed By (Customer)", readonly=True, copy=False)
    cs_arrival_note = fields.Text(string="Customer's Remarks", readonly=True, copy=False)
    cs_arrival_recorded_by_id = fields.Many2one("res.users", string="Recorded By", readonly=True, copy=False)
    cs_arrival_chased = fields.Boolean(readonly=True, copy=False)
    cs_receipt_chased = fields.Boolean(readonly=True, copy=False)
    cs_arrival_token = fields.Char(readonly=True, copy=False, groups="base.group_system")
    cs_signed_slip = fields.Binary(string="Signed Delivery Slip", attachment=True, copy=False)
    cs_signed_slip_name = fields.Char(string="Signed Slip File Name", copy=False)
    cs_slip_signed = fields.Boolean(
        string="Slip Signed",
        compute="_compute_cs_slip_signed",
        store=True,
        help="The customer signed the delivery slip: a scan of the signed slip, or Odoo's signature.",
    )
    # derived, never stored: installing the addon must not walk every delivery ever made
    cs_customer_delivery = fields.Boolean(
        compute="_compute_cs_customer_delivery", search="_search_cs_customer_delivery"
    )
    cs_can_confirm_arrival = fields.Boolean(compute="_compute_cs_can_followup")
    cs_can_send_notice = fields.Boolean(compute="_compute_cs_can_followup")

    @api.depends("cs_signed_slip", "signature")
    def _compute_cs_slip_signed(self):
        for picking in self:
            picking.cs_slip_signed = bool(picking.cs_signed_slip or picking.signature)

    @api.depends("picking_type_code", "location_dest_id.usage")
    def _compute_cs_customer_delivery(self):
        for picking in self:
            picking.cs_customer_delivery = (
                picking.picking_type_code == "outgoing" and picking.location_dest_id.usage == "customer"
            )

    def _search_cs_customer_delivery(self, operator, value):
        values = set(value) if operator in ("in", "not in") else {value}
        if operator not in ("=", "!=", "in", "not in"):
            return NotImplemented
        domain = Domain("picking_type_code", "=", "outgoing") & Domain("location_dest_id.usage", "=", "customer")
        return domain if (operator in ("=", "in")) == (True in values) else ~domain

    @api.depends("state", "cs_customer_delivery", "cs_arrival_state", "cs_notice_date")
    @api.depends_context("uid")
    def _compute_cs_can_followup(self):
        is_cs = self.env.user.has_group("customer_service_dept.group_cs_user")
        for picking in self:
            shipped = picking.cs_customer_delivery and picking.state == "done"
            picking.cs_can_confirm_arrival = is_cs and shipped and picking.cs_arrival_state != "confirmed"
            picking.cs_can_send_notice = is_cs and shipped and not picking.cs_notice_date

    # ------------------------------------------------------------------ guard
    def write(self, vals):
        if not cs_in_transition("stock.picking"):
            flow = set(FLOW_FIELDS) & set(vals)
            if flow:
                raise UserError(
                    self.env._(
                        "Delivery %(picking)s: %(fields)s change only through the shipment notice and the "
                        "arrival confirmation.",
                        picking=", ".join(self.mapped("display_name")),
                        fields=", ".join(self._fields[name].string for name in sorted(flow)),
                    )
                )
            told = set(NOTICE_FIELDS) & set(vals)
            if told and self.filtered("cs_notice_date"):
                raise UserError(
                    self.env._(
                        "Delivery %(picking)s: the customer was already told the carrier, tracking number and "
                        "expected arrival; they cannot be changed any more.",
                        picking=", ".join(self.filtered("cs_notice_date").mapped("display_name")),
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------ shipment notice
    def _cs_carrier(self):
        """Odoo's carrier and tracking reference (delivery app) when set, else the addon's fields."""
        self.ensure_one()
        carrier = self["carrier_id"].name if "carrier_id" in self._fields and self["carrier_id"] else ""
        tracking = self["carrier_tracking_ref"] if "carrier_tracking_ref" in self._fields else ""
        return carrier or self.cs_carrier_name or "", tracking or self.cs_tracking_ref or ""

    def _action_done(self):
        result = super()._action_done()
        self.filtered(
            lambda p: p.cs_customer_delivery and p.state == "done" and not p.cs_notice_date
        )._cs_send_shipment_notice()
        return result

    def _cs_send_shipment_notice(self):
        """Mail the customer the carrier, tracking number and expected arrival with a link to confirm receipt."""
        template = self.env.ref("customer_service_dept.mail_template_cs_shipment_notice", raise_if_not_found=False)
        now = fields.Datetime.now()
        for picking in self:
            with cs_transition("stock.picking"):
                picking.sudo().write(
                    {
                        "cs_notice_date": now,
                        "cs_arrival_state": "pending",
                        "cs_arrival_token": secrets.token_urlsafe(24),
                    }
                )
            customer = picking.partner_id
            if template and customer.email:
                picking.with_context(lang=customer.lang or picking.company_id.partner_id.lang).message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment", partner_ids=customer.ids
                )

    def action_cs_send_notice(self):
        """Send the shipment notice of a delivery done before the notices existed (or without e-mail then)."""
        for picking in self:
            if not picking.cs_can_send_notice:
                raise UserError(
                    self.env._(
                        "Delivery %(picking)s: a shipment notice goes out once, for a delivery to a customer that "
                        "is done, by Customer Service.",
                        picking=picking.display_name,
                    )
                )
        self._cs_send_shipment_notice()

    def _cs_arrival_url(self):
        self.ensure_one()
        token = self.sudo().cs_arrival_token
        return f"{self.get_base_url()}/cs/arrival/{self.id}/{token}" if token else ""

    @api.model
    def _cs_picking_for_token(self, picking_id, token):
        """The delivery whose arrival link this is (public route: the token is the only key)."""
        picking = self.sudo().browse(picking_id).exists()
        if not picking or not token or not picking.cs_arrival_token or not consteq(picking.cs_arrival_token, token):
            return self.browse()
        return picking

    # ------------------------------------------------------------------ arrival confirmation
    def _cs_record_arrival(self, ok, via, by, note, user=None):
        self.ensure_one()
        if self.cs_arrival_state == "confirmed":
            return False
        with cs_transition("stock.picking"):
            self.sudo().write(
                {
                    "cs_arrival_state": "confirmed" if ok else "problem",
                    "cs_arrival_date": fields.Datetime.now(),
                    "cs_arrival_via": via,
                    "cs_arrival_by": by,
                    "cs_arrival_note": note or False,
                    "cs_arrival_recorded_by_id": user.id if user else False,
                }
            )
        if not ok:
            self._cs_open_problem_request(note)
        return True

    def _cs_open_problem_request(self, note):
        """A problem reported on arrival becomes a service request for the customer's specialist."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        request = (
            self.env["cs.service.request"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "partner_id": customer.id,
                    "company_id": self.company_id.id,
                    "request_type": "request",
                    "channel": "portal",
                    "subject": self.env._("Problem on arrival of %(picking)s", picking=self.name),
                    "description": note
                    or self.env._("The customer reported a problem with delivery %(picking)s.", picking=self.name),
                    "user_id": (customer.cs_specialist_id or self.sale_id.user_id).id,
                }
            )
        )
        self.message_post(
            body=self.env._("Problem reported on arrival: service request %(request)s.", request=request.name)
        )
        return request

    def action_cs_confirm_arrival(self):
        """The specialist called the customer: open the dialog recording the answer."""
        self.ensure_one()
        if not self.cs_can_confirm_arrival:
            raise UserError(
                self.env._(
                    "Delivery %(picking)s: only Customer Service records the customer's confirmation, for a "
                    "delivery to a customer that is done and not confirmed yet.",
                    picking=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer's Confirmation"),
            "res_model": "cs.arrival.confirm.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": self.id},
        }

    # ------------------------------------------------------------------ scheduled actions
    @api.model
    def _cron_cs_chase_arrivals(self):
        """Deliveries without the customer's confirmation some days after their expected arrival (setting):
        a callback activity for the customer's specialist, once per delivery."""
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            today = company._cs_today()
            limit = today - timedelta(days=company.cs_arrival_confirm_days)
            domain = (
                Domain("company_id", "=", company.id)
                & Domain("cs_customer_delivery", "=", True)
                & Domain("state", "=", "done")
                & Domain("cs_arrival_state", "=", "pending")
                & Domain("cs_arrival_chased", "=", False)
                & (
                    Domain("cs_expected_arrival", "<", limit)
                    | (
                        Domain("cs_expected_arrival", "=", False)
                        & Domain("date_done", "<", fields.Datetime.to_datetime(limit))
                    )
                )
            )
            cs_process_in_batches(self.with_company(company), domain, lambda pickings: pickings._cs_chase_arrival())

    def _cs_chase_arrival(self):
        activity = self.env.ref("mail.mail_activity_data_call")
        for picking in self:
            customer = picking.partner_id.commercial_partner_id
            user = customer.cs_specialist_id or picking.sale_id.user_id or picking.company_id.cs_complaint_manager_id
            with cs_transition("stock.picking"):
                picking.sudo().write({"cs_arrival_chased": True})
            if user:
                picking.sudo().activity_schedule(
                    activity_type_id=activity.id,
                    user_id=user.id,
                    summary=self.env._(
                        "Call %(customer)s: was %(picking)s received in good order?",
                        customer=customer.display_name,
                        picking=picking.name,
                    ),
                    note=self.env._(
                        "The customer has not confirmed receipt of delivery %(picking)s: call, then record the answer.",
                        picking=picking.name,
                    ),
                )

    @api.model
    def _cron_cs_chase_receipts(self):
        """收货后, 系统2小时内更新记录: receipts still not validated two hours (setting) after their arrival
        (scheduled date) get an activity for the storekeeper responsible, once."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            domain = (
                Domain("company_id", "=", company.id)
                & Domain("picking_type_code", "=", "incoming")
                & Domain("state", "not in", ("done", "cancel", "draft"))
                & Domain("cs_receipt_chased", "=", False)
                & Domain("scheduled_date", "<", now - timedelta(hours=company.cs_receipt_post_hours))
            )
            cs_process_in_batches(self.with_company(company), domain, lambda pickings: pickings._cs_chase_receipt())

    def _cs_chase_receipt(self):
        activity = self.env.ref("mail.mail_activity_data_todo")
        for picking in self:
            user = picking.user_id or picking.company_id.cs_shipment_report_user_ids[:1]
            with cs_transition("stock.picking"):
                picking.sudo().write({"cs_receipt_chased": True})
            if user:
                picking.sudo().activity_schedule(
                    activity_type_id=activity.id,
                    user_id=user.id,
                    summary=self.env._("Post receipt %(picking)s", picking=picking.name),
                    note=self.env._(
                        "Goods arrived more than %(hours)s hours ago: validate the receipt in the system now "
                        "(收货后, 系统2小时内更新记录).",
                        hours=picking.company_id.cs_receipt_post_hours,
                    ),
                )
