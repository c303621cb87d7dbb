from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError

from .rules import normalize_account_number

DIRECTOR_GROUP = "customer_service_dept.group_cs_manager"
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
        if not self.env.su and not self.env.user.has_group(DIRECTOR_GROUP):
            raise AccessError(
                self.env._("Only the market department director (Customer Service Manager) confirms a phone change.")
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
        temporary._cs_notify_order_department()
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
        with self._cs_transition("res.partner"):
            for change in self:
                change.partner_id.cs_visit_phone = change.new_phone
            self.write({"state": "done", "confirmed_by_id": self.env.uid})
        self._cs_notify_order_department()
        return True

    def action_refuse(self):
        self._cs_check_director()
        self._cs_expect_to_confirm()
        with self._cs_transition():
            self.write({"state": "refused", "confirmed_by_id": self.env.uid})
        return True

    def _cs_notify_order_department(self):
        """Retailers on today's visit route: the order department must call the new number today."""
        today = fields.Date.context_today(self)
        users = self.env.ref(ORDER_DEPARTMENT_GROUP).sudo().user_ids or self.env.user
        for change in self.filtered(lambda c: c.partner_id.cs_visit_weekday == str(today.weekday())):
            for user in users:
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
