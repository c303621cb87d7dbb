from odoo import fields
from odoo import models


class CsComplaintCloseDecisionWizard(models.TransientModel):
    """Seed 004: 「如客户对处理结果不满意，要进一步沟通协调，直至客户满意为止」: closing anyway is a
    Customer Service Manager's decision, with its reason."""

    _name = "cs.complaint.close.decision.wizard"
    _description = "Close a Complaint with a Manager's Decision"

    complaint_id = fields.Many2one("cs.complaint", required=True, ondelete="cascade")
    callback_note = fields.Text(related="complaint_id.callback_note", string="Callback Notes")
    reason = fields.Text(required=True, help="Why the complaint is closed although the customer is not satisfied.")

    def action_confirm(self):
        self.ensure_one()
        self.complaint_id._cs_decide_close(self.reason)
        return {"type": "ir.actions.act_window_close"}
