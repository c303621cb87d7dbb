from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from .cs_settlement_agreement import FAILURE_REASONS
from .cs_settlement_agreement import next_action_for


class CsSettlementResult(models.Model):
    """One line of a bank's signing result file, kept whether it matched or not."""

    _name = "cs.settlement.result"
    _description = "E-settlement Bank Result Line"
    _inherit = ["cs.state.mixin"]
    _order = "import_date desc, line_no"
    _check_company_auto = True

    import_ref = fields.Char(string="Import", readonly=True, index=True)
    file_name = fields.Char(readonly=True)
    import_date = fields.Datetime(readonly=True)
    line_no = fields.Integer(string="Line", readonly=True)
    key = fields.Char(string="Transfer Number / Retailer Code", readonly=True, index=True)
    outcome = fields.Selection([("signed", "Signed"), ("failed", "Failed"), ("unmatched", "Unmatched")], readonly=True)
    balance = fields.Float(readonly=True)
    reason = fields.Selection(FAILURE_REASONS, readonly=True)
    message = fields.Char(string="Bank Message", readonly=True)
    note = fields.Char(readonly=True)
    agreement_id = fields.Many2one("cs.settlement.agreement", readonly=True, index="btree_not_null")
    partner_id = fields.Many2one("res.partner", string="Retailer", readonly=True)
    batch_id = fields.Many2one("cs.settlement.batch", readonly=True, index="btree_not_null")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    next_action = fields.Char(compute="_compute_next_action")

    # the accountants' audit trail: written once by the import (in SQL), then never changed
    _cs_flow_fields = (
        "import_ref",
        "file_name",
        "import_date",
        "line_no",
        "key",
        "outcome",
        "balance",
        "reason",
        "message",
        "note",
        "agreement_id",
        "partner_id",
        "batch_id",
        "company_id",
    )

    @api.depends("outcome", "reason")
    def _compute_next_action(self):
        for line in self:
            if line.outcome == "failed":
                line.next_action = next_action_for(self.env, line.reason)
            elif line.outcome == "unmatched":
                line.next_action = self.env._(
                    "Find the agreement of this transfer number or retailer code, or ask the bank."
                )
            else:
                line.next_action = False

    def _cs_check_guarded_write(self, vals):
        """Nobody changes an imported line, not even the accountant who imported it, nor sudo."""
        if self and vals:
            raise UserError(
                self.env._(
                    "Bank result line %(line)s of %(file)s is the record of what the bank answered: it is "
                    "never changed. Import a new result file instead.",
                    line=self[:1].line_no,
                    file=self[:1].file_name or self[:1].import_ref or "-",
                )
            )

    def _cs_check_guarded_create(self, vals_list):
        """Result lines come only from a bank's file, through the import."""
        if vals_list:
            raise UserError(self.env._("Bank result lines are created only by importing the bank's result file."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self:
            return
        raise UserError(
            self.env._(
                "Bank result line %(line)s of %(file)s is the record of what the bank answered: it is "
                "never deleted.",
                line=self[:1].line_no,
                file=self[:1].file_name or self[:1].import_ref or "-",
            )
        )
