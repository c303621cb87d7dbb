import secrets

from odoo import SUPERUSER_ID
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tools import consteq

from .cs_job_ticket import CsJobTicket

# changed only while the client has not confirmed yet
CONFIRMATION_FIELDS = ("client_contact_id", "client_confirm_document_ids")
# frozen once the job is closed out (消单): the filed documents
CLOSED_FROZEN_FIELDS = ("artwork_attachment_ids", "client_confirm_document_ids", "client_contact_id")


class CsJobTicket(models.Model):
    """Client confirmation before execution, closing (消单) with the client's files, reopening."""

    _inherit = "cs.job.ticket"
    _cs_flow_fields = (
        *CsJobTicket._cs_flow_fields,
        "client_confirm_token",
        "date_confirmation_requested",
        "client_confirmed_by_id",
        "date_client_confirmed",
        "client_confirm_method",
        "client_confirm_recorded_by_id",
        "filed_attachment_ids",
    )

    client_contact_id = fields.Many2one(
        "res.partner",
        tracking=True,
        domain="[('id', 'child_of', partner_id)]",
        help="The client's person who confirms the job before work starts (by the mailed link or a signed document).",
    )
    client_confirm_token = fields.Char(copy=False, groups="base.group_system")
    date_confirmation_requested = fields.Datetime(string="Confirmation Requested On", readonly=True, copy=False)
    client_confirmed_by_id = fields.Many2one(
        "res.partner", string="Confirmed By (Client)", readonly=True, copy=False, tracking=True
    )
    date_client_confirmed = fields.Datetime(string="Client Confirmed On", readonly=True, copy=False, tracking=True)
    client_confirm_method = fields.Selection(
        [("link", "Confirmation link (mail)"), ("document", "Signed document")],
        string="Confirmed Through",
        readonly=True,
        copy=False,
    )
    client_confirm_recorded_by_id = fields.Many2one(
        "res.users", string="Confirmation Recorded By", readonly=True, copy=False
    )
    client_confirm_document_ids = fields.Many2many(
        "ir.attachment",
        "cs_job_ticket_confirm_doc_rel",
        "ticket_id",
        "attachment_id",
        string="Signed Confirmation",
        copy=False,
        help="The client's signed confirmation (scan or PDF), when the client confirms on paper.",
    )
    filed_attachment_ids = fields.Many2many(
        "ir.attachment",
        "cs_job_ticket_filed_rel",
        "ticket_id",
        "attachment_id",
        string="Filed in Client Documents",
        readonly=True,
        copy=False,
    )
    can_request_confirmation = fields.Boolean(compute="_compute_can_confirmation")
    can_record_confirmation = fields.Boolean(compute="_compute_can_confirmation")
    can_reopen = fields.Boolean(compute="_compute_can_confirmation")

    @api.depends_context("uid")
    @api.depends("state", "date_client_confirmed", "department_id.manager_ids")
    def _compute_can_confirmation(self):
        for ticket in self:
            may_write = bool(ticket.id) and ticket.has_access("write")
            waiting = may_write and ticket.state == "approved" and not ticket.date_client_confirmed
            ticket.can_request_confirmation = waiting
            ticket.can_record_confirmation = waiting
            ticket.can_reopen = ticket.state == "closed" and self.env.user in ticket.department_id.manager_ids

    @api.depends("state", "name", "date_client_confirmed")
    def _compute_can_steps(self):
        res = super()._compute_can_steps()
        for ticket in self:
            ticket.can_start = ticket.can_start and bool(ticket.date_client_confirmed)
        return res

    def _cs_check_guarded_write(self, vals):
        """The client's confirmation is kept as confirmed; a closed ticket's files stay as filed."""
        touched = set(vals)
        confirmed = self.filtered("date_client_confirmed")
        fields_ = touched & set(CONFIRMATION_FIELDS)
        if confirmed and fields_:
            raise UserError(
                self.env._(
                    "The client confirmed job ticket %(ticket)s: its %(field)s can no longer be changed. "
                    "Create a revision for a change the client must confirm again.",
                    ticket=confirmed[0].display_name,
                    field=self._cs_label(sorted(fields_)[0]),
                )
            )
        closed = self.filtered(lambda t: t.state == "closed")
        fields_ = touched & set(CLOSED_FROZEN_FIELDS)
        if closed and fields_:
            raise UserError(
                self.env._(
                    "Job ticket %(ticket)s is closed out (消单) and filed: its %(field)s can no longer be "
                    "changed. A department manager reopens it first.",
                    ticket=closed[0].display_name,
                    field=self._cs_label(sorted(fields_)[0]),
                )
            )
        return super()._cs_check_guarded_write(vals)

    # ------------------------------------------------------------------ submission
    def _check_concept_worksheet(self):
        """决不为任何没有"策略拟定"的客户进行创意工作: a creative department gets the concept worksheet."""
        concept = ("concept_product", "concept_audience", "concept_message")
        for ticket in self.filtered("department_id.is_creative"):
            if ticket.concept_attachment_ids:
                continue
            missing = [ticket._cs_label(f) for f in concept if not (ticket[f] or "").strip()]
            if missing:
                raise UserError(
                    self.env._(
                        "Job ticket %(ticket)s goes to the creative department %(department)s: fill in the "
                        "concept worksheet (%(fields)s) or attach it before submitting. No creative work "
                        "without a strategy.",
                        ticket=ticket.display_name,
                        department=ticket.department_id.name,
                        fields=", ".join(missing),
                    )
                )

    def action_submit(self):
        self._check_state("draft")
        self._check_concept_worksheet()
        return super().action_submit()

    # ------------------------------------------------------------------ client confirmation
    def _check_may_confirm(self):
        self.ensure_one()
        self._check_state("approved")
        self.check_access("write")
        if self.date_client_confirmed:
            raise UserError(
                self.env._(
                    "The client already confirmed job ticket %(ticket)s on %(date)s.",
                    ticket=self.display_name,
                    date=fields.Datetime.context_timestamp(self, self.date_client_confirmed).strftime("%Y-%m-%d %H:%M"),
                )
            )
        if not self.client_contact_id:
            raise UserError(
                self.env._(
                    "Job ticket %(ticket)s has no Client Contact: choose the client's person who confirms the job.",
                    ticket=self.display_name,
                )
            )

    def _cs_confirmation_url(self):
        self.ensure_one()
        base = self.get_base_url()
        return f"{base}/cs/job/confirm/{self.id}/{self.sudo().client_confirm_token}"

    def action_request_client_confirmation(self):
        """Mail the client's contact a link that records the confirmation (no work starts before it)."""
        self.ensure_one()
        self._check_may_confirm()
        contact = self.client_contact_id
        if not contact.email:
            raise UserError(
                self.env._(
                    "Client contact %(contact)s of job ticket %(ticket)s has no e-mail address: add it, or "
                    "record the client's signed confirmation instead.",
                    contact=contact.display_name,
                    ticket=self.display_name,
                )
            )
        token = self.sudo().client_confirm_token or secrets.token_urlsafe(32)
        # the token is readable by nobody but the system: written as sudo, after the checks above
        with self._cs_transition():
            self.sudo().write({"client_confirm_token": token, "date_confirmation_requested": fields.Datetime.now()})
        body = self.env["ir.qweb"]._render(
            "customer_service_dept.cs_job_confirmation_mail_body",
            {"ticket": self, "contact": contact, "url": self._cs_confirmation_url()},
        )
        # a mail of its own, not a chatter message: the link stays out of the ticket's readers' sight
        self.env["mail.mail"].sudo().create(
            {
                "subject": self.env._("Please confirm job %(ticket)s", ticket=self.display_name),
                "body_html": body,
                "email_from": (self.user_id.email_formatted or self.company_id.email_formatted),
                "recipient_ids": [(6, 0, contact.ids)],
                "model": self._name,
                "res_id": self.id,
                "auto_delete": False,
            }
        )
        self.message_post(
            body=self.env._(
                "Confirmation link mailed to %(contact)s (%(email)s).", contact=contact.name, email=contact.email
            )
        )
        return True

    def action_record_client_confirmation(self):
        """The client confirmed on paper: the signed document is attached to the ticket."""
        self.ensure_one()
        self._check_may_confirm()
        if not self.client_confirm_document_ids:
            raise UserError(
                self.env._(
                    "Attach the client's signed confirmation to job ticket %(ticket)s (Signed Confirmation) "
                    "before recording it.",
                    ticket=self.display_name,
                )
            )
        self._cs_step(
            {
                "client_confirmed_by_id": self.client_contact_id.id,
                "date_client_confirmed": fields.Datetime.now(),
                "client_confirm_method": "document",
                "client_confirm_recorded_by_id": self.env.uid,
            }
        )
        return True

    def _cs_token_matches(self, token):
        """Whether ``token`` is the ticket's live confirmation token (the ticket waits for the client)."""
        self.ensure_one()
        ticket = self.sudo()
        expected = ticket.client_confirm_token
        if not (token and expected and consteq(str(token), expected)):
            return False
        return ticket.state == "approved" and not ticket.date_client_confirmed

    def _cs_confirm_from_link(self, token):
        """The client's contact opened the mailed link and confirmed (called by the controller, as sudo).

        Returns True when this confirmation was recorded, False when the token is wrong, the ticket
        is no longer waiting for the client, or it was confirmed already.
        """
        self.ensure_one()
        ticket = self.sudo()
        if not ticket._cs_token_matches(token):
            return False
        with ticket._cs_transition():
            ticket.write(
                {
                    "client_confirmed_by_id": ticket.client_contact_id.id,
                    "date_client_confirmed": fields.Datetime.now(),
                    "client_confirm_method": "link",
                    "client_confirm_token": False,
                }
            )
        ticket.message_post(
            body=self.env._(
                "%(contact)s confirmed the job through the mailed link.", contact=ticket.client_contact_id.name
            ),
            author_id=ticket.client_contact_id.id,
        )
        ticket.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=ticket.user_id.id,
            summary=self.env._("The client confirmed job %(ticket)s: start work", ticket=ticket.name),
        )
        return True

    def action_start(self):
        for ticket in self.filtered(lambda t: not t.date_client_confirmed):
            raise UserError(
                self.env._(
                    "Job ticket %(ticket)s has no client confirmation yet: all execution work begins only "
                    "after the client confirmed (mail the confirmation link or record the signed document).",
                    ticket=ticket.display_name,
                )
            )
        return super().action_start()

    # ------------------------------------------------------------------ closing (消单) and reopening
    def action_close(self):
        """消单: the final artwork is attached; ticket, worksheet and artwork go to the client's documents."""
        self._check_state("done")
        for ticket in self.filtered(lambda t: not t.artwork_attachment_ids):
            raise UserError(
                self.env._(
                    "Job ticket %(ticket)s cannot be closed out without its Final Artwork: attach the "
                    "final artwork or deliverable first.",
                    ticket=ticket.display_name,
                )
            )
        res = super().action_close()
        for ticket in self:
            ticket._cs_file_in_client_documents()
        return res

    def _cs_file_in_client_documents(self):
        """Attach the ticket (PDF), concept worksheet and final artwork to the client partner.

        Community has no Documents app: the client's documents are the attachments of the client
        partner (its chatter's files), each name starting with the job number. A closing after a
        reopening replaces the earlier copies.
        """
        self.ensure_one()
        client = self.partner_id.commercial_partner_id
        Attachment = self.env["ir.attachment"].sudo()
        self.filed_attachment_ids.sudo().unlink()
        pdf, _fmt = self.env["ir.actions.report"]._render_qweb_pdf(
            "customer_service_dept.action_report_cs_job_ticket", self.ids
        )
        prefix = self.name or self.title
        vals_list = [
            {
                "name": self.env._("%(number)s Job Ticket.pdf", number=prefix),
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": "res.partner",
                "res_id": client.id,
            }
        ]
        for kind, attachments in (
            (self.env._("Concept Worksheet"), self.concept_attachment_ids),
            (self.env._("Final Artwork"), self.artwork_attachment_ids),
        ):
            vals_list.extend(
                {
                    "name": f"{prefix} {kind} {attachment.name}",
                    "datas": attachment.sudo().datas,
                    "mimetype": attachment.mimetype,
                    "res_model": "res.partner",
                    "res_id": client.id,
                }
                for attachment in attachments
            )
        filed = Attachment.create(vals_list)
        with self._cs_transition():
            self.write({"filed_attachment_ids": [(6, 0, filed.ids)]})
        client.sudo().message_post(
            body=self.env._("Job ticket %(ticket)s closed out (消单): files filed.", ticket=self.display_name),
            attachment_ids=filed.ids,
            author_id=self.env.user.partner_id.id,
        )
        return filed

    def action_reopen(self):
        """Only a manager of the ticket's department reopens a closed job."""
        self._check_state("closed")
        for ticket in self:
            if self.env.uid != SUPERUSER_ID and self.env.user not in ticket.department_id.manager_ids:
                raise AccessError(
                    self.env._(
                        "Only a manager of department %(department)s can reopen closed job ticket %(ticket)s.",
                        department=ticket.department_id.name,
                        ticket=ticket.display_name,
                    )
                )
        self._cs_step({"state": "done", "date_closed": False})
        self.message_post(body=self.env._("Reopened by %(user)s.", user=self.env.user.name))
        return True
