from markupsafe import Markup
from markupsafe import escape

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from ..models.res_partner_retailer import CS_PRIVATE_GROUPS
from ..models.rules import normalize_account
from ..models.rules import normalize_id_card

# (agreement field, prefix of the wizard fields)
COMPARED = (("account_holder", "holder"), ("account_number", "account"), ("id_card_number", "id_card"))


class CsSettlementThreeWay(models.TransientModel):
    """Three-way check: electronic file, signed agreement and photocopy side by side.

    Where they differ the photocopy wins; every difference goes to the chatter.
    """

    _name = "cs.settlement.three.way"
    _description = "E-settlement Three-way Verification"

    agreement_id = fields.Many2one("cs.settlement.agreement", required=True)
    holder_file = fields.Char(string="Holder (electronic file)")
    holder_signed = fields.Char(string="Holder (signed agreement)")
    holder_copy = fields.Char(string="Holder (photocopy)", required=True)
    account_file = fields.Char(string="Account (electronic file)", groups=CS_PRIVATE_GROUPS)
    account_signed = fields.Char(string="Account (signed agreement)", groups=CS_PRIVATE_GROUPS)
    account_copy = fields.Char(string="Account (photocopy)", required=True, groups=CS_PRIVATE_GROUPS)
    id_card_file = fields.Char(string="ID card (electronic file)", groups=CS_PRIVATE_GROUPS)
    id_card_signed = fields.Char(string="ID card (signed agreement)", groups=CS_PRIVATE_GROUPS)
    id_card_copy = fields.Char(string="ID card (photocopy)", required=True, groups=CS_PRIVATE_GROUPS)
    # 转账银行编号: on the electronic file and on the signed agreement (no photocopy bears it)
    transfer_file = fields.Char(string="Transfer bank number (electronic file)")
    transfer_signed = fields.Char(string="Transfer bank number (signed agreement)")
    verify = fields.Boolean(string="Verify the agreement afterwards", default=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        agreement = self.env["cs.settlement.agreement"].browse(values.get("agreement_id")).sudo()
        if agreement:
            for fname, prefix in COMPARED:
                if f"{prefix}_file" in fields_list:
                    values.setdefault(f"{prefix}_file", agreement[fname] or False)
            if "transfer_file" in fields_list:
                values.setdefault("transfer_file", agreement.transfer_number or False)
        return values

    def _normalize(self, fname, value):
        agreement = self.agreement_id
        if not value:
            return ""
        if fname == "account_number":
            return normalize_account(agreement.bank_id.cs_bank_code, agreement.account_kind, value)
        if fname == "id_card_number":
            return normalize_id_card(value)
        return " ".join(value.split())

    def action_apply(self):
        self.ensure_one()
        agreement = self.agreement_id
        agreement._cs_check_cs_user()
        if agreement.state not in ("draft", "failed"):
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s is no longer a draft: the three-way check is done before " "verification.",
                    agreement=agreement.display_name,
                )
            )
        values, differences = {}, []
        transfer_file, transfer_signed = ((v or "").strip() for v in (self.transfer_file, self.transfer_signed))
        if transfer_file and transfer_signed and transfer_file != transfer_signed:
            # no photocopy decides: a wrong transfer number debits another retailer's money (划错客户账上的钱)
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s: the transfer bank number (转账银行编号) of the electronic file "
                    "%(file)s differs from the one on the signed agreement %(signed)s. Find out which one is the "
                    "retailer's before going on: a wrong transfer bank number debits another retailer's account.",
                    agreement=agreement.display_name,
                    file=transfer_file,
                    signed=transfer_signed,
                )
            )
        if transfer_signed or transfer_file:
            values["transfer_number"] = transfer_signed or transfer_file
        for fname, prefix in COMPARED:
            file_value, signed_value, copy_value = (
                self._normalize(fname, self[f"{prefix}_{source}"]) for source in ("file", "signed", "copy")
            )
            values[fname] = copy_value
            if len({v for v in (file_value, signed_value, copy_value) if v}) > 1:
                label = agreement._fields[fname].get_description(self.env)["string"]
                differences.append(
                    self.env._(
                        "%(field)s: electronic file %(file)s, signed agreement %(signed)s, "
                        "photocopy %(copy)s (the photocopy is kept)",
                        field=label,
                        file=file_value or "-",
                        signed=signed_value or "-",
                        copy=copy_value,
                    )
                )
        agreement.write(values)
        if differences:
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Three-way check: differences found"),
                Markup("").join(Markup("<li>%s</li>") % escape(d) for d in differences),
            )
        else:
            body = self.env._(
                "Three-way check: the transfer bank number, the ID card and the bank account of the electronic "
                "file, the signed agreement and the photocopy agree."
            )
        agreement.message_post(body=body)
        if self.verify:
            agreement.action_verify()
        return True
