from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CsComplaintEscalateWizard(models.TransientModel):
    _name = "cs.complaint.escalate.wizard"
    _description = "Escalate a Complaint by Hand"

    complaint_id = fields.Many2one("cs.complaint", required=True, ondelete="cascade")
    manager_id = fields.Many2one(
        "res.users",
        required=True,
        domain=lambda self: [("all_group_ids", "in", self.env.ref("customer_service_dept.group_cs_manager").id)],
    )
    agreed_reply_date = fields.Datetime(
        string="Agreed Reply Time", required=True, help="When the customer was promised an answer."
    )
    reason = fields.Text(required=True, help="Why the complaint is above the specialist's authority.")

    @api.onchange("complaint_id")
    def _onchange_complaint_id(self):
        if self.complaint_id and not self.manager_id:
            self.manager_id = self.complaint_id._cs_manager()

    @api.constrains("agreed_reply_date", "complaint_id")
    def _check_agreed_reply_date(self):
        for wizard in self:
            if wizard.agreed_reply_date < wizard.complaint_id.received_date:
                raise ValidationError(
                    self.env._(
                        "Complaint %(complaint)s: the Agreed Reply Time %(date)s is before the time the "
                        "complaint was received (%(received)s).",
                        complaint=wizard.complaint_id.display_name,
                        date=wizard.agreed_reply_date,
                        received=wizard.complaint_id.received_date,
                    )
                )

    def action_confirm(self):
        self.ensure_one()
        self.complaint_id._cs_escalate_by_hand(self.manager_id, self.agreed_reply_date, self.reason)
        return {"type": "ir.actions.act_window_close"}
