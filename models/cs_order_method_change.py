from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .cs_state_mixin import cs_transition
from .res_partner_retailer import ORDER_METHOD_RETURN

CS_USER_GROUP = "customer_service_dept.group_cs_user"
CS_MANAGER_GROUP = "customer_service_dept.group_cs_manager"


class CsOrderMethodChange(models.Model):
    """A change of a retailer's order method, reviewed by a person every day (零售客户订货方式审核).

    每天下午下班之前你需要…对今天的客户订货方式进行审核。注：订货方式中如果出现"网上配货"请退回该条记录由客户
    经理重新提报。A change to online distribution is returned: the retailer keeps its former order
    method and the customer manager resubmits; the customer manager's own resubmission is accepted.
    """

    _name = "cs.order.method.change"
    _description = "Order Method Change"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.state.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # a log written by the retailer's write and by the review, never by hand
    _cs_flow_fields = (
        "partner_id",
        "company_id",
        "old_method",
        "new_method",
        "date",
        "reviewed",
        "returned",
        "reviewed_by_id",
    )

    partner_id = fields.Many2one("res.partner", string="Retailer", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    old_method = fields.Selection(
        lambda self: self.env["res.partner"]._fields["cs_order_method"].selection, readonly=True
    )
    new_method = fields.Selection(
        lambda self: self.env["res.partner"]._fields["cs_order_method"].selection, readonly=True
    )
    customer_manager_id = fields.Many2one(related="partner_id.cs_customer_manager_id")
    date = fields.Date(default=fields.Date.context_today, readonly=True, index=True)
    reviewed = fields.Boolean(readonly=True, index=True)
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    returned = fields.Boolean(
        string="Returned to Customer Manager",
        readonly=True,
        help="Online distribution (网上配货) is returned to the customer manager, who resubmits it: the "
        "retailer keeps its former order method meanwhile.",
    )
    can_review = fields.Boolean(compute="_compute_can_review")

    @api.depends("reviewed")
    @api.depends_context("uid")
    def _compute_can_review(self):
        cs_user = self.env.user.has_group(CS_USER_GROUP)
        for change in self:
            change.can_review = cs_user and not change.reviewed

    @api.model_create_multi
    def create(self, vals_list):
        changes = super().create(vals_list)
        changes._cs_schedule_review()
        return changes

    def _cs_is_resubmission(self):
        """Online distribution submitted by the retailer's own customer manager (客户经理重新提报)."""
        self.ensure_one()
        return bool(self.customer_manager_id) and self.create_uid == self.customer_manager_id

    def _cs_must_return(self):
        self.ensure_one()
        return self.new_method == "online" and not self._cs_is_resubmission()

    def _cs_reviewer(self):
        """Who reviews: the Customer Service clerk who made the change, else the company's first
        Customer Service manager."""
        self.ensure_one()
        if self.create_uid.has_group(CS_USER_GROUP) and not self.create_uid._is_superuser():
            return self.create_uid
        managers = (
            self.env.ref(CS_MANAGER_GROUP)
            .sudo()
            .user_ids.filtered(lambda u: self.company_id in u.company_ids and not u._is_superuser() and not u.share)
        )
        return managers.sorted("id")[:1] or self.env.user

    def _cs_schedule_review(self):
        """Each change gets a person's review before the end of its day (每天下午下班之前)."""
        activity_type = self.env.ref("customer_service_dept.mail_activity_type_cs_order_method_review")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": change.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._("Review the order method change before the end of the day"),
                    "note": self.env._(
                        "每天下午下班之前 (before the end of the afternoon) review today's order method changes; "
                        "网上配货 (online distribution) is returned to the customer manager to resubmit."
                    ),
                    "date_deadline": change.date,
                    "user_id": change._cs_reviewer().id,
                }
                for change in self
            ]
        )

    @api.model
    def _cs_to_review_domain(self, company=None):
        """What is left to review up to today (the company's day)."""
        company = company or self.env.company
        return [("reviewed", "=", False), ("company_id", "=", company.id), ("date", "<=", company._cs_today())]

    def action_review(self):
        """A person reviews the changes: online distribution goes back to the customer manager.

        Returned: the retailer's order method is set back to the former one (the change is not applied)
        and the customer manager gets an activity to resubmit it. Each change is reviewed once: its row is
        locked and skipped when a review running at the same moment holds it.
        """
        if not self.env.su and not self.env.user.has_group(CS_USER_GROUP):
            raise AccessError(self.env._("Only Customer Service reviews the order method changes."))
        todo = self.filtered(lambda c: not c.reviewed)
        if todo:
            self.flush_recordset(["reviewed"])
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM cs_order_method_change WHERE id = ANY(%s) AND reviewed IS NOT TRUE "
                    "FOR UPDATE SKIP LOCKED",
                    todo.ids,
                )
            )
            todo = self.browse(row[0] for row in self.env.cr.fetchall())
            todo.invalidate_recordset(["reviewed"])
            todo = todo.filtered(lambda c: not c.reviewed)
        returned = todo.filtered(lambda c: c._cs_must_return())
        for change in returned:
            partner = change.partner_id.sudo()
            if partner.cs_order_method == change.new_method:
                # not applied: the retailer keeps its former order method, without logging a new change
                with cs_transition(ORDER_METHOD_RETURN):
                    partner.write({"cs_order_method": change.old_method})
            partner.activity_schedule(
                "customer_service_dept.mail_activity_type_cs_order_method_resubmit",
                date_deadline=fields.Date.context_today(self),
                summary=self.env._("Resubmit the change to online distribution"),
                note=self.env._(
                    "The change of %(partner)s to online distribution (网上配货) of %(date)s was returned and "
                    "not applied (订货方式中如果出现网上配货请退回该条记录由客户经理重新提报): the retailer keeps "
                    "%(old)s. Check it with the retailer and resubmit it yourself.",
                    partner=change.partner_id.display_name,
                    date=change.date,
                    old=dict(self._fields["old_method"]._description_selection(self.env)).get(change.old_method, "-"),
                ),
                user_id=(change.customer_manager_id or self.env.user).id,
            )
        with self._cs_transition():
            returned.write({"returned": True})
            todo.write({"reviewed": True, "reviewed_by_id": self.env.uid})
        todo.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("customer_service_dept.mail_activity_type_cs_order_method_review")
        ).sudo().action_feedback(feedback=self.env._("Reviewed by %(user)s.", user=self.env.user.name))
        return True

    def action_open_to_review(self):
        """The list of what is left to review today."""
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.cs_order_method_change_action")
        action["domain"] = self._cs_to_review_domain()
        action["context"] = {}
        return action
