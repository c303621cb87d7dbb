from odoo import api
from odoo import fields
from odoo import models

from .cs_settlement_agreement import FAILURE_REASONS
from .cs_settlement_agreement import next_action_for


class CsSettlementResult(models.Model):
    """One line of a bank's signing result file, kept whether it matched or not."""

    _name = "cs.settlement.result"
    _description = "E-settlement Bank Result Line"
    _order = "import_date desc, line_no"
    _check_company_auto = True

    import_ref = fields.Char(string="Import", readonly=True, index=True)
    file_name = fields.Char(readonly=True)
    import_date = fields.Datetime(readonly=True)
    line_no = fields.Integer(string="Line", readonly=True)
    key = fields.Char(string="Transfer Number / Retailer Code", readonly=True, index=True)
    outcome = fields.Selection(
        [("signed", "Signed"), ("failed", "Failed"), ("unmatched", "Unmatched")], readonly=True, index=True
    )
    balance = fields.Float(readonly=True)
    reason = fields.Selection(FAILURE_REASONS, readonly=True)
    message = fields.Char(string="Bank Message", readonly=True)
    note = fields.Char(readonly=True)
    agreement_id = fields.Many2one("cs.settlement.agreement", readonly=True, index="btree_not_null")
    partner_id = fields.Many2one("res.partner", string="Retailer", readonly=True)
    batch_id = fields.Many2one("cs.settlement.batch", readonly=True, index="btree_not_null")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    next_action = fields.Char(compute="_compute_next_action")

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
