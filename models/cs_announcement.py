"""Announcements to the retailers (公告管理 › 公告发布).

Seed 000 (六、公告发布): 「此界面可以发布“客户经理公告”和“网上订货公告”…输入公告标题和发布内容,如果有附件在加上相应附件,
点击“发布”按钮完成该公告的发布」, and 「发送网上订货公告时,不能添加附件…客户经理公告发布可以添加Excel、word和图片之类的
附件」. A published announcement reaches its retailers on the portal (``/my/announcements``) and by mail.

Attachments of the chatter are the department's internal notes: they never reach a retailer (neither the
portal page nor the mail shows them), so they do not count as attachments of an online-order announcement.
"""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

CONTENT_FIELDS = ("name", "body", "type_id", "attachment_ids", "audience", "customer_manager_ids", "company_id")


class CsAnnouncement(models.Model):
    _name = "cs.announcement"
    _description = "Announcement"
    _inherit = ["mail.thread", "cs.state.mixin"]
    _order = "published_date desc, id desc"
    _check_company_auto = True

    _cs_flow_fields = ("state", "published_by_id", "published_date")
    _cs_frozen_fields = {"published": CONTENT_FIELDS, "withdrawn": CONTENT_FIELDS}

    name = fields.Char(string="Title", required=True, tracking=True)
    body = fields.Html(string="Content", sanitize=True)
    type_id = fields.Many2one(
        "cs.announcement.type",
        string="Announcement Type",
        required=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('company_id', '=', company_id)]",
    )
    kind = fields.Selection(related="type_id.kind", store=True)
    market_department = fields.Char(related="type_id.market_department")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("withdrawn", "Withdrawn")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    published_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    published_date = fields.Datetime(string="Published On", readonly=True, tracking=True, index=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "cs_announcement_ir_attachment_rel",
        "announcement_id",
        "attachment_id",
        string="Attachments",
        help="Excel, Word or picture files for the retailers: customer manager announcements only.",
    )
    audience = fields.Selection(
        [("all", "All Retailers of the Company"), ("managers", "Retailers of Chosen Customer Managers")],
        default="all",
        required=True,
        help="Customer manager announcements: to whom. Online order announcements reach the retailers of their "
        "type's market department.",
    )
    customer_manager_ids = fields.Many2many(
        "res.users",
        "cs_announcement_customer_manager_rel",
        "announcement_id",
        "user_id",
        string="Customer Managers",
    )
    recipient_ids = fields.One2many("cs.announcement.recipient", "announcement_id", string="Recipients")
    recipient_count = fields.Integer(compute="_compute_recipient_counts")
    read_count = fields.Integer(string="Read", compute="_compute_recipient_counts")
    mail_pending_count = fields.Integer(string="Mails to Send", compute="_compute_recipient_counts")
    can_publish = fields.Boolean(compute="_compute_can")
    can_withdraw = fields.Boolean(compute="_compute_can")

    @api.depends("recipient_ids")
    def _compute_recipient_counts(self):
        Recipient = self.env["cs.announcement.recipient"]
        domain = [("announcement_id", "in", self.ids)]
        total = dict(Recipient._read_group(domain, ["announcement_id"], ["__count"]))
        read = dict(Recipient._read_group([*domain, ("read_date", "!=", False)], ["announcement_id"], ["__count"]))
        pending = dict(
            Recipient._read_group([*domain, ("mail_state", "=", "pending")], ["announcement_id"], ["__count"])
        )
        for announcement in self:
            announcement.recipient_count = total.get(announcement, 0)
            announcement.read_count = read.get(announcement, 0)
            announcement.mail_pending_count = pending.get(announcement, 0)

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can(self):
        is_user = self.env.user.has_group("customer_service_dept.group_cs_user")
        is_manager = self.env.user.has_group("customer_service_dept.group_cs_manager")
        for announcement in self:
            announcement.can_publish = is_user and announcement.state == "draft"
            announcement.can_withdraw = is_manager and announcement.state == "published"

    @api.constrains("attachment_ids", "type_id")
    def _check_online_order_attachments(self):
        for announcement in self:
            if announcement.type_id.kind == "online_order" and announcement.attachment_ids:
                raise ValidationError(announcement._cs_online_order_attachment_message())

    @api.constrains("audience", "customer_manager_ids", "type_id")
    def _check_customer_managers(self):
        for announcement in self:
            if announcement.type_id.kind != "online_order" and announcement.audience == "managers":
                if not announcement.customer_manager_ids:
                    raise ValidationError(
                        self.env._(
                            "Announcement %(name)s goes to the retailers of chosen customer managers: "
                            "choose them in %(field)s.",
                            name=announcement.display_name,
                            field=announcement._cs_label("customer_manager_ids"),
                        )
                    )

    def _cs_online_order_attachment_message(self):
        return self.env._(
            "Announcement %(name)s is an online order announcement (%(type)s): it cannot carry files in "
            "%(field)s (Excel, Word, pictures), the customers could not open them. Remove the files, or "
            "publish them in a customer manager announcement.",
            name=self.display_name,
            type=self.type_id.display_name,
            field=self._cs_label("attachment_ids"),
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        for announcement in self:
            if announcement.state != "draft":
                raise UserError(
                    self.env._(
                        "Announcement %(name)s is %(state)s: it is kept; withdraw it instead of deleting it.",
                        name=announcement.display_name,
                        state=announcement._cs_state_label(announcement),
                    )
                )

    # ------------------------------------------------------------------ actions
    def action_publish(self):
        """发布: address the announcement to its retailers and queue one mail for each that has an e-mail."""
        if not self.env.user.has_group("customer_service_dept.group_cs_user"):
            raise AccessError(self.env._("Only Customer Service publishes announcements."))
        self.check_access("write")
        self._cs_lock_for_step()
        self._check_state("draft")
        for announcement in self:
            if announcement.type_id.kind == "online_order" and announcement.attachment_ids:
                raise UserError(announcement._cs_online_order_attachment_message())
            # the files must be the publisher's own to give: no one else's document goes out to retailers
            announcement.attachment_ids.check_access("read")
            count = announcement._cs_insert_recipients()
            if not count:
                raise UserError(
                    self.env._(
                        "Announcement %(name)s reaches no retailer: %(audience)s has no active retailer in "
                        "company %(company)s.",
                        name=announcement.display_name,
                        audience=announcement._cs_audience_label(),
                        company=announcement.company_id.name,
                    )
                )
        with self._cs_transition():
            self.write({"state": "published", "published_by_id": self.env.uid, "published_date": fields.Datetime.now()})
        self.env.ref("customer_service_dept.ir_cron_cs_announcement_mail")._trigger()
        return True

    def action_withdraw(self):
        """A Customer Service manager withdraws a published announcement: it leaves the portal, its mails
        not yet sent are not sent."""
        if not self.env.user.has_group("customer_service_dept.group_cs_manager"):
            raise AccessError(self.env._("Only a Customer Service manager withdraws an announcement."))
        self.check_access("write")
        self._cs_lock_for_step()
        self._check_state("published")
        with self._cs_transition():
            self.write({"state": "withdrawn"})
        return True

    def action_view_recipients(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recipients"),
            "res_model": "cs.announcement.recipient",
            "view_mode": "list",
            "domain": [("announcement_id", "=", self.id)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------ audience
    def _cs_audience_domain(self):
        """The retailers this announcement reaches: active retailers (零售客户) of its company (or shared), of
        the type's market department (网上订货公告) or of the chosen customer managers (客户经理公告)."""
        self.ensure_one()
        domain = Domain(
            [
                ("cs_is_retailer", "=", True),
                ("active", "=", True),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        )
        if self.type_id.kind == "online_order":
            return domain & Domain("cs_market_department", "=", (self.type_id.market_department or "").strip())
        if self.audience == "managers":
            return domain & Domain("cs_customer_manager_id", "in", self.customer_manager_ids.ids)
        return domain

    def _cs_audience_label(self):
        if self.type_id.kind == "online_order":
            return self.env._("market department %(name)s", name=self.type_id.market_department)
        if self.audience == "managers":
            return self.env._(
                "the customer managers %(names)s", names=", ".join(self.customer_manager_ids.mapped("name"))
            )
        return self.env._("the company")

    def _cs_insert_recipients(self):
        """Fill the recipient lines in one ``INSERT ... SELECT`` (200,000 retailers in seconds); returns the
        number of lines. Retailers without an e-mail read it on the portal only."""
        self.ensure_one()
        partners = self.env["res.partner"].sudo().with_context(active_test=False)._search(self._cs_audience_domain())
        email = SQL.identifier("res_partner", "email")
        select = partners.select(
            SQL(
                "%s, %s, %s, CASE WHEN COALESCE(TRIM(%s), '') = '' THEN 'no_email' ELSE 'pending' END, "
                "%s, %s, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'",
                self.id,
                SQL.identifier("res_partner", "id"),
                self.company_id.id,
                email,
                self.env.uid,
                self.env.uid,
            )
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "INSERT INTO cs_announcement_recipient (announcement_id, partner_id, company_id, mail_state, "
                "create_uid, write_uid, create_date, write_date) %s ON CONFLICT DO NOTHING",
                select,
            )
        )
        count = self.env.cr.rowcount
        self.env["cs.announcement.recipient"].invalidate_model()
        self.invalidate_recordset(["recipient_ids"])
        return count
