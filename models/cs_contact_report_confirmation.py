import uuid

from odoo import fields
from odoo import models
from odoo.tools import consteq


class CsContactReportConfirmation(models.Model):
    """A client participant's confirmation of a contact report's minutes (做好会议记录…并向客户进行确认).

    One per participant of the report sent: a personal link (its access token) records who confirmed
    and when; a reply by mail to the report is recorded as that participant's answer.
    """

    _name = "cs.contact.report.confirmation"
    _description = "Contact Report Confirmation"
    _inherit = ["cs.state.mixin"]
    _order = "report_id, id"
    _cs_flow_fields = ("state", "date_answered", "message_id", "access_token", "report_id", "partner_id")

    report_id = fields.Many2one("cs.contact.report", required=True, ondelete="cascade", index=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Participant", required=True, readonly=True)
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    access_token = fields.Char(readonly=True, copy=False, groups="base.group_system")
    state = fields.Selection(
        [("pending", "Waiting"), ("confirmed", "Confirmed"), ("replied", "Replied")],
        default="pending",
        required=True,
        readonly=True,
    )
    date_answered = fields.Datetime(string="Answered On", readonly=True)
    message_id = fields.Many2one("mail.message", string="Reply", readonly=True)

    _report_partner_uniq = models.Constraint(
        "UNIQUE(report_id, partner_id)", "A participant confirms a contact report once."
    )

    def _cs_check_token(self, token):
        """Whether ``token`` is this confirmation's access token (constant-time comparison)."""
        self.ensure_one()
        secret = self.sudo().access_token
        return bool(secret and token) and consteq(secret, token)

    def _cs_url(self):
        self.ensure_one()
        base = self.report_id.get_base_url()
        return f"{base}/cs/contact_report/confirm/{self.id}/{self.sudo().access_token}"

    def _cs_answer(self, state, message=None):
        """Record the participant's answer once: the first one counts."""
        pending = self.filtered(lambda c: c.state == "pending")
        with self._cs_transition():
            pending.write(
                {
                    "state": state,
                    "date_answered": fields.Datetime.now(),
                    "message_id": message.id if message else False,
                }
            )
        if state == "confirmed":
            for confirmation in pending:
                confirmation.report_id.message_post(
                    body=self.env._("%(who)s confirmed the minutes.", who=confirmation.partner_id.display_name),
                    author_id=confirmation.partner_id.id,
                    subtype_xmlid="mail.mt_note",
                )
        return pending

    @classmethod
    def _cs_new_token(cls):
        return uuid.uuid4().hex
