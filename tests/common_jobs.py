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
