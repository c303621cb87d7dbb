from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.queue_job.job import identity_exact
from odoo.exceptions import AccessError
from odoo.tools import SQL

CS_USER_GROUP = "customer_service_dept.group_cs_user"


class CsOrderMethodChange(models.Model):
    """A change of a retailer's order method, reviewed every day (订货方式变更日审)."""

    _name = "cs.order.method.change"
    _description = "Order Method Change"
    _inherit = ["cs.state.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # a log written by the retailer's write and by the daily review, never by hand
    _cs_flow_fields = ("partner_id", "company_id", "old_method", "new_method", "date", "reviewed", "returned")

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
    reviewed = fields.Boolean(readonly=True)
    returned = fields.Boolean(
        string="Returned to Customer Manager",
        readonly=True,
        help="Online distribution (网上配货) is returned to the customer manager for a check.",
    )

    def action_review(self):
        """Review: online distribution entries go back to the customer manager with an activity.

        Each change is reviewed once: its row is locked and skipped when a review running at the
        same moment holds it, so two runs never return the same change twice.
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
        online = todo.filtered(lambda c: c.new_method == "online")
        for change in online:
            change.partner_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self),
                summary=self.env._("Check the change to online distribution"),
                note=self.env._(
                    "The order method of %(partner)s was changed to online distribution (网上配货) on "
                    "%(date)s: check it with the retailer.",
                    partner=change.partner_id.display_name,
                    date=change.date,
                ),
                user_id=(change.customer_manager_id or self.env.user).id,
            )
        with self._cs_transition():
            online.write({"returned": True})
            todo.write({"reviewed": True})
        return True

    @api.model
    def _cron_review_today(self):
        """Daily: one queued job per company with changes not reviewed yet (the job does the work)."""
        for (company,) in self._read_group([("reviewed", "=", False)], ["company_id"]):
            self.with_company(company).with_delay(
                description=self.env._("Review the order method changes of %(company)s", company=company.name),
                identity_key=identity_exact,
            )._cs_review_company(company)

    @api.model
    def _cs_review_company(self, company):
        """Review the company's changes up to today, today being the company's day (its Customer Service
        time zone). Idempotent: a change is reviewed once (``action_review``)."""
        today = company._cs_today()
        todo = self.search([("reviewed", "=", False), ("company_id", "=", company.id), ("date", "<=", today)])
        todo.action_review()
        return self.env._("%(count)s order method changes reviewed.", count=len(todo))
