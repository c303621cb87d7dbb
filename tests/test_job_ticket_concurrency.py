from datetime import timedelta

from odoo import api
from odoo import fields
from odoo.tests import TransactionCase
from odoo.tests import tagged

from ..models.rules import month_range


@tagged("post_install", "-at_install")
class TestJobNumberConcurrency(TransactionCase):
    """Two submissions at the same instant never get the same job number."""

    def _env(self, cr):
        return api.Environment(cr, api.SUPERUSER_ID, {})

    def _submit_one(self, env):
        department = env.ref("customer_service_dept.cs_department_creative")
        partner = env["res.partner"].create({"name": "Concurrent Client", "is_company": True})
        ticket = env["cs.job.ticket"].create(
            {
                "title": "Concurrent job",
                "partner_id": partner.id,
                "department_id": department.id,
                "description": "<p>Job</p>",
                "brief": "<p>Brief</p>",
                # the Creative department gets the concept worksheet at submission
                "concept_product": "Tea",
                "concept_audience": "Families",
                "concept_message": "Spring",
                "date_due": fields.Date.today() + timedelta(days=30),
            }
        )
        ticket.action_submit()
        return ticket

    def test_two_transactions_submitting_at_once_get_different_numbers(self):
        with self.registry.cursor() as setup_cr:
            env = self._env(setup_cr)
            sequence = env.ref("customer_service_dept.cs_department_creative")._job_sequence()
            sequence._cs_date_range(*month_range(fields.Date.today()))  # committed, as the daily cron does
        ids = []
        try:
            with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
                first = self._submit_one(self._env(cr1))
                second = self._submit_one(self._env(cr2))  # cr1 has not committed yet
                ids = [first.id, second.id]
                names = {first.name, second.name}
                cr1.commit()
                cr2.commit()  # the unique (name, company) constraint would refuse a duplicate here
            self.assertEqual(len(names), 2, names)
        finally:
            with self.registry.cursor() as cleanup_cr:
                if ids:
                    cleanup_cr.execute("DELETE FROM cs_job_ticket WHERE id = ANY(%s) RETURNING partner_id", [ids])
                    partners = [row[0] for row in cleanup_cr.fetchall()]
                    cleanup_cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [partners])
