from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from ..models.res_partner_retailer import CS_PRIVATE_GROUPS


class CsSettlementChange(models.TransientModel):
    """Bank account or passbook change of a retailer: a new agreement supersedes the old one."""

    _name = "cs.settlement.change"
    _description = "E-settlement Bank Account Change"

    agreement_id = fields.Many2one("cs.settlement.agreement", string="Current Agreement", required=True)
    partner_id = fields.Many2one(related="agreement_id.partner_id")
    bank_id = fields.Many2one("res.bank", string="New Bank", required=True, domain=[("cs_esettlement", "=", True)])
    account_holder = fields.Char(required=True)
    account_number = fields.Char(string="New Account Number", required=True, groups=CS_PRIVATE_GROUPS)
    account_kind = fields.Selection([("card", "Card"), ("passbook", "Passbook")], required=True, default="card")
    transfer_number = fields.Char(string="Transfer Bank Number")
    id_card_number = fields.Char(string="ID Card Number", groups=CS_PRIVATE_GROUPS)
    passbook_anywhere = fields.Boolean(string="Deposit and Withdraw Anywhere")
    card_copy = fields.Binary(string="New Card Photocopy", required=True)
    card_copy_name = fields.Char()
    id_copy = fields.Binary(string="ID Card Photocopy", required=True)
    id_copy_name = fields.Char()
    reason = fields.Char()

    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        old = self.env["cs.settlement.agreement"].browse(values.get("agreement_id")).sudo()
        if old:
            values.setdefault("account_holder", old.account_holder)
            values.setdefault("transfer_number", old.transfer_number)
            values.setdefault("bank_id", old.bank_id.id)
            if "id_card_number" in fields_list:
                values.setdefault("id_card_number", old.id_card_number)
        return values

    def action_confirm(self):
        self.ensure_one()
        old = self.agreement_id
        old._cs_check_cs_user()
        if old.state not in ("verified", "signed", "failed"):
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s cannot be replaced now: a draft is simply corrected, an "
                    "agreement at the bank waits for the bank's result, a cancelled or superseded one "
                    "is history.",
                    agreement=old.display_name,
                )
            )
        if not self.card_copy or not self.id_copy:
            raise UserError(
                self.env._("A bank account change needs the photocopies of the new card and of the ID card.")
            )
        Attachment = self.env["ir.attachment"]
        old_vals = {"state": "superseded"}
        if old.batch_id.state == "draft":
            old_vals["batch_id"] = False  # a draft batch must not carry a superseded agreement
        with old._cs_transition():
            old.write(old_vals)
            old.flush_recordset()  # the transfer number is free once the old agreement is history
            new = old.create(
                {
                    "partner_id": old.partner_id.id,
                    "company_id": old.company_id.id,
                    "bank_id": self.bank_id.id,
                    "account_holder": self.account_holder,
                    "account_number": self.account_number,
                    "account_kind": self.account_kind,
                    "transfer_number": self.transfer_number,
                    "id_card_number": self.id_card_number,
                    "passbook_anywhere": self.passbook_anywhere,
                    "previous_id": old.id,
                    "page1_attachment_ids": [(6, 0, old.page1_attachment_ids.ids)],
                }
            )
        copies = Attachment.create(
            [
                {
                    "name": self.card_copy_name or self.env._("New card photocopy"),
                    "datas": self.card_copy,
                    "res_model": new._name,
                    "res_id": new.id,
                },
                {
                    "name": self.id_copy_name or self.env._("ID card photocopy"),
                    "datas": self.id_copy,
                    "res_model": new._name,
                    "res_id": new.id,
                },
            ]
        )
        new.photocopy_attachment_ids = [(6, 0, copies.ids)]
        with old._cs_transition():
            old.write({"superseded_by_id": new.id})
        old.message_post(
            body=self.env._(
                "Superseded by a new agreement after a bank account change (%(reason)s).",
                reason=self.reason or "-",
            )
        )
        new.message_post(body=self.env._("Replaces the agreement %(old)s.", old=old.display_name))
        return {
            "type": "ir.actions.act_window",
            "res_model": new._name,
            "res_id": new.id,
            "view_mode": "form",
            "target": "current",
        }
