from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError

from ..models.cs_service_request import OPEN_STATES
from ..models.rules import balanced_assignment

MANAGER_GROUP = "customer_service_dept.group_cs_manager"
NOTICE = "customer_service_dept.mail_template_cs_customer_handover"
INTRODUCTION = "customer_service_dept.mail_activity_type_cs_introduction"
# Seed 000 资料处理: 「应在一周内与客户进行沟通」
INTRODUCTION_DAYS = 7


class CsCustomerHandoverWizard(models.TransientModel):
    """Seed 001: 「负责与客户联系的员工调离公司时，应由公司及时通知有关客户，并指派其员工顶替调离员工
    迅速与客户建立联系」.

    The departing employee's customers (as customer manager and/or service specialist) go to the
    successors, balanced by their number of customers; each customer is told by mail in its language,
    and each successor gets an introduction contact due within a week (seed 000). The departing
    employee's open callbacks, complaints and service requests of those customers follow.
    """

    _name = "cs.customer.handover.wizard"
    _description = "Hand Over Customers"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    from_user_id = fields.Many2one(
        "res.users",
        string="Departing Employee",
        required=True,
        domain=[("share", "=", False)],
        context={"active_test": False},
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Successors",
        domain="[('share', '=', False), ('id', '!=', from_user_id), ('company_ids', 'in', company_id)]",
    )
    move_manager = fields.Boolean(string="As Customer Manager", default=True)
    move_specialist = fields.Boolean(string="As Service Specialist", default=True)
    move_open_work = fields.Boolean(
        string="Open Work Too",
        default=True,
        help="Hand over the departing employee's planned callbacks, open complaints and open service requests "
        "of these customers to each customer's successor.",
    )
    partner_count = fields.Integer(string="Customers", compute="_compute_partner_count")

    @api.depends("from_user_id", "move_manager", "move_specialist", "company_id")
    def _compute_partner_count(self):
        for wizard in self:
            wizard.partner_count = len(wizard._cs_customers()) if wizard.from_user_id else 0

    def _cs_customers(self):
        self.ensure_one()
        roles = []
        if self.move_manager:
            roles.append(("cs_customer_manager_id", "=", self.from_user_id.id))
        if self.move_specialist:
            roles.append(("cs_specialist_id", "=", self.from_user_id.id))
        if not roles:
            return self.env["res.partner"]
        domain = ["|", *roles] if len(roles) == 2 else roles
        return (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    *domain,
                    ("company_id", "in", [self.company_id.id, False]),
                ],
                order="id",
            )
        )

    def action_hand_over(self):
        """Move the customers, tell them, plan the successors' introductions; a CS manager's step."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a Customer Service Manager can hand customers over."))
        successors = self.user_ids.sorted("id")
        if not successors:
            raise UserError(self.env._("Choose at least one successor to hand the customers over to."))
        if self.from_user_id in successors:
            raise UserError(
                self.env._(
                    "%(user)s is leaving: choose other successors.",
                    user=self.from_user_id.display_name,
                )
            )
        partners = self._cs_customers()
        if not partners:
            raise UserError(
                self.env._(
                    "%(user)s has no customers to hand over.",
                    user=self.from_user_id.display_name,
                )
            )
        Partner = self.env["res.partner"].sudo()
        counts = {}
        for field in ("cs_customer_manager_id", "cs_specialist_id"):
            for user, count in Partner._read_group(
                [(field, "in", successors.ids), ("id", "not in", partners.ids)], [field], ["__count"]
            ):
                counts[user] = counts.get(user, 0) + count
        loads = {user: counts.get(user, 0) for user in successors}
        departing = self.from_user_id
        by_successor = {}
        for partner, user in zip(partners, balanced_assignment(loads, len(partners)), strict=True):
            by_successor.setdefault(user, Partner.browse())
            by_successor[user] |= partner
        # the manager's right was checked above; sudo() keeps the manager as author of the tracking
        for user, customers in by_successor.items():
            if self.move_manager:
                customers.filtered(lambda p: p.cs_customer_manager_id == departing).write(
                    {"cs_customer_manager_id": user.id}
                )
            if self.move_specialist:
                customers.filtered(lambda p: p.cs_specialist_id == departing).write({"cs_specialist_id": user.id})
            if self.move_open_work:
                self._cs_move_open_work(customers, user)
            self._cs_notify(customers, user)
        return {"type": "ir.actions.act_window_close"}

    def _cs_move_open_work(self, customers, successor):
        """Planned callbacks and visits, complaints not closed and new / in-progress service requests of
        these customers that the departing employee handled go to the customer's successor."""
        family = [("partner_id", "child_of", customers.ids), ("user_id", "=", self.from_user_id.id)]
        env = self.env(su=True)
        env["cs.callback"].search([*family, ("state", "=", "planned")]).write({"user_id": successor.id})
        env["cs.complaint"].search([*family, ("stage_kind", "!=", "closed")]).write({"user_id": successor.id})
        env["cs.service.request"].search([*family, ("state", "in", OPEN_STATES)]).write({"user_id": successor.id})
        env["cs.customer.visit"].search([*family, ("state", "=", "planned")]).write({"user_id": successor.id})

    def _cs_notify(self, customers, successor):
        """Post and mail the notice to each customer in its language; plan the successor's introduction."""
        template = self.env.ref(NOTICE)
        activity_type = self.env.ref(INTRODUCTION)
        due = self.company_id._cs_today() + timedelta(days=INTRODUCTION_DAYS)
        for customer in customers:
            lang = customer.lang or self.company_id.partner_id.lang or self.env.lang
            context = {"successor": successor.sudo()}
            body = template._render_field("body_html", customer.ids, set_lang=lang, add_context=context)[customer.id]
            subject = template._render_field("subject", customer.ids, set_lang=lang)[customer.id]
            customer.message_post(
                body=body,
                subject=subject,
                partner_ids=customer.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            customer.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=due,
                user_id=successor.id,
                summary=self.env._(
                    "Introduce yourself to %(customer)s, taken over from %(user)s",
                    customer=customer.display_name,
                    user=self.from_user_id.display_name,
                ),
            )
