"""The client's confirmation of a contact report's minutes, from the link of their mail.

The link carries the confirmation's own access token (as Odoo's portal share links do): GET shows the
minutes and a button, POST records the confirmation (a link previewer fetching the GET confirms nothing).
"""

from odoo import http
from odoo.http import request


class CsContactReportConfirm(http.Controller):
    def _cs_confirmation(self, confirmation_id, token):
        confirmation = request.env["cs.contact.report.confirmation"].sudo().browse(confirmation_id).exists()
        if not confirmation or not confirmation._cs_check_token(token):
            raise request.not_found()
        return confirmation

    @http.route(
        "/cs/contact_report/confirm/<int:confirmation_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def cs_contact_report_confirm_page(self, confirmation_id, token, **kwargs):
        confirmation = self._cs_confirmation(confirmation_id, token)
        return request.render(
            "customer_service_dept.cs_contact_report_confirm_page",
            {"confirmation": confirmation, "report": confirmation.report_id, "token": token},
        )

    @http.route(
        "/cs/contact_report/confirm/<int:confirmation_id>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        sitemap=False,
    )
    def cs_contact_report_confirm(self, confirmation_id, token, **kwargs):
        # the token is the credential (no session to protect from cross-site requests)
        confirmation = self._cs_confirmation(confirmation_id, token)
        confirmation._cs_answer("confirmed")
        return request.render(
            "customer_service_dept.cs_contact_report_confirm_page",
            {"confirmation": confirmation, "report": confirmation.report_id, "token": token},
        )
