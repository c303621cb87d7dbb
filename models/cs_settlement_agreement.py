from collections import defaultdict
from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools import split_every

from .res_partner_retailer import CS_PRIVATE_GROUPS
from .res_partner_retailer import RETAILER_PROFILE_FIELDS
from .rules import account_lengths
from .rules import account_problems
from .rules import is_valid_id_card
from .rules import normalize_account
from .rules import normalize_id_card

ACCOUNTANT_GROUP = "customer_service_dept.group_cs_settlement_accountant"
CS_USER_GROUP = "customer_service_dept.group_cs_user"
CS_MANAGER_GROUP = "customer_service_dept.group_cs_manager"
CHECK_DIGIT_FIELDS = ("check_digit_accepted", "check_digit_reason")

# What the agreement says about the money: frozen once it left for the bank.
AGREEMENT_CONTENT_FIELDS = (
    "partner_id",
    "bank_id",
    "account_holder",
    "account_number",
    "account_kind",
    "transfer_number",
    "id_card_number",
    "passbook_anywhere",
    "company_id",
    "check_digit_accepted",
    "check_digit_reason",
)
EDITABLE_STATES = ("draft", "failed")
INACTIVE_STATES = ("cancel", "superseded")
# What the bank answered: written by the accountant while the agreement is at the bank.
FAILURE_FIELDS = ("failure_reason", "failure_note")
REQUERY_CHUNK = 1000  # failed agreements given their re-query activities together
# Paper trail of the three copies and the attachments: kept as they were once the agreement is history.
PAPER_FIELDS = (
    "cs_copy_date",
    "bank_copy_date",
    "office_copy_date",
    "stamp_date",
    "page1_attachment_ids",
    "photocopy_attachment_ids",
    "filing_attachment_ids",
)
FAILURE_REASONS = [
    ("mismatch", "Retailer code and bank account do not match"),
    ("not_unit", "Retailer does not belong to this unit"),
    ("other", "Other error"),
]


def next_action_for(env, reason):
    """What to do about a failed signing, in the words of the rulebook (seed 000, 电子结算 注意事项 (d)).

    客户代码与银行账号不对应: 核实是你的银行账号输入错误还是系统中的身份证号码错误，如果两者都没有错误，请核实
    是否是银行尚未签约。客户不属于本单位 / 其他错误: 重新核实系统中的银行账号和身份证号码是否与复印件一致 …
    第二天访销的时候再查询 … 找客户核实身份证及银行账号 … 将信息继续提供给银行签约，并让银行核实原因并进行反馈。
    """
    steps = {
        "mismatch": env._(
            "Check the account number and the ID card number against the photocopies: is the bank account "
            "number you entered wrong, or the ID card number in the system? Have the wrong one corrected. If "
            "neither is wrong, check whether the bank has not signed yet (银行尚未签约)."
        ),
    }
    recheck = env._(
        "1. Check the bank account number and the ID card number in the system against the photocopies; if "
        "they differ, have them corrected and query the signing again at the next day's visit sale "
        "(第二天访销的时候再查询). 2. If they agree, check the ID card and the bank account with the retailer: "
        "was the account opened with the retailer's own ID card, the one on the photocopy? 3. If so, give the "
        "agreement to the bank again. Ask the bank to find the cause and answer. If not, ask the retailer for "
        "the card opened with the ID card in the system and sign again."
    )
    steps["not_unit"] = env._(
        "The bank does not find that the retailer belongs to this unit (客户不属于本单位). %(steps)s", steps=recheck
    )
    steps["other"] = env._("The bank answered Other error (其他错误). %(steps)s", steps=recheck)
    return steps.get(reason, "")


