from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError

from .rules import normalize_account_number

DIRECTOR_GROUP = "customer_service_dept.group_cs_market_director"
ORDER_DEPARTMENT_GROUP = "customer_service_dept.group_cs_order_department"


class CsRetailerPhoneChange(models.Model):
    """A change of a retailer's visit-sale phone (访销电话变更), long-term or temporary."""

    _name = "cs.retailer.phone.change"
    _description = "Visit-sale Phone Change"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.state.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _cs_flow_fields = ("state", "confirmed_by_id", "old_phone")
    # what the director confirmed (or refused) stays as it was
    _cs_frozen_fields = {
        state: ("partner_id", "company_id", "new_phone", "kind", "date_from", "date_to", "reason")
        + (("interaction_attachment_ids",) if state != "to_confirm" else ())
        for state in ("to_confirm", "done", "refused")
    }

    partner_id = fields.Many2one(
        "res.partner",
        string="Retailer",
        required=True,
        check_company=True,
        domain=[("cs_is_retailer", "=", True)],
        tracking=True,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    old_phone = fields.Char(readonly=True)
    new_phone = fields.Char(required=True, tracking=True)
    kind = fields.Selection(
        [("long_term", "Long-term"), ("temporary", "Temporary")],
        required=True,
        default="long_term",
        tracking=True,
        help="A long-term change replaces the retailer's visit-sale phone once the market department "
        "director confirms it; a temporary change is only recorded.",
    )
    date_from = fields.Date(string="From", default=fields.Date.context_today)
    date_to = fields.Date(string="Until", help="Last day of a temporary change.")
    reason = fields.Char()
    state = fields.Selection(
        [("draft", "Draft"), ("to_confirm", "To Confirm"), ("done", "Done"), ("refused", "Refused")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    interaction_attachment_ids = fields.Many2many(
        "ir.attachment",
        "cs_retailer_phone_change_interaction_rel",
        "change_id",
        "attachment_id",
        string="Four-party Interaction (四员互动)",
        help="The 四员互动 information of the change: a long-term change needs the one the market department "
        "director provides (市场部主任经理提供客户信息更改的四员互动信息).",
    )
    customer_manager_id = fields.Many2one(related="partner_id.cs_customer_manager_id")
    can_confirm = fields.Boolean(compute="_compute_can_confirm")

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_confirm(self):
        director = self.env.user.has_group(DIRECTOR_GROUP)
        for change in self:
            change.can_confirm = director and change.state == "to_confirm"

    def _compute_display_name(self):
        for change in self:
            change.display_name = f"{change.partner_id.display_name or ''}: {change.new_phone or ''}"

    @api.model_create_multi
    def create(self, vals_list):
        if self._cs_guard_active():
            self._cs_check_guarded_create(vals_list)
        for vals in vals_list:
            if vals.get("new_phone"):
                vals["new_phone"] = normalize_account_number(vals["new_phone"])
            if vals.get("partner_id"):
                vals["old_phone"] = self.env["res.partner"].browse(vals["partner_id"]).cs_visit_phone
        with self._cs_transition():
            return super().create(vals_list)

    def write(self, vals):
        if vals.get("new_phone"):
            vals = dict(vals, new_phone=normalize_account_number(vals["new_phone"]))
        return super().write(vals)

    def _cs_check_director(self):
        """The market department director (市场部主任经理) confirms; the Customer Service manager does not."""
        if not self.env.su and not self.env.user.has_group(DIRECTOR_GROUP):
            raise AccessError(
                self.env._(
                    "Only a market department director (市场部主任经理) confirms a long-term visit-sale phone "
                    "change of %(partner)s.",
                    partner=self[:1].partner_id.display_name,
                )
            )

    def action_submit(self):
        for change in self:
            if change.state != "draft":
                raise UserError(
                    self.env._(
                        "The phone change of %(partner)s was already submitted.",
                        partner=change.partner_id.display_name,
                    )
                )
            if change.kind == "temporary" and not change.date_to:
                raise UserError(
                    self.env._(
                        "The temporary phone change of %(partner)s needs the last day it applies (Until).",
                        partner=change.partner_id.display_name,
                    )
                )
        temporary = self.filtered(lambda c: c.kind == "temporary")
        with self._cs_transition():
            temporary.write({"state": "done"})
            (self - temporary).write({"state": "to_confirm"})
        temporary._cs_notify_order_department(all_routes=True)
        temporary._cs_notify_customer_manager()
        return True

    def _cs_expect_to_confirm(self):
        for change in self:
            if change.state != "to_confirm":
                raise UserError(
                    self.env._(
                        "The phone change of %(partner)s is not waiting for confirmation.",
                        partner=change.partner_id.display_name,
                    )
                )

    def action_confirm(self):
        """The market department director confirms a long-term change: the phone is replaced."""
        self._cs_check_director()
        self._cs_expect_to_confirm()
        for change in self:
            if not change.sudo().interaction_attachment_ids:  # whoever attached it (the clerk, the director)
                raise UserError(
                    self.env._(
                        "The long-term phone change of %(partner)s is confirmed on the four-party interaction "
                        "(四员互动) of the market department director: attach it first.",
                        partner=change.partner_id.display_name,
                    )
                )
        # the director may not edit retailers or changes: the action writes after its own checks
        with self._cs_transition("res.partner"):
            for change in self.sudo():
                change.partner_id.cs_visit_phone = change.new_phone
            self.sudo().write({"state": "done", "confirmed_by_id": self.env.uid})
        self._cs_notify_order_department()
        return True

    def action_refuse(self):
        self._cs_check_director()
        self._cs_expect_to_confirm()
        with self._cs_transition():
            self.sudo().write({"state": "refused", "confirmed_by_id": self.env.uid})
        return True

    def _cs_notify_order_department(self, all_routes=False):
        """Retailers on today's visit route: the order department must call the new number today.

        A temporary change is the order department's own work (主访销电话临时更改由订单部处理): it is told of
        every one (``all_routes``).
        """
        today = fields.Date.context_today(self)
        users = self.env.ref(ORDER_DEPARTMENT_GROUP).sudo().user_ids or self.env.user
        todo = self if all_routes else self.filtered(lambda c: c.partner_id.cs_visit_weekday == str(today.weekday()))
        for change in todo.sudo():
            on_route = change.partner_id.cs_visit_weekday == str(today.weekday())
            for user in users:
                if not on_route:
                    change.activity_schedule(
                        "mail.mail_activity_data_todo",
                        date_deadline=max(change.date_from or today, today),
                        summary=self.env._("Temporary visit-sale phone change"),
                        note=self.env._(
                            "From %(date_from)s until %(date_to)s call %(partner)s on %(phone)s instead of %(old)s.",
                            partner=change.partner_id.display_name,
                            phone=change.new_phone,
                            old=change.old_phone or "-",
                            date_from=change.date_from or today,
                            date_to=change.date_to,
                        ),
                        user_id=user.id,
                    )
                    continue
                change.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=today,
                    summary=self.env._("Visit-sale phone changed for today's route"),
                    note=self.env._(
                        "%(partner)s is on today's visit route: " "call %(phone)s (%(kind)s) instead of %(old)s.",
                        partner=change.partner_id.display_name,
                        phone=change.new_phone,
                        kind=dict(self._fields["kind"]._description_selection(self.env))[change.kind],
                        old=change.old_phone or "-",
                    ),
                    user_id=user.id,
                )

    def _cs_notify_customer_manager(self):
        """Temporary change: tell the customer manager to pass the 四员互动 to the order department
        (并告知对应客户经理以后请将四员互动传递给订单部)."""
        for change in self.sudo().filtered("customer_manager_id"):
            change.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self),
                summary=self.env._("Temporary phone change: pass the 四员互动 to the order department"),
                note=self.env._(
                    "The visit-sale phone of %(partner)s changes temporarily to %(phone)s until %(date_to)s; "
                    "the order department handles it. From now on please pass the four-party interaction "
                    "(四员互动) of a temporary change to the order department (订单部主任 or 坐席班长).",
                    partner=change.partner_id.display_name,
                    phone=change.new_phone,
                    date_to=change.date_to,
                ),
                user_id=change.customer_manager_id.id,
            )
