import io
from datetime import date

import openpyxl

from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.tests import TransactionCase
from odoo.tests import new_test_user


class CsCommon(TransactionCase):
    """A fresh company (so serials start at 1) and one user per group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Suizhou Tobacco Distribution"})
        cls.other_company = cls.env["res.company"].create({"name": "Wuhan Branch"})
        companies = [(6, 0, (cls.company | cls.other_company).ids)]
        common = {"company_id": cls.company.id, "company_ids": companies, "tz": "Asia/Shanghai"}
        cls.cs_user = new_test_user(cls.env, "cs_user", groups="customer_service_dept.group_cs_user", **common)
        cls.cs_manager = new_test_user(cls.env, "cs_manager", groups="customer_service_dept.group_cs_manager", **common)
        cls.accountant = new_test_user(
            cls.env, "cs_accountant", groups="customer_service_dept.group_cs_settlement_accountant", **common
        )
        cls.employee = new_test_user(cls.env, "plain_employee", groups="base.group_user", **common)
        cls.Partner = cls.env["res.partner"].with_company(cls.company)

    def make_client(self, name="Zengdu Store", city="Suizhou", first_contact=date(2026, 3, 9), **vals):
        return self.Partner.create(
            {
                "name": name,
                "city": city,
                "is_company": True,
                "company_id": self.company.id,
                "first_contact_date": first_contact,
                **vals,
            }
        )


def render_xlsx(env, report_ref, docids=None, data=None):
    """Render an XLSX report action as ``env.user`` would from the Print menu.

    Returns the workbook read back with openpyxl, so tests check cells, not bytes.
    """
    report = env.ref(report_ref) if "." in report_ref else report_ref
    content, kind = env["ir.actions.report"]._render_xlsx(report.report_name, docids or [], data or {})
    assert kind == "xlsx", kind
    return openpyxl.load_workbook(io.BytesIO(content))


def run_jobs(enqueue, *args, **kwargs):
    """Call ``enqueue`` (a scheduled action, a button) and perform the jobs it queued, one after the other.

    queue_job's ``trap_jobs`` catches the jobs (never stored, no job runner in tests) and runs them
    synchronously with the user, company and arguments they were queued with. Returns the jobs, each
    with its ``result``.
    """
    with trap_jobs() as trap:
        enqueue(*args, **kwargs)
        jobs = list(trap.enqueued_jobs)
        trap.perform_enqueued_jobs()
    return jobs