class CsSettlementAgreement(models.Model):
    """E-settlement (direct debit) agreement of a retailer with a bank (电子结算协议)."""

    _name = "cs.settlement.agreement"
    _description = "E-settlement Agreement"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.state.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # written only by the buttons (and the bank result import)
    _cs_flow_fields = (
        "state",
        "batch_id",
        "sent_date",
        "signed_date",
        "verified_by_id",
        "verified_date",
        "previous_id",
        "superseded_by_id",
    )
    # content frozen once the agreement left for the bank; a failed one is corrected and verified again
    _cs_frozen_fields = {
        "draft": FAILURE_FIELDS,
        "verified": AGREEMENT_CONTENT_FIELDS + FAILURE_FIELDS,
        "sent": AGREEMENT_CONTENT_FIELDS,
        "signed": AGREEMENT_CONTENT_FIELDS + FAILURE_FIELDS,
        "failed": FAILURE_FIELDS,
        "cancel": AGREEMENT_CONTENT_FIELDS + FAILURE_FIELDS + PAPER_FIELDS,
        "superseded": AGREEMENT_CONTENT_FIELDS + FAILURE_FIELDS + PAPER_FIELDS,
    }

    partner_id = fields.Many2one(
        "res.partner",
        string="Retailer",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
        domain=[("cs_is_retailer", "=", True)],
    )
    retailer_code = fields.Char(related="partner_id.cs_retailer_code")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    bank_id = fields.Many2one(
        "res.bank",
        required=True,
        tracking=True,
        domain=[("cs_esettlement", "=", True)],
    )
    bank_code = fields.Char(related="bank_id.cs_bank_code")
    account_holder = fields.Char(required=True, tracking=True, help="Name of the account holder, as on the card.")
    account_number = fields.Char(
        required=True,
        tracking=True,
        groups=CS_PRIVATE_GROUPS,
        help="Stored without spaces; ABC passbooks without their 17-/18-/19- prefix; "
        "ICBC only the account beginning with 180.",
    )
    account_kind = fields.Selection(
        [("card", "Card"), ("passbook", "Passbook")], required=True, default="card", tracking=True
    )
    transfer_number = fields.Char(
        string="Transfer Bank Number",
        tracking=True,
        copy=False,
        index="btree_not_null",
        help="转账银行编号: the number the bank knows the retailer by. The signing sheet uses it, "
        "never the retailer code.",
    )
    id_card_number = fields.Char(string="ID Card Number", tracking=True, groups=CS_PRIVATE_GROUPS)
    passbook_anywhere = fields.Boolean(
        string="Deposit and Withdraw Anywhere",
        tracking=True,
        help="通存通兑: a passbook can be signed only with this service.",
    )
    check_digit_accepted = fields.Boolean(
        string="Check Digit Failure Accepted",
        tracking=True,
        copy=False,
        help="A Customer Service manager accepts a real card whose number fails the check digit; "
        "the reason is kept in the chatter.",
    )
    check_digit_reason = fields.Char(string="Reason for Accepting the Card", tracking=True, copy=False)
    cs_copy_date = fields.Date(string="Customer-service Copy Received", tracking=True)
    bank_copy_date = fields.Date(string="Bank Copy Sent", tracking=True)
    office_copy_date = fields.Date(string="Monopoly Office Copy Returned", tracking=True)
    page1_attachment_ids = fields.Many2many(
        "ir.attachment", "cs_settlement_agreement_page1_rel", "agreement_id", "attachment_id", string="Page 1"
    )
    photocopy_attachment_ids = fields.Many2many(
        "ir.attachment",
        "cs_settlement_agreement_photocopy_rel",
        "agreement_id",
        "attachment_id",
        string="Card and ID Photocopies",
    )
    filing_attachment_ids = fields.Many2many(
        "ir.attachment",
        "cs_settlement_agreement_filing_rel",
        "agreement_id",
        "attachment_id",
        string="Filing Document",
        help="备案文件: needed to verify an account that another retailer uses too.",
    )
    stamp_date = fields.Date(tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("verified", "Verified"),
            ("sent", "Sent to Bank"),
            ("signed", "Signed"),
            ("failed", "Failed"),
            ("cancel", "Cancelled"),
            ("superseded", "Superseded"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )  # indexed with the company (_state_company_idx): one index less to update per signed agreement
    failure_reason = fields.Selection(FAILURE_REASONS, tracking=True, copy=False)
    failure_note = fields.Char(copy=False, tracking=True)
    next_action = fields.Char(compute="_compute_next_action")
    batch_id = fields.Many2one(
        "cs.settlement.batch",
        string="Signing Batch",
        copy=False,
        tracking=True,
        index="btree_not_null",
        check_company=True,
    )
    sent_date = fields.Date(readonly=True, copy=False)
    signed_date = fields.Date(readonly=True, copy=False)
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    verified_date = fields.Date(readonly=True, copy=False)
    previous_id = fields.Many2one(
        "cs.settlement.agreement", string="Replaces", readonly=True, copy=False, index="btree_not_null"
    )
    superseded_by_id = fields.Many2one("cs.settlement.agreement", readonly=True, copy=False)
    result_ids = fields.One2many("cs.settlement.result", "agreement_id", string="Bank Results")
    batch_line_ids = fields.One2many(
        "cs.settlement.batch.line", "agreement_id", string="Batch History", help="Every signing batch it went in."
    )
    duplicate_warning = fields.Text(compute="_compute_duplicate_warning")
    is_locked = fields.Boolean(compute="_compute_is_locked")
    can_verify = fields.Boolean(compute="_compute_can")
    can_reset_draft = fields.Boolean(compute="_compute_can")
    can_cancel = fields.Boolean(compute="_compute_can")
    can_mark_result = fields.Boolean(compute="_compute_can")
    can_change_bank_account = fields.Boolean(compute="_compute_can")

    _state_company_idx = models.Index("(state, company_id)")
    _transfer_number_uniq = models.UniqueIndex(
        "(company_id, transfer_number) " "WHERE transfer_number IS NOT NULL AND state NOT IN ('cancel', 'superseded')",
        "This transfer bank number is already used by another agreement: each retailer has its own.",
    )

    @api.depends("failure_reason", "state")
    def _compute_next_action(self):
        for agreement in self:
            agreement.next_action = (
                next_action_for(self.env, agreement.failure_reason) if agreement.state == "failed" else False
            )

    @api.depends("state")
    def _compute_is_locked(self):
        for agreement in self:
            agreement.is_locked = agreement.state not in EDITABLE_STATES

    @api.depends("state", "batch_id.state")
    @api.depends_context("uid")
    def _compute_can(self):
        """Which buttons the user sees; each action checks the same conditions again."""
        cs_user = self._cs_is_cs_user()
        accountant = self._cs_is_accountant()
        for agreement in self:
            state = agreement.state
            agreement.can_verify = cs_user and state in EDITABLE_STATES
            agreement.can_reset_draft = cs_user and agreement._cs_can_reset_draft()
            agreement.can_cancel = cs_user and state in ("draft", "verified", "failed")
            agreement.can_mark_result = accountant and state == "sent"
            agreement.can_change_bank_account = cs_user and state in ("verified", "signed", "failed")

    @api.depends("account_number", "partner_id.cs_visit_phone")
    def _compute_duplicate_warning(self):
        duplicates = self._cs_duplicates()
        for agreement in self:
            found = duplicates.get(agreement.id, {})
            lines = []
            if found.get("account"):
                lines.append(
                    self.env._(
                        "The same bank account is used by %(others)s: it can be verified only with a "
                        "filing document (备案文件) attached.",
                        others=", ".join(found["account"]),
                    )
                )
            if found.get("phone"):
                lines.append(
                    self.env._("The same visit-sale phone is used by %(others)s.", others=", ".join(found["phone"]))
                )
            agreement.duplicate_warning = "\n".join(lines) or False

    def _compute_display_name(self):
        for agreement in self:
            parts = [agreement.partner_id.display_name or "", agreement.bank_id.name or ""]
            if agreement.transfer_number:
                parts.append(agreement.transfer_number)
            agreement.display_name = " / ".join(p for p in parts if p)

    # ------------------------------------------------------------ validation
    def _cs_duplicates(self):
        """{agreement id: {"account": [other retailers], "phone": [other retailers]}}, two queries."""
        mine = self.sudo()
        numbers = {a.account_number for a in mine if a.account_number}
        result = defaultdict(dict)
        if numbers:
            rows = mine.search_read(
                [("account_number", "in", list(numbers)), ("state", "not in", INACTIVE_STATES)],
                ["account_number", "partner_id"],
            )
            by_number = defaultdict(set)
            for row in rows:
                by_number[row["account_number"]].add(row["partner_id"])
            for agreement in mine:
                others = sorted(
                    name for pid, name in by_number.get(agreement.account_number, ()) if pid != agreement.partner_id.id
                )
                if others:
                    result[agreement.id]["account"] = others
        phones = mine.partner_id._cs_same_phone_partners()
        for agreement in mine:
            if phones.get(agreement.partner_id.id):
                result[agreement.id]["phone"] = phones[agreement.partner_id.id]
        return result

    @api.constrains("bank_id")
    def _check_bank_supported(self):
        for agreement in self:
            if not agreement.bank_id.cs_esettlement:
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s: e-settlement cannot be signed with %(bank)s. Only the "
                        "Agricultural Bank of China, China Construction Bank and Industrial and Commercial "
                        "Bank of China are supported: ask the retailer for an account at one of them.",
                        agreement=agreement.display_name,
                        bank=agreement.bank_id.name,
                    )
                )

    @api.constrains("account_number", "account_kind", "bank_id", "check_digit_accepted")
    def _check_account_number(self):
        for agreement in self.sudo():
            for problem in account_problems(
                agreement.bank_id.cs_bank_code, agreement.account_kind, agreement.account_number
            ):
                if problem == "luhn" and agreement.check_digit_accepted:
                    continue  # a Customer Service manager accepted this card (see _cs_check_check_digit_vals)
                raise ValidationError(agreement._cs_account_message(problem))

    @api.constrains("check_digit_accepted", "check_digit_reason")
    def _check_check_digit_reason(self):
        for agreement in self:
            if agreement.check_digit_accepted and not (agreement.check_digit_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s: give the reason for accepting a card number that fails the "
                        "check digit (Reason for Accepting the Card).",
                        agreement=agreement.display_name,
                    )
                )

    def _cs_account_message(self, problem):
        values = {"agreement": self.display_name, "number": self.sudo().account_number}
        if problem == "icbc_not_180":
            return self.env._(
                "Agreement %(agreement)s: the account number %(number)s is not an ICBC e-settlement "
                "account. ICBC signs only with the account beginning with 180, not with a card number: "
                "ask the retailer for the 180 account.",
                **values,
            )
        if problem == "length":
            kinds = dict(self._fields["account_kind"]._description_selection(self.env))
            return self.env._(
                "Agreement %(agreement)s: the account number %(number)s has %(count)s digits, but a "
                "%(bank)s %(kind)s account has %(lengths)s digits. Check it digit by digit against the "
                "photocopy.",
                count=len(values["number"] or ""),
                bank=self.bank_id.name,
                kind=kinds.get(self.account_kind, ""),
                lengths=self.env._(" or ").join(
                    str(n) for n in account_lengths(self.bank_id.cs_bank_code, self.account_kind)
                ),
                **values,
            )
        if problem == "luhn":
            return self.env._(
                "Agreement %(agreement)s: the card number %(number)s is not a valid card number "
                "(check digit wrong). Check it digit by digit against the card photocopy; if the card is "
                "real, a Customer Service manager may accept it with a reason.",
                **values,
            )
        return self.env._("Agreement %(agreement)s: the account number %(number)s may contain only digits.", **values)

    @api.constrains("partner_id")
    def _check_partner_is_retailer(self):
        for agreement in self:
            if not agreement.partner_id.cs_is_retailer:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not marked as a retailer: an e-settlement agreement is signed only "
                        "for a retailer. Tick Retailer on the contact first.",
                        partner=agreement.partner_id.display_name,
                    )
                )

    @api.constrains("id_card_number")
    def _check_id_card_number(self):
        for agreement in self.sudo():
            if agreement.id_card_number and not is_valid_id_card(agreement.id_card_number):
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s: the ID card number %(number)s is not valid: it must have "
                        "18 characters and end with the right check digit (0-9 or X). Check it against "
                        "the ID card photocopy.",
                        agreement=agreement.display_name,
                        number=agreement.id_card_number,
                    )
                )

    @api.constrains("batch_id", "bank_id")
    def _check_batch_bank(self):
        for agreement in self.filtered("batch_id"):
            if agreement.batch_id.bank_id != agreement.bank_id:
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s is with %(bank)s and cannot go into signing batch "
                        "%(batch)s of %(batch_bank)s: a batch holds the agreements of one bank.",
                        agreement=agreement.display_name,
                        bank=agreement.bank_id.name,
                        batch=agreement.batch_id.name,
                        batch_bank=agreement.batch_id.bank_id.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model
    def _cs_normalize_vals(self, vals, bank=None, kind=None):
        if vals.get("account_number"):
            bank = self.env["res.bank"].browse(vals["bank_id"]) if vals.get("bank_id") else bank
            vals["account_number"] = normalize_account(
                bank.cs_bank_code if bank else False, vals.get("account_kind", kind), vals["account_number"]
            )
        if vals.get("id_card_number"):
            vals["id_card_number"] = normalize_id_card(vals["id_card_number"])
        if vals.get("transfer_number"):
            vals["transfer_number"] = vals["transfer_number"].strip()
        if vals.get("account_holder"):
            vals["account_holder"] = " ".join(vals["account_holder"].split())
        return vals

    @api.model
    def _cs_check_check_digit_vals(self, vals):
        """Only a Customer Service manager accepts a card failing the check digit (sudo included: the
        user behind the call must be a manager)."""
        if any(vals.get(f) for f in CHECK_DIGIT_FIELDS) and not self.env.user.has_group(CS_MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a Customer Service manager may accept a card number that fails the check digit.")
            )

    def _cs_post_check_digit_acceptance(self):
        for agreement in self.filtered("check_digit_accepted"):
            agreement.message_post(
                body=self.env._(
                    "The card number %(number)s fails the check digit; %(user)s accepted it as a real card: "
                    "%(reason)s",
                    number=agreement.sudo().account_number,
                    user=self.env.user.name,
                    reason=agreement.check_digit_reason,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._cs_check_check_digit_vals(vals)
            self._cs_normalize_vals(vals)
        records = super().create(vals_list)
        records._cs_post_check_digit_acceptance()
        return records

    def write(self, vals):
        self._cs_check_check_digit_vals(vals)
        if "account_number" in vals and "check_digit_accepted" not in vals and self.filtered("check_digit_accepted"):
            # an acceptance holds for the card a manager saw, not for the next number typed in
            vals = dict(vals, check_digit_accepted=False, check_digit_reason=False)
        if any(f in vals for f in ("account_number", "bank_id", "account_kind")):
            if len(self) > 1:
                for agreement in self:
                    agreement.write(vals)
                return True
            vals = dict(vals)
            if self and "account_number" not in vals and self.sudo().account_number:
                vals["account_number"] = self.sudo().account_number
            vals = self._cs_normalize_vals(vals, self.bank_id, self.account_kind)
        else:
            vals = self._cs_normalize_vals(dict(vals))
        result = super().write(vals)
        if vals.get("check_digit_accepted") or vals.get("check_digit_reason"):
            self._cs_post_check_digit_acceptance()
        return result

    def _cs_check_guarded_write(self, vals):
        """The state guard, plus: the bank's answer is the accountant's, history is never touched."""
        if vals.get("state") in ("signed", "failed") or any(f in vals for f in FAILURE_FIELDS):
            self._cs_check_accountant()
        inactive = self.filtered(lambda a: a.state in INACTIVE_STATES)
        if inactive and not all(f.startswith(("message_", "activity_")) for f in vals):
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s is cancelled or superseded: it is kept as it was and "
                    "cannot be changed.",
                    agreement=inactive[0].display_name,
                )
            )
        return super()._cs_check_guarded_write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_sent(self):
        sent = self.filtered(lambda a: a.state not in ("draft", "verified") or a.sent_date or a.result_ids)
        if sent:
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s went to the bank: it is never deleted. Cancel it or let "
                    "a bank account change supersede it.",
                    agreement=sent[0].display_name,
                )
            )

    # ------------------------------------------------------------------ flow
    def _cs_verification_problems(self):
        """Why this agreement cannot be verified, in words a clerk understands."""
        self.ensure_one()
        agreement = self.sudo()
        name = self.display_name
        problems = []
        if self.state not in EDITABLE_STATES:
            problems.append(self.env._("it is not a draft or a failed agreement"))
        if not agreement.transfer_number:
            problems.append(self.env._("the transfer bank number (转账银行编号) is missing"))
        if not agreement.id_card_number:
            problems.append(self.env._("the ID card number is missing"))
        retailer = agreement.partner_id
        # 电子结算签约的处理需要与零售客户的营销信息维护同步进行: the profile is maintained, with its retailer code
        if not retailer.cs_retailer_code:
            problems.append(
                self.env._(
                    "the retailer %(retailer)s has no retailer code (零售客户代码): maintain its marketing "
                    "profile first",
                    retailer=retailer.display_name,
                )
            )
        elif not retailer.cs_profile_complete:
            missing = [
                retailer._fields[f].get_description(self.env)["string"]
                for f in RETAILER_PROFILE_FIELDS
                if not retailer[f]
            ]
            problems.append(
                self.env._(
                    "the marketing profile of %(retailer)s is not maintained yet (missing: %(fields)s): "
                    "signing goes in step with the profile maintenance",
                    retailer=retailer.display_name,
                    fields=", ".join(missing),
                )
            )
        if agreement.id_card_number and retailer.cs_id_card_number != agreement.id_card_number:
            problems.append(
                self.env._(
                    "the ID card number %(agreement_id)s is not the one of the retailer's profile (%(retailer_id)s): "
                    "check both against the ID card photocopy",
                    agreement_id=agreement.id_card_number,
                    retailer_id=retailer.cs_id_card_number or self.env._("none"),
                )
            )
        if agreement.account_kind == "passbook" and not agreement.passbook_anywhere:
            problems.append(
                self.env._(
                    "the passbook has no 通存通兑 (deposit and withdraw anywhere): " "ask the retailer to open it"
                )
            )
        registered = agreement.partner_id.cs_registered_name or agreement.partner_id.name or ""
        if " ".join(registered.split()) != (agreement.account_holder or ""):
            problems.append(
                self.env._(
                    "the account holder %(holder)s is not the retailer's registered name %(registered)s",
                    holder=agreement.account_holder,
                    registered=registered,
                )
            )
        if not agreement.page1_attachment_ids or not agreement.photocopy_attachment_ids:
            problems.append(self.env._("page 1 and the card and ID photocopies must be attached"))
        account_others = self._cs_duplicates().get(self.id, {}).get("account")
        if account_others and not agreement.filing_attachment_ids:
            problems.append(
                self.env._(
                    "the same bank account is used by %(others)s: attach the filing document (备案文件)",
                    others=", ".join(account_others),
                )
            )
        if problems:
            return self.env._(
                "Agreement %(agreement)s cannot be verified: %(problems)s.",
                agreement=name,
                problems="; ".join(problems),
            )
        return False

    # ------------------------------------------------------------ rights
    def _cs_is_cs_user(self):
        return self.env.user.has_group(CS_USER_GROUP)

    def _cs_is_accountant(self):
        return self.env.user.has_group(ACCOUNTANT_GROUP)

    def _cs_check_cs_user(self):
        """Customer service prepares, verifies and hands agreements to finance; finance does not."""
        if not self.env.su and not self._cs_is_cs_user():
            raise AccessError(
                self.env._(
                    "Only Customer Service prepares, verifies and hands e-settlement agreements to finance; "
                    "the Settlement Accountant signs them with the bank."
                )
            )

    def _cs_check_accountant(self):
        """The Settlement Accountant signs with the bank and records its answer; customer service does not."""
        if not self.env.su and not self._cs_is_accountant():
            raise AccessError(
                self.env._("Only a Settlement Accountant can mark e-settlement agreements signed or failed.")
            )

    def _cs_can_reset_draft(self):
        self.ensure_one()
        return self.state == "verified" and self.batch_id.state in (False, "draft", "cancel")

    # ------------------------------------------------------------ actions
    def action_verify(self):
        self._cs_check_cs_user()
        for agreement in self:
            message = agreement._cs_verification_problems()
            if message:
                raise UserError(message)
        duplicates = self._cs_duplicates()
        for agreement in self:
            phones = duplicates.get(agreement.id, {}).get("phone")
            if phones:
                agreement.message_post(
                    body=self.env._(
                        "Verified although the same visit-sale phone is used by %(others)s.",
                        others=", ".join(phones),
                    )
                )
        with self._cs_transition():
            self.write(
                {
                    "state": "verified",
                    "verified_by_id": self.env.uid,
                    "verified_date": fields.Date.context_today(self),
                    "failure_reason": False,
                    "failure_note": False,
                    "batch_id": False,
                }
            )
        return True

    def action_reset_draft(self):
        self._cs_check_cs_user()
        not_verified = self.filtered(lambda a: not a._cs_can_reset_draft())
        if not_verified:
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s can go back to draft only while it is verified and not sent "
                    "to the bank.",
                    agreement=not_verified[0].display_name,
                )
            )
        with self._cs_transition():
            self.write({"state": "draft", "batch_id": False})
        return True

    def action_cancel(self):
        self._cs_check_cs_user()
        at_bank = self.filtered(lambda a: a.state not in ("draft", "verified", "failed"))
        if at_bank:
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s is %(state)s and cannot be cancelled: a signed agreement is "
                    "replaced with the bank account change wizard, one at the bank waits for the result.",
                    agreement=at_bank[0].display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[at_bank[0].state],
                )
            )
        with self._cs_transition():
            self.write({"state": "cancel", "batch_id": False})
        return True

    def action_mark_signed(self):
        self._cs_check_accountant()
        not_sent = self.filtered(lambda a: a.state != "sent")
        if not_sent:
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s is not at the bank: only agreements sent in a signing batch "
                    "can be marked signed.",
                    agreement=not_sent[0].display_name,
                )
            )
        with self._cs_transition():
            self.write({"state": "signed", "signed_date": fields.Date.context_today(self), "failure_reason": False})
        self.env["cs.settlement.batch.line"]._cs_record_outcome(self, "signed")
        self.batch_id._cs_close_if_reconciled()
        return True

    def action_mark_failed(self):
        self._cs_check_accountant()
        for agreement in self:
            if agreement.state != "sent" or not agreement.failure_reason:
                raise UserError(
                    self.env._(
                        "Agreement %(agreement)s: choose the failure reason the bank gave before marking "
                        "it failed (only agreements at the bank can fail).",
                        agreement=agreement.display_name,
                    )
                )
        with self._cs_transition():
            self.write({"state": "failed"})
        for reason in set(self.mapped("failure_reason")):
            self.env["cs.settlement.batch.line"]._cs_record_outcome(
                self.filtered(lambda a, r=reason: a.failure_reason == r), "failed", reason
            )
        self._cs_schedule_requery()
        self.batch_id._cs_close_if_reconciled()
        return True

    def _cs_schedule_requery(self):
        """A failed signing: the clerk re-queries it the next day (第二天访销的时候再查询).

        One activity per failed agreement, due the next day of the company's calendar, for the clerk who
        verified it (else the one who prepared its batch); created in one batch, never twice.
        """
        activity_type = self.env.ref("customer_service_dept.mail_activity_type_cs_settlement_requery")
        model_id = self.env["ir.model"]._get_id(self._name)
        summary = self.env._("Re-query the e-settlement signing")
        notes, deadlines = {}, {}  # per reason, per company: computed once for a province's thousands
        # a bank file fails thousands at once: REQUERY_CHUNK at a time, the cache emptied after each, so that
        # memory does not grow with the file
        for ids in split_every(REQUERY_CHUNK, self.ids):
            failed = self.browse(ids).sudo().filtered(lambda a: a.state == "failed")
            if not failed:
                continue
            waiting = set(
                self.env["mail.activity"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", failed.ids),
                        ("activity_type_id", "=", activity_type.id),
                    ]
                )
                .mapped("res_id")
            )
            vals_list = []
            for agreement in failed:
                if agreement.id in waiting:
                    continue
                user = agreement.verified_by_id or agreement.batch_id.user_id or agreement.create_uid
                reason, company = agreement.failure_reason, agreement.company_id.id
                if reason not in notes:
                    notes[reason] = next_action_for(self.env, reason)
                if company not in deadlines:
                    deadlines[company] = agreement.company_id._cs_today() + timedelta(days=1)
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": agreement.id,
                        "activity_type_id": activity_type.id,
                        "summary": summary,
                        "note": notes[reason],
                        "date_deadline": deadlines[company],
                        "user_id": user.id,
                    }
                )
            if vals_list:
                failed.mapped("display_name")  # each activity's res_name: read at once, not one query each
                # no "activity assigned" mail per agreement: the clerk finds them in the activities menu, and
                # the import's outcome is posted on the signing batch
                self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(vals_list)
            if len(self) > REQUERY_CHUNK:
                self.env.flush_all()
                self.env.invalidate_all()

    def _cs_set_bank_result(self, state, reason=None):
        """Mark the agreements at the bank signed or failed in one UPDATE.

        A bank's result file holds up to 20,000 lines: the ORM would flush one
        UPDATE per hundred rows. Access is checked as a write would, no stored
        field depends on these columns, and the result lines keep the trace
        (file, line, balance, user) that tracking messages would have given.
        """
        if not self:
            return
        self._cs_check_accountant()
        self.check_access("write")
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """UPDATE cs_settlement_agreement
                      SET state = %(state)s, failure_reason = %(reason)s, failure_note = NULL,
                          signed_date = CASE WHEN %(state)s = 'signed' THEN %(today)s ELSE signed_date END,
                          write_uid = %(uid)s, write_date = (now() at time zone 'UTC')
                    WHERE id = ANY(%(ids)s) AND state = 'sent'""",
                state=state,
                reason=reason,
                today=fields.Date.context_today(self),
                uid=self.env.uid,
                ids=self.ids,
            )
        )
        fnames = ["state", "failure_reason", "failure_note", "signed_date", "write_uid", "write_date"]
        self.invalidate_recordset(fnames)
        self.modified(fnames)
        if state == "failed":
            self._cs_schedule_requery()

    def action_create_batches(self):
        """Group the verified agreements without batch into one draft signing batch per bank."""
        self._cs_check_cs_user()
        todo = self.filtered(lambda a: a.state == "verified" and not a.batch_id)
        if not todo:
            raise UserError(self.env._("Select verified agreements that are not in a signing batch yet."))
        batches = self.env["cs.settlement.batch"]._cs_create_for(todo)
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.cs_settlement_batch_action")
        action["domain"] = [("id", "in", batches.ids)]
        return action

    def action_change_bank_account(self):
        self.ensure_one()
        self._cs_check_cs_user()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cs.settlement.change",
            "view_mode": "form",
            "target": "new",
            "context": {"default_agreement_id": self.id},
        }
