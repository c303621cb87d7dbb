"""The client's confirmation of a job ticket from the mailed link (no login)."""

from odoo import http
from odoo.http import request


class CsJobConfirmation(http.Controller):
    def _cs_ticket(self, ticket_id, token):
        """The ticket when ``token`` is its confirmation token, else None (same answer for a wrong id)."""
        ticket = request.env["cs.job.ticket"].sudo().browse(ticket_id).exists()
        if not ticket or not ticket._cs_token_matches(token):
            return None
        return ticket

    @http.route("/cs/job/confirm/<int:ticket_id>/<string:token>", type="http", auth="public", methods=["GET"])
    def cs_job_confirm_page(self, ticket_id, token, **kwargs):
        """The job as the client confirms it, with one button; opening the page confirms nothing."""
        ticket = self._cs_ticket(ticket_id, token)
        return request.render(
            "customer_service_dept.cs_job_confirmation_page",
            {"ticket": ticket, "token": token, "confirmed": False},
            status=200 if ticket else 404,
        )

    @http.route(
        "/cs/job/confirm/<int:ticket_id>/<string:token>", type="http", auth="public", methods=["POST"], csrf=True
    )
    def cs_job_confirm(self, ticket_id, token, **kwargs):
        ticket = self._cs_ticket(ticket_id, token)
        confirmed = bool(ticket) and ticket._cs_confirm_from_link(token)
        return request.render(
            "customer_service_dept.cs_job_confirmation_page",
            {"ticket": ticket if confirmed else None, "token": token, "confirmed": confirmed},
            status=200 if confirmed else 404,
        )
