"""The customer's arrival confirmation from the shipment notice (a tokenised link, no login)."""

from odoo import http
from odoo.http import request


class CsArrivalController(http.Controller):
    @http.route(
        "/cs/arrival/<int:picking_id>/<string:token>", type="http", auth="public", website=False, methods=["GET"]
    )
    def cs_arrival_form(self, picking_id, token, **kwargs):
        picking = request.env["stock.picking"]._cs_picking_for_token(picking_id, token)
        if not picking:
            return request.not_found()
        return request.render("customer_service_dept.cs_arrival_page", {"picking": picking, "token": token})

    @http.route(
        "/cs/arrival/<int:picking_id>/<string:token>", type="http", auth="public", website=False, methods=["POST"]
    )
    def cs_arrival_submit(self, picking_id, token, result=None, name=None, note=None, **kwargs):
        picking = request.env["stock.picking"]._cs_picking_for_token(picking_id, token)
        if not picking or result not in ("ok", "problem"):
            return request.not_found()
        name = (name or "").strip()[:128] or picking.partner_id.name
        note = (note or "").strip()[:4000]
        recorded = picking._cs_record_arrival(result == "ok", "link", name, note)
        return request.render(
            "customer_service_dept.cs_arrival_page",
            {"picking": picking, "token": token, "done": True, "recorded": recorded},
        )
