from datetime import date

from odoo.tests import new_test_user

from .common import CsCommon


class JobCommon(CsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {
            "company_id": cls.company.id,
            "company_ids": [(6, 0, cls.company.ids)],
            "tz": "Asia/Shanghai",
        }
        cls.cr_manager = new_test_user(
            cls.env,
            "cr_manager",
            groups="customer_service_dept.group_cs_user",
            email="cr.manager@example.com",
            **common,
        )
        cls.ae_manager = new_test_user(
            cls.env,
            "ae_manager",
            groups="customer_service_dept.group_cs_user",
            email="ae.manager@example.com",
            **common,
        )
        cls.opener = new_test_user(cls.env, "opener", groups="customer_service_dept.group_cs_user", **common)
        cls.other_opener = new_test_user(
            cls.env, "other_opener", groups="customer_service_dept.group_cs_user", **common
        )
        Department = cls.env["cs.department"].with_company(cls.company)
        cls.creative = Department.create(
            {
                "name": "Creative",
                "code": "cr",
                "company_id": cls.company.id,
                "manager_ids": [(6, 0, cls.cr_manager.ids)],
            }
        )
        cls.account = Department.create(
            {
                "name": "Account",
                "code": "AE",
                "company_id": cls.company.id,
                "manager_ids": [(6, 0, cls.ae_manager.ids)],
            }
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "Zengdu Store", "city": "Suizhou", "is_company": True, "company_id": cls.company.id}
        )

    def make_ticket(self, user=None, department=None, due=date(2026, 3, 20), **vals):
        values = {
            "title": "Spring poster",
            "partner_id": self.client.id,
            "department_id": (department or self.creative).id,
            "company_id": self.company.id,
            "description": "<p>A1 poster and two banners</p>",
            "brief": "<p>Fresh, green, spring sale -20%</p>",
            "date_due": due,
        }
        values.update(vals)
        return self.env["cs.job.ticket"].with_user(user or self.opener).with_company(self.company).create(values)

    def confirm_by_client(self, ticket, user=None, contact=None):
        """The client signed the job on paper: the opener attaches the document and records it."""
        user = user or ticket.user_id
        contact = contact or self.env["res.partner"].create({"name": "Zeng Qinghua", "parent_id": ticket.partner_id.id})
        signed = (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {"name": "signed.pdf", "raw": b"%PDF-1.4 signed", "res_model": "cs.job.ticket", "res_id": ticket.id}
            )
        )
        ticket = ticket.with_user(user)
        ticket.write({"client_contact_id": contact.id, "client_confirm_document_ids": [(6, 0, signed.ids)]})
        ticket.action_record_client_confirmation()
        return contact

    def attach_artwork(self, ticket, user=None):
        user = user or ticket.user_id
        artwork = (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {"name": "poster-final.png", "raw": b"\x89PNG final", "res_model": "cs.job.ticket", "res_id": ticket.id}
            )
        )
        ticket.with_user(user).write({"artwork_attachment_ids": [(4, artwork.id)]})
        return artwork
