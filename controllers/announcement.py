"""Announcements on the customer portal (``/my/announcements``).

Seed 000 (六、公告发布): the customer manager and online order announcements reach the retailers; a retailer's
portal user reads those published to their company (commercial partner). The record rules of
``security/cs_announcement_security.xml`` decide what a portal user sees: the routes search and check access as
the portal user and read with ``sudo()`` only what that check let through. Opening an announcement marks it read.
"""

from werkzeug.exceptions import Forbidden
from werkzeug.exceptions import NotFound

from odoo import fields
from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError
from odoo.exceptions import MissingError
from odoo.http import request

ANNOUNCEMENT_URL = "/my/announcements"


class CsAnnouncementPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cs_announcement_count" in counters:
            announcements = request.env["cs.announcement"]
            values["cs_announcement_count"] = announcements.search_count([]) if announcements.has_access("read") else 0
        return values

    def _cs_announcement_lines(self, announcements):
        """The portal user's recipient lines of ``announcements`` (their company's), by announcement."""
        partner = request.env.user.commercial_partner_id
        lines = (
            request.env["cs.announcement.recipient"]
            .sudo()
            .search([("announcement_id", "in", announcements.ids), ("partner_id", "=", partner.id)])
        )
        return {line.announcement_id.id: line for line in lines}

    @http.route([ANNOUNCEMENT_URL, f"{ANNOUNCEMENT_URL}/page/<int:page>"], type="http", auth="user", website=True)
    def cs_portal_my_announcements(self, page=1, **kw):
        announcements = request.env["cs.announcement"]
        if not announcements.has_access("read"):
            raise Forbidden()
        values = self._prepare_portal_layout_values()
        total = announcements.search_count([])
        pager = portal_pager(url=ANNOUNCEMENT_URL, total=total, page=page, step=self._items_per_page)
        # searched as the portal user (the record rules decide), shown through sudo
        records = announcements.search([], limit=self._items_per_page, offset=pager["offset"])
        values.update(
            {
                "announcements": records.sudo(),
                "cs_lines": self._cs_announcement_lines(records),
                "pager": pager,
                "page_name": "cs_announcement",
                "default_url": ANNOUNCEMENT_URL,
            }
        )
        return request.render("customer_service_dept.portal_my_cs_announcements", values)

    def _cs_check_announcement(self, announcement_id):
        """The announcement if the portal user may read it (published, addressed to them), else 404."""
        announcement = request.env["cs.announcement"].browse(announcement_id)
        try:
            announcement.check_access("read")
            announcement.exists().ensure_one()
        except (AccessError, MissingError, ValueError) as exc:
            raise NotFound() from exc
        return announcement

    @http.route([f"{ANNOUNCEMENT_URL}/<int:announcement_id>"], type="http", auth="user", website=True)
    def cs_portal_my_announcement(self, announcement_id, **kw):
        announcement = self._cs_check_announcement(announcement_id)
        line = self._cs_announcement_lines(announcement).get(announcement.id)
        if line and not line.read_date and request.env.user._is_portal():
            # the retailer has read it (checked above: their own line of an announcement they may read)
            line.write({"read_date": fields.Datetime.now()})
        values = self._prepare_portal_layout_values()
        values.update({"announcement": announcement.sudo(), "page_name": "cs_announcement"})
        return request.render("customer_service_dept.portal_my_cs_announcement", values)

    @http.route(
        [f"{ANNOUNCEMENT_URL}/<int:announcement_id>/attachment/<int:attachment_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def cs_portal_announcement_attachment(self, announcement_id, attachment_id, **kw):
        announcement = self._cs_check_announcement(announcement_id).sudo()
        # only the files of a customer manager announcement go to the retailers (online order ones carry none)
        if announcement.kind != "customer_manager" or attachment_id not in announcement.attachment_ids.ids:
            raise NotFound()
        attachment = announcement.attachment_ids.filtered(lambda a: a.id == attachment_id)
        stream = request.env["ir.binary"]._get_stream_from(attachment)
        return stream.get_response(as_attachment=True)
