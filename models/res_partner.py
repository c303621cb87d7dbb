from collections import defaultdict

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from .cs_state_mixin import cs_in_transition
from .cs_state_mixin import cs_transition
from .rules import PLAUSIBLE_YEARS
from .rules import clean_code_part
from .rules import format_client_code
from .rules import is_plausible_date

# first-contact dates outside these years are typing mistakes


class ResPartner(models.Model):
    _inherit = "res.partner"

    client_code = fields.Char(
        copy=False,
        index="trigram",
        tracking=True,
        help="客户代码: CITY-YYYYMM-NAME-NNN, NNN counting the clients first "
        "contacted in that year. Assigned once; only a Customer Service "
        "Manager can regenerate it.",
    )
    # No field default: a default would be written into every existing contact
    # when the addon is installed (Odoo fills a new column with it); new
    # contacts get today from default_get below.
    first_contact_date = fields.Date(
        copy=False,
        tracking=True,
        help="Day of the first contact with this client; its year and month go into the client code.",
    )

    _client_code_company_uniq = models.UniqueIndex(
        "(client_code, COALESCE(company_id, 0)) WHERE client_code IS NOT NULL",
        "This client code is already used by another contact of the same company.",
    )

    _rec_names_search = ["complete_name", "email", "ref", "vat", "company_registry", "client_code"]

    def _cs_check_codes_free(self, wanted):
        """Refuse client codes already used in the same company.

        ``wanted`` is a list of ``(partner name, code, company id, own id)``.
        One query for the whole batch, before anything is written, so the
        message can name both partners (the unique index stays the last
        guard against races).
        """
        wanted = [w for w in wanted if w[1]]
        if not wanted:
            return
        self.flush_model(["client_code", "company_id"])
        self.env.cr.execute(
            "SELECT id, client_code, COALESCE(company_id, 0) FROM res_partner WHERE client_code = ANY(%s)",
            [list({w[1] for w in wanted})],
        )
        taken = {
            (code, company): self.browse(pid).sudo().display_name
            for pid, code, company in self.env.cr.fetchall()
            if pid not in {w[3] for w in wanted}
        }
        for name, code, company, _own_id in wanted:
            other_name = taken.setdefault((code, company or 0), name)
            if other_name == name:
                continue
            raise ValidationError(
                self.env._(
                    "Client code %(code)s of %(partner)s is already used by %(other)s: "
                    "each client code must be unique within a company.",
                    code=code,
                    partner=name,
                    other=other_name,
                )
            )

    @api.model
    def default_get(self, fields_list):
        result = super().default_get(fields_list)
        if "first_contact_date" in fields_list and "first_contact_date" not in result:
            result["first_contact_date"] = fields.Date.context_today(self)
        return result

    @api.constrains("first_contact_date")
    def _check_first_contact_date(self):
        today = fields.Date.context_today(self)
        for partner in self:
            contact = partner.first_contact_date
            if contact and not is_plausible_date(contact):
                raise ValidationError(
                    self.env._(
                        "The first-contact date of %(partner)s (%(date)s) is not plausible: "
                        "it must fall in the years %(first)s to %(last)s.",
                        partner=partner.display_name,
                        date=contact,
                        first=PLAUSIBLE_YEARS[0],
                        last=PLAUSIBLE_YEARS[1],
                    )
                )
            if partner.first_contact_date and partner.first_contact_date > today:
                raise ValidationError(
                    self.env._(
                        "The first-contact date of %(partner)s (%(date)s) is in the future: "
                        "enter the day the client was first contacted.",
                        partner=partner.display_name,
                        date=partner.first_contact_date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._cs_check_codes_free([(v.get("name"), v.get("client_code"), v.get("company_id"), None) for v in vals_list])
        self._cs_fill_client_codes(vals_list)
        return super().create(vals_list)

    @api.model
    def _cs_fill_client_codes(self, vals_list):
        """Put automatic client codes into ``vals_list`` before the insert.

        The codes are written with the rows (no second UPDATE, no tracking
        message) and the serials of each company and year are drawn in one
        query, so a create of thousands of partners costs a few queries more.
        """
        default_company = self.env.company
        today = fields.Date.context_today(self)
        wanted = defaultdict(list)
        for vals in vals_list:
            if vals.get("client_code") or not vals.get("is_company"):
                continue
            city, name = clean_code_part(vals.get("city")), clean_code_part(vals.get("name"))
            if not city or not name:
                continue
            company = self.env["res.company"].browse(vals.get("company_id")) or default_company
            if not company.cs_auto_client_code:
                continue
            contact = fields.Date.to_date(vals.get("first_contact_date")) or today
            if contact > today:
                continue  # the date constraint will name the partner
            wanted[company, contact.year].append((vals, city, name, contact))
        for (company, _year), items in wanted.items():
            serials = company.sudo()._cs_draw_client_serials(items[0][3], len(items))
            for (vals, city, name, contact), serial in zip(items, serials, strict=True):
                vals["client_code"] = format_client_code(city, contact, name, serial)
                vals.setdefault("first_contact_date", contact)

    def write(self, vals):
        if "client_code" in vals and not cs_in_transition("res.partner"):
            self._cs_check_code_change(vals["client_code"])
        if vals.get("client_code") or (vals.get("company_id") and any(self.mapped("client_code"))):
            self._cs_check_codes_free(
                [
                    (
                        p.display_name,
                        vals.get("client_code", p.client_code),
                        vals.get("company_id", p.company_id.id),
                        p.id,
                    )
                    for p in self
                ]
            )
        return super().write(vals)

    def _cs_check_code_change(self, new_code):
        """A client code changes only through Assign (no code yet) and a
        manager's Regenerate: refused for everyone else, sudo included."""
        for partner in self:
            if (partner.client_code or False) == (new_code or False):
                continue
            if partner.client_code:
                message = self.env._(
                    "The client code %(code)s of %(partner)s cannot be changed: "
                    "only a Customer Service Manager can regenerate a client code.",
                    code=partner.client_code,
                    partner=partner.display_name,
                )
            else:
                message = self.env._(
                    "The client code of %(partner)s cannot be typed in: use the Assign button, "
                    "which draws the next serial.",
                    partner=partner.display_name,
                )
            raise AccessError(message)

    def _cs_new_client_code(self):
        """Draw and format a new code for each partner of ``self``."""
        today = fields.Date.context_today(self)
        for partner in self:
            missing = []
            if not clean_code_part(partner.city):
                missing.append(self.env._("City"))
            if not clean_code_part(partner.name):
                missing.append(self.env._("Name"))
            if missing:
                raise UserError(
                    self.env._(
                        "%(partner)s has no %(fields)s: a client code is made of the city, "
                        "the first-contact month, the name and a serial. Fill in the field first.",
                        partner=partner.display_name or self.env._("This contact"),
                        fields=", ".join(missing),
                    )
                )
        codes = {}
        for partner in self.sorted(lambda p: (p.first_contact_date or today, p.id)):
            contact = partner.first_contact_date or today
            company = partner.company_id or self.env.company
            serial = company.sudo()._cs_draw_client_serials(contact, 1)[0]
            codes[partner] = (format_client_code(partner.city, contact, partner.name, serial), contact)
        with cs_transition("res.partner"):
            for partner, (code, contact) in codes.items():
                partner.write({"client_code": code, "first_contact_date": contact})

    def action_assign_client_code(self):
        """Button "Assign client code": only for partners without one."""
        if not self.env.user.has_group("customer_service_dept.group_cs_user"):
            raise AccessError(self.env._("Only Customer Service users can assign client codes."))
        coded = self.filtered("client_code")
        if coded:
            raise UserError(
                self.env._(
                    "%(partner)s already has client code %(code)s. A client code never "
                    "changes by itself; a Customer Service Manager can regenerate it.",
                    partner=coded[0].display_name,
                    code=coded[0].client_code,
                )
            )
        self._cs_new_client_code()
        return True

    def action_regenerate_client_code(self):
        """Managers only: draw a new code; the old one stays in the chatter."""
        if not self.env.user.has_group("customer_service_dept.group_cs_manager"):
            raise AccessError(self.env._("Only a Customer Service Manager can regenerate a client code."))
        self._cs_new_client_code()
        return True
