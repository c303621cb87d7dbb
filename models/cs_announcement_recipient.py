from odoo import Command
from odoo import fields
from odoo import models

from .cs_batch import cs_process_in_batches


class CsAnnouncementRecipient(models.Model):
    """A retailer an announcement was published to: whether its mail went out and when it was read.

    Written only by the addon's own code: the publishing action fills the lines in one ``INSERT ... SELECT``,
    the mail scheduled action marks them sent, the portal page marks them read. Nobody creates, changes or
    deletes one by hand (no write access in ``ir.model.access.csv``).
    """

    _name = "cs.announcement.recipient"
    _description = "Announcement Recipient"
    _order = "announcement_id desc, id"
    _rec_name = "partner_id"

    # indexed by the unique (announcement_id, partner_id) below: one index less to fill at publishing
    announcement_id = fields.Many2one("cs.announcement", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Retailer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True)
    mail_state = fields.Selection(
        [("pending", "To Send"), ("sent", "Sent"), ("no_email", "No E-mail (Portal Only)")],
        string="Mail",
        required=True,
        default="pending",
    )
    read_date = fields.Datetime(string="Read On", readonly=True)

    _announcement_partner_uniq = models.Constraint(
        "UNIQUE(announcement_id, partner_id)", "The retailer is already a recipient of this announcement."
    )
    _pending_idx = models.Index("(id) WHERE mail_state = 'pending'")

    def _cs_send_mails(self):
        """One mail per recipient through the announcement template; then they count as sent.

        Called by the scheduled action on a batch of pending lines; the mails and the ``sent`` marks are
        committed together, so an interrupted run sends nothing twice.
        """
        pending = self.filtered(lambda line: line.mail_state == "pending")
        template = self.env.ref("customer_service_dept.mail_template_cs_announcement")
        for announcement in pending.announcement_id:
            lines = pending.filtered(lambda line, a=announcement: line.announcement_id == a)
            email_values = {}
            if announcement.kind == "customer_manager" and announcement.attachment_ids:
                # 客户经理公告发布可以添加Excel、word和图片之类的附件: the files go with the mail
                email_values["attachment_ids"] = [Command.link(a.id) for a in announcement.attachment_ids]
            template.send_mail_batch(lines.ids, email_values=email_values)
        pending.write({"mail_state": "sent"})

    def _cron_send_announcement_mails(self):
        """Mail the retailers of published announcements, by committed batches (``cs_process_in_batches``)."""
        domain = [("mail_state", "=", "pending"), ("announcement_id.state", "=", "published")]
        return cs_process_in_batches(self.sudo(), domain, lambda lines: lines._cs_send_mails())
