from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .cs_settlement_agreement import FAILURE_REASONS
from .res_partner_retailer import CS_PRIVATE_GROUPS

# what the signing sheet shows of an agreement, copied when the batch goes to finance
SENT_CONTENT_FIELDS = (
    "transfer_number",
    "partner_id",
    "retailer_name",
    "retailer_code",
    "account_holder",
    "account_number",
    "account_kind",
    "id_card_number",
    "passbook_anywhere",
)


class CsSettlementBatchLine(models.Model):
    """An agreement's passage through one signing batch: what was sent, and what the bank answered.

    Written when the batch is handed to finance and when the bank's answer is recorded, never otherwise:
    a failed agreement verified again goes into a new batch, and the old batch keeps its line, its counts
    and its signing sheet as they were.
    """

    _name = "cs.settlement.batch.line"
    _description = "E-settlement Signing Batch Line"
    _inherit = ["cs.state.mixin"]
    _order = "batch_id desc, sequence, id"
    _check_company_auto = True

    # no index of its own: UNIQUE(batch_id, agreement_id) below serves "the lines of a batch"
    batch_id = fields.Many2one("cs.settlement.batch", required=True, readonly=True, ondelete="restrict")
    agreement_id = fields.Many2one(
        "cs.settlement.agreement", required=True, readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    sequence = fields.Integer(string="No.", readonly=True)
    transfer_number = fields.Char(string="Transfer Bank Number", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Retailer", readonly=True)
    retailer_name = fields.Char(readonly=True)
    retailer_code = fields.Char(readonly=True)
    account_holder = fields.Char(readonly=True)
    account_number = fields.Char(readonly=True, groups=CS_PRIVATE_GROUPS)
    account_kind = fields.Selection([("card", "Card"), ("passbook", "Passbook")], readonly=True)
    id_card_number = fields.Char(string="ID Card Number", readonly=True, groups=CS_PRIVATE_GROUPS)
    passbook_anywhere = fields.Boolean(string="Deposit and Withdraw Anywhere", readonly=True)
    outcome = fields.Selection(
        [("pending", "At the Bank"), ("signed", "Signed"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
    )
    failure_reason = fields.Selection(FAILURE_REASONS, readonly=True)
    result_date = fields.Date(string="Answered On", readonly=True)

    _batch_agreement_uniq = models.Constraint(
        "UNIQUE(batch_id, agreement_id)", "An agreement passes through a signing batch once."
    )

    # the record of what went to the bank: written by the batch's and the agreement's actions only
    _cs_flow_fields = (
        "batch_id",
        "agreement_id",
        "company_id",
        "sequence",
        *SENT_CONTENT_FIELDS,
        "outcome",
        "failure_reason",
        "result_date",
    )

    def _cs_check_guarded_write(self, vals):
        """Nobody changes what was sent, nor the bank's answer, outside the actions (sudo included)."""
        if self and vals:
            raise UserError(
                self.env._(
                    "Line %(line)s of signing batch %(batch)s is the record of what was handed to finance: "
                    "it is never changed.",
                    line=self[:1].sequence,
                    batch=self[:1].batch_id.name,
                )
            )

    def _cs_check_guarded_create(self, vals_list):
        if vals_list:
            raise UserError(self.env._("Signing batch lines are written only when a batch is handed to finance."))

    def init(self):
        # each line is written once more, when the bank answers (outcome, reason, date; none indexed): half
        # empty pages let PostgreSQL update the line in place (HOT), no new index entries for a province's
        # 200,000 lines
        self.env.cr.execute(SQL("ALTER TABLE %s SET (fillfactor = 50)", SQL.identifier(self._table)))
        # indexes the import no longer needs (covered by another index, or never used alone): Odoo keeps an
        # index a field no longer asks for, so a database installed before loses them here
        for index in (
            "cs_settlement_batch_line__batch_id_index",
            "cs_settlement_batch_line__outcome_index",
            "cs_settlement_agreement__state_index",
            "cs_settlement_result__outcome_index",
        ):
            self.env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if self:
            raise UserError(
                self.env._(
                    "Line %(line)s of signing batch %(batch)s is the record of what was handed to finance: "
                    "it is never deleted.",
                    line=self[:1].sequence,
                    batch=self[:1].batch_id.name,
                )
            )

    @api.model
    def _cs_values_for(self, batch, agreements):
        """The lines of ``batch`` for ``agreements`` as they are now (sheet order: transfer bank number)."""
        values = []
        for sequence, agreement in enumerate(agreements.sudo().sorted("transfer_number"), start=1):
            values.append(
                {
                    "batch_id": batch.id,
                    "agreement_id": agreement.id,
                    "company_id": batch.company_id.id,
                    "sequence": sequence,
                    "transfer_number": agreement.transfer_number,
                    "partner_id": agreement.partner_id.id,
                    "retailer_name": agreement.partner_id.name,
                    "retailer_code": agreement.partner_id.cs_retailer_code,
                    "account_holder": agreement.account_holder,
                    "account_number": agreement.account_number,
                    "account_kind": agreement.account_kind,
                    "id_card_number": agreement.id_card_number,
                    "passbook_anywhere": agreement.passbook_anywhere,
                }
            )
        return values

    @api.model
    def _cs_record_outcome(self, agreements, outcome, reason=False):
        """The bank's answer on the lines of ``agreements`` in the batch they are in now."""
        lines = self.sudo().search(
            [
                ("agreement_id", "in", agreements.ids),
                ("batch_id", "in", agreements.batch_id.ids),
                ("outcome", "=", "pending"),
            ]
        )
        lines = lines.filtered(lambda line: line.batch_id == line.agreement_id.batch_id)
        if lines:
            with self._cs_transition():
                lines.write(
                    {
                        "outcome": outcome,
                        "failure_reason": reason or False,
                        "result_date": fields.Date.context_today(self),
                    }
                )
