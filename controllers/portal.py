"""The customer portal (``/my``): a customer's service requests and complaints.

Seed 000 (投诉处理流程): 「为顾客投诉提供便利的渠道」: besides phone, letter and e-mail, customers register
a request on the portal, follow their requests and complaints and answer in the chatter. A portal user
reads only the cases of their own company (commercial partner): the record rules of
``security/cs_portal_security.xml`` decide it, the routes search and check access as the portal user and
read with ``sudo()`` only what that check let through.
"""

from werkzeug.exceptions import Forbidden
from werkzeug.exceptions import NotFound

from odoo import SUPERUSER_ID
from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError
from odoo.exceptions import MissingError
from odoo.http import request
from odoo.tools.mail import plaintext2html

REQUEST_URL = "/my/service-requests"
COMPLAINT_URL = "/my/complaints"
SUBJECT_MAX = 200
DESCRIPTION_MAX = 10000
ATTACHMENTS_MAX = 10
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
PORTAL_TYPES = ("inquiry", "request")


class CsCustomerPortal(CustomerPortal):
    # --- Home page counters --------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for counter, model in (("cs_request_count", "cs.service.request"), ("cs_complaint_count", "cs.complaint")):
            if counter in counters:
                cases = request.env[model]
                values[counter] = cases.search_count([]) if cases.has_access("read") else 0
        return values

    # --- Lists ---------------------------------------------------------------------------------
    def _cs_render_list(self, model, url, page, template, history, page_name):
        cases = request.env[model]
        if not cases.has_access("read"):
            raise Forbidden()
        values = self._prepare_portal_layout_values()
        pager = portal_pager(url=url, total=cases.search_count([]), page=page, step=self._items_per_page)
        # searched as the portal user (the record rules decide), shown through sudo
        records = cases.search([], limit=self._items_per_page, offset=pager["offset"])
        request.session[history] = records.ids[:100]
        values.update({"cases": records.sudo(), "pager": pager, "page_name": page_name, "default_url": url})
        return request.render(template, values)

    @http.route([REQUEST_URL, f"{REQUEST_URL}/page/<int:page>"], type="http", auth="user", website=True)
    def cs_portal_my_requests(self, page=1, **kw):
        return self._cs_render_list(
            "cs.service.request",
            REQUEST_URL,
            page,
            "customer_service_dept.portal_my_cs_requests",
            "my_cs_requests_history",
            "cs_request",
        )

    @http.route([COMPLAINT_URL, f"{COMPLAINT_URL}/page/<int:page>"], type="http", auth="user", website=True)
    def cs_portal_my_complaints(self, page=1, **kw):
        return self._cs_render_list(
            "cs.complaint",
            COMPLAINT_URL,
            page,
            "customer_service_dept.portal_my_cs_complaints",
            "my_cs_complaints_history",
            "cs_complaint",
        )

    # --- Detail pages ----------------------------------------------------------------------------
    def _cs_render_case(self, model, case_id, access_token, template, history, page_name, **kw):
        try:
            case_sudo = self._document_check_access(model, case_id, access_token=access_token)
        except (AccessError, MissingError) as exc:
            # another customer's case: as if it did not exist
            raise NotFound() from exc
        case_sudo._portal_ensure_token()
        values = {"case": case_sudo, "page_name": page_name, "token": case_sudo.access_token}
        values = self._get_page_view_values(case_sudo, access_token, values, history, False, **kw)
        values.update(self._prepare_portal_layout_values())
        if case_sudo._cs_portal_closed():
            rating = case_sudo._cs_portal_rating()
            values["cs_rating"] = rating
            if not rating and case_sudo._rating_get_partner():
                values["cs_rating_token"] = case_sudo._cs_portal_rating_token()
        return request.render(template, values)

    @http.route([f"{REQUEST_URL}/<int:request_id>"], type="http", auth="public", website=True)
    def cs_portal_my_request(self, request_id, access_token=None, **kw):
        return self._cs_render_case(
            "cs.service.request",
            request_id,
            access_token,
            "customer_service_dept.portal_my_cs_request",
            "my_cs_requests_history",
            "cs_request",
            **kw,
        )

    @http.route([f"{COMPLAINT_URL}/<int:complaint_id>"], type="http", auth="public", website=True)
    def cs_portal_my_complaint(self, complaint_id, access_token=None, **kw):
        return self._cs_render_case(
            "cs.complaint",
            complaint_id,
            access_token,
            "customer_service_dept.portal_my_cs_complaint",
            "my_cs_complaints_history",
            "cs_complaint",
            **kw,
        )

    # --- New request -----------------------------------------------------------------------------
    def _cs_check_portal_customer(self):
        """Only a portal user registers a request here, for their own company (commercial partner)."""
        user = request.env.user
        if not user._is_portal():
            raise Forbidden()
        return user

    def _cs_validate_new_request(self, form, files):
        """The errors of a submitted form, in the customer's words (empty when it is fine)."""
        env = request.env
        errors = []
        subject = (form.get("subject") or "").strip()
        if not subject:
            errors.append(env._("Write the subject of your question or request."))
        elif len(subject) > SUBJECT_MAX:
            errors.append(env._("The subject is too long: at most %(count)s characters.", count=SUBJECT_MAX))
        if len(form.get("description") or "") > DESCRIPTION_MAX:
            errors.append(env._("The description is too long: at most %(count)s characters.", count=DESCRIPTION_MAX))
        if form.get("request_type") not in PORTAL_TYPES:
            errors.append(env._("Choose whether it is a question (inquiry) or a request."))
        if len(files) > ATTACHMENTS_MAX:
            errors.append(env._("Attach at most %(count)s files.", count=ATTACHMENTS_MAX))
        for upload in files:
            if len(upload["content"]) > ATTACHMENT_MAX_BYTES:
                errors.append(
                    env._(
                        "The file %(file)s is larger than %(size)s MB.",
                        file=upload["name"],
                        size=ATTACHMENT_MAX_BYTES // (1024 * 1024),
                    )
                )
        return errors

    def _cs_uploaded_files(self):
        files = []
        for storage in request.httprequest.files.getlist("attachments"):
            if not storage or not storage.filename:
                continue
            files.append({"name": storage.filename, "content": storage.read(), "mimetype": storage.mimetype})
        return files

    def _cs_render_new_request(self, form=None, errors=None):
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "cs_request_new", "form": form or {}, "errors": errors or []})
        return request.render("customer_service_dept.portal_cs_request_new", values)

    @http.route([f"{REQUEST_URL}/new"], type="http", auth="user", methods=["GET"], website=True)
    def cs_portal_new_request(self, **kw):
        self._cs_check_portal_customer()
        return self._cs_render_new_request()

    @http.route([f"{REQUEST_URL}/new"], type="http", auth="user", methods=["POST"], website=True)
    def cs_portal_submit_request(self, **form):
        user = self._cs_check_portal_customer()
        files = self._cs_uploaded_files()
        errors = self._cs_validate_new_request(form, files)
        if errors:
            return self._cs_render_new_request(form, errors)
        contact = user.partner_id
        customer = contact.commercial_partner_id
        company = user.company_id
        description = (form.get("description") or "").strip()
        # checked above: the portal user registers for their own company, on the portal channel only
        requests_sudo = request.env["cs.service.request"].sudo().with_company(company)
        service_request = requests_sudo.create(
            {
                "company_id": company.id,
                "partner_id": customer.id,
                "channel": "portal",
                "request_type": form["request_type"],
                "subject": form["subject"].strip(),
                "description": plaintext2html(description) if description else False,
                "contact_name": contact.name if contact != customer else False,
                "contact_phone": contact.phone or False,
                "email_from": contact.email_formatted or False,
            }
        )
        service_request.message_subscribe(partner_ids=contact.ids)
        if files:
            # the files as the customer's first message: linked to the request, shown in its chatter
            service_request.message_post(
                body=request.env._("Files attached to the request"),
                author_id=contact.id,
                attachments=[(upload["name"], upload["content"]) for upload in files],
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        # the department acknowledges receipt: reference and promised reply time (seed 002 告知客户)
        service_request.with_user(SUPERUSER_ID)._cs_send_acknowledgement()
        return request.redirect(f"{REQUEST_URL}/{service_request.id}")
