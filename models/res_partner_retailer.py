from collections import defaultdict

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists
from odoo.tools.sql import create_column

from .cs_state_mixin import cs_in_transition
from .cs_state_mixin import cs_transition
from .rules import is_valid_id_card
from .rules import normalize_account_number
from .rules import normalize_id_card

CS_PRIVATE_GROUPS = "customer_service_dept.group_cs_user,customer_service_dept.group_cs_settlement_accountant"

# Transition token of the order-method review setting a returned change back (not a new change).
ORDER_METHOD_RETURN = "cs.order.method.change/return"

# The marketing profile a new retailer needs before it is maintained (零售客户待维护).
RETAILER_PROFILE_FIELDS = (
    "cs_retailer_code",
    "cs_visit_phone",
    "cs_market_department",
    "cs_market_type",
    "cs_customer_type",
    "cs_business_format",
    "cs_delivery_route",
    "cs_order_method",
    "cs_customer_manager_id",
)


class ResPartner(models.Model):
    """Retailer marketing profile (零售客户营销信息)."""

    _inherit = "res.partner"

    cs_is_retailer = fields.Boolean(string="Retailer", tracking=True, index="btree_not_null")
    cs_retailer_code = fields.Char(
        string="Retailer Code", copy=False, index="btree_not_null", tracking=True, help="零售客户编码"
    )
    cs_registered_name = fields.Char(
        string="Registered Name",
        tracking=True,
        help="Name on the tobacco retail licence; the e-settlement account holder must bear it. "
        "Empty: the contact's name.",
    )
    cs_visit_phone = fields.Char(string="Visit-sale Phone", tracking=True, help="访销电话")
    cs_market_department = fields.Char(string="Market Department", tracking=True)
    cs_market_type = fields.Selection(
        [
            ("fixed1", "Fixed point 1 (demonstration store)"),
            ("fixed2", "Fixed point 2 (pure city customer)"),
            ("city", "City"),
            ("town", "Town"),
            ("rural", "Rural"),
        ],
        string="Market Type",
        tracking=True,
        help="定点1 = demonstration store, 定点2 = pure city customer.",
    )
    cs_customer_type = fields.Selection(
        [("individual", "Individual business"), ("enterprise", "Enterprise"), ("chain", "Chain store")],
        string="Customer Type",
        tracking=True,
    )
    cs_business_format = fields.Selection(
        [
            ("convenience", "Convenience store"),
            ("supermarket", "Supermarket"),
            ("grocery", "Grocery"),
            ("tobacco_liquor", "Tobacco and liquor shop"),
            ("catering", "Catering and entertainment"),
            ("other", "Other"),
        ],
        string="Business Format",
        tracking=True,
    )
    cs_delivery_route = fields.Char(string="Delivery Route", tracking=True)
    cs_visit_weekday = fields.Selection(
        [
            ("0", "Monday"),
            ("1", "Tuesday"),
            ("2", "Wednesday"),
            ("3", "Thursday"),
            ("4", "Friday"),
            ("5", "Saturday"),
            ("6", "Sunday"),
        ],
        string="Visit Day",
        tracking=True,
        help="Day of the week the retailer is on the visit-sale route.",
    )
    cs_order_method = fields.Selection(
        [
            ("phone", "Telephone order"),
            ("visit", "Visit order"),
            ("online", "Online distribution"),
        ],
        string="Order Method",
        tracking=True,
        help="网上配货 = online distribution.",
    )
    cs_customer_manager_id = fields.Many2one("res.users", string="Customer Manager", tracking=True)
    cs_id_card_number = fields.Char(string="ID Card Number", tracking=True, copy=False, groups=CS_PRIVATE_GROUPS)
    cs_profile_complete = fields.Boolean(
        string="Marketing Profile Complete", compute="_compute_cs_profile_complete", store=True
    )
    cs_settlement_agreement_ids = fields.One2many(
        "cs.settlement.agreement", "partner_id", string="E-settlement Agreements"
    )
    cs_phone_warning = fields.Char(string="Phone Warning", compute="_compute_cs_phone_warning")

    _cs_retailer_code_company_uniq = models.UniqueIndex(
        "(cs_retailer_code, COALESCE(company_id, 0)) WHERE cs_retailer_code IS NOT NULL",
        "This retailer code is already used by another retailer of the same company.",
    )

    @api.depends(*RETAILER_PROFILE_FIELDS)
    def _compute_cs_profile_complete(self):
        for partner in self:
            partner.cs_profile_complete = all(partner[f] for f in RETAILER_PROFILE_FIELDS)

    @api.depends("cs_visit_phone")
    def _compute_cs_phone_warning(self):
        others = self._cs_same_phone_partners()
        for partner in self:
            names = others.get(partner.id)
            partner.cs_phone_warning = (
                self.env._(
                    "The visit-sale phone %(phone)s is also the phone of %(others)s.",
                    phone=partner.cs_visit_phone,
                    others=", ".join(names),
                )
                if names
                else False
            )

    def _cs_same_phone_partners(self):
        """{partner id: [names of other retailers with the same visit-sale phone]}, one query."""
        phones = {normalize_account_number(p.cs_visit_phone) for p in self if p.cs_visit_phone}
        if not phones:
            return {}
        rows = (
            self.env["res.partner"]
            .sudo()
            .search_read(
                [("cs_visit_phone", "in", list(phones)), ("cs_is_retailer", "=", True)],
                ["cs_visit_phone", "display_name"],
            )
        )
        by_phone = defaultdict(list)
        for row in rows:
            by_phone[row["cs_visit_phone"]].append((row["id"], row["display_name"]))
        result = {}
        for partner in self:
            if partner.cs_visit_phone:
                names = [name for pid, name in by_phone.get(partner.cs_visit_phone, []) if pid != partner._origin.id]
                if names:
                    result[partner.id] = names
        return result

    @api.constrains("cs_id_card_number")
    def _check_cs_id_card_number(self):
        for partner in self.sudo():
            if partner.cs_id_card_number and not is_valid_id_card(partner.cs_id_card_number):
                raise ValidationError(
                    self.env._(
                        "The ID card number of %(partner)s (%(number)s) is not valid: it must have "
                        "18 characters and end with the right check digit (0-9 or X). Check it "
                        "against the ID card photocopy.",
                        partner=partner.display_name,
                        number=partner.cs_id_card_number,
                    )
                )

    @api.constrains("cs_is_retailer")
    def _check_cs_retailer_with_agreements(self):
        Agreement = self.env["cs.settlement.agreement"].sudo()
        for partner in self.filtered(lambda p: not p.cs_is_retailer):
            if Agreement.search_count([("partner_id", "=", partner.id), ("state", "not in", ("cancel", "superseded"))]):
                raise ValidationError(
                    self.env._(
                        "%(partner)s has e-settlement agreements: it stays marked as a retailer while any of "
                        "them is not cancelled.",
                        partner=partner.display_name,
                    )
                )

    def _auto_init(self):
        """Create the stored ``cs_profile_complete`` column before Odoo does, so that installing the addon
        does not compute it for every contact and rewrite every ``res_partner`` row (200,000 rows at a
        provincial tobacco company; scripts/bench_install.py). The column starts False (a PostgreSQL fast
        default, no row is written); the contacts whose profile is already complete get True from one
        UPDATE restricted to them."""
        if not column_exists(self.env.cr, self._table, "cs_profile_complete"):
            create_column(self.env.cr, self._table, "cs_profile_complete", "boolean")
            self._cs_init_profile_complete()
        return super()._auto_init()

    def _cs_init_profile_complete(self):
        """Store ``cs_profile_complete`` = True, as ``_compute_cs_profile_complete`` would, in one SQL
        UPDATE of the contacts (of ``self``, else all) whose profile fields are all set. At installation
        the profile columns do not exist yet: no profile is complete, nothing is written."""
        cr = self.env.cr
        fields_ = [self._fields[name] for name in RETAILER_PROFILE_FIELDS]
        if not all(column_exists(cr, self._table, field.name) for field in fields_):
            return
        conditions = [SQL("%s IS NOT NULL", SQL.identifier(field.name)) for field in fields_]
        conditions += [
            SQL("%s <> ''", SQL.identifier(field.name))
            for field in fields_
            if field.type in ("char", "text", "selection")
        ]
        if self:
            conditions.append(SQL("id IN %s", tuple(self.ids)))
        cr.execute(
            SQL(
                "UPDATE %s SET cs_profile_complete = TRUE WHERE cs_profile_complete IS NOT TRUE AND %s",
                SQL.identifier(self._table),
                SQL(" AND ").join(conditions),
            )
        )
        self.invalidate_model(["cs_profile_complete"])

    @api.model
    def _cs_clean_retailer_vals(self, vals):
        if vals.get("cs_id_card_number"):
            vals["cs_id_card_number"] = normalize_id_card(vals["cs_id_card_number"])
        if vals.get("cs_visit_phone"):
            vals["cs_visit_phone"] = normalize_account_number(vals["cs_visit_phone"])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._cs_clean_retailer_vals(vals)
        return super().create(vals_list)

    def _cs_check_visit_phone_write(self, vals):
        """A retailer's visit-sale phone, once set, changes only through a confirmed phone change."""
        if "cs_visit_phone" not in vals or cs_in_transition("res.partner"):
            return
        new = normalize_account_number(vals["cs_visit_phone"] or "")
        changed = self.filtered(lambda p: p.cs_visit_phone and p.cs_visit_phone != new)
        if changed:
            raise UserError(
                self.env._(
                    "The visit-sale phone of %(partner)s (%(phone)s) changes only through a phone change "
                    "confirmed by the market department director: use the Change button beside the visit-sale phone.",
                    partner=changed[0].display_name,
                    phone=changed[0].cs_visit_phone,
                )
            )

    def write(self, vals):
        self._cs_check_visit_phone_write(vals)
        changes = []
        # a returned change (cs.order.method.change.action_review) sets the former method back: not a new change
        if "cs_order_method" in vals and not cs_in_transition(ORDER_METHOD_RETURN):
            changes = [
                {
                    "partner_id": partner.id,
                    "company_id": (partner.company_id or self.env.company).id,
                    "old_method": partner.cs_order_method,
                    "new_method": vals["cs_order_method"],
                }
                for partner in self
                if partner.cs_is_retailer and partner.cs_order_method != vals["cs_order_method"]
            ]
        result = super().write(self._cs_clean_retailer_vals(dict(vals)))
        if changes:
            with cs_transition("cs.order.method.change"):
                self.env["cs.order.method.change"].sudo().create(changes)
        return result

    def action_cs_change_phone(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cs.retailer.phone.change",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_partner_id": self.id,
                "default_company_id": (self.company_id or self.env.company).id,
            },
        }
