import threading
import time
from datetime import date
from datetime import timedelta

from odoo import SUPERUSER_ID
from odoo import api
from odoo import fields
from odoo.orm.environments import Transaction
from odoo.tests import TransactionCase
from odoo.tests import tagged

from ..models.rules import month_range


@tagged("post_install", "-at_install")
class TestFirstDrawConcurrency(TransactionCase):
    """The first number of a new period, drawn by two transactions at the same moment.

    The first transaction creates the period's range and has not committed
    yet; the second one, wanting the same range, waits for it. Neither may
    fail, and the two numbers differ.
    """

    def _env(self, cr):
        if cr.transaction is None:
            # not through Registry(dbname): its class lock is held by the thread running the tests
            cr.transaction = Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _race(self, first, second):
        """Run ``first`` in one transaction and, while it is still open, ``second`` in another
        (in a thread: it waits for the first to commit). Returns both results."""
        results, errors = {}, []

        def run_second():
            try:
                with self.registry.cursor() as cr2:
                    results["second"] = second(self._env(cr2))
            except Exception as error:
                errors.append(error)

        with self.registry.cursor() as cr1:
            results["first"] = first(self._env(cr1))
            thread = threading.Thread(target=run_second)
            thread.start()
            time.sleep(1.0)  # the second transaction now waits for the first one
            cr1.commit()
        thread.join(30)
        self.assertFalse(thread.is_alive(), "the second transaction never finished")
        self.assertFalse(errors, f"the second transaction failed: {errors}")
        return results["first"], results["second"]

    def test_first_job_numbers_of_a_new_department_and_month(self):
        today = fields.Date.today()
        with self.registry.cursor() as setup_cr:
            env = self._env(setup_cr)
            department = env["cs.department"].create({"name": "Race Department", "code": "RACE"})
            partner = env["res.partner"].create({"name": "Race Client", "is_company": True})
            tickets = env["cs.job.ticket"].create(
                [
                    {
                        "title": f"Race job {n}",
                        "partner_id": partner.id,
                        "department_id": department.id,
                        "description": "<p>Job</p>",
                        "brief": "<p>Brief</p>",
                        "date_due": today + timedelta(days=30),
                    }
                    for n in (1, 2)
                ]
            )
            ids, department_id, partner_id = tickets.ids, department.id, partner.id
        try:

            def submit(ticket_id):
                def step(env):
                    ticket = env["cs.job.ticket"].browse(ticket_id)
                    ticket.action_submit()
                    return ticket.name

                return step

            names = self._race(submit(ids[0]), submit(ids[1]))
            month = today.strftime("%Y%m")
            self.assertEqual(sorted(names), [f"{month}-RACE-01", f"{month}-RACE-02"])
            with self.registry.cursor() as check_cr:
                stored = self._env(check_cr)["cs.job.ticket"].browse(ids).mapped("name")
            self.assertEqual(sorted(stored), sorted(names))
        finally:
            with self.registry.cursor() as cleanup_cr:
                env = self._env(cleanup_cr)
                cleanup_cr.execute("DELETE FROM cs_job_ticket WHERE id = ANY(%s)", [ids])
                department = env["cs.department"].browse(department_id)
                sequence = department.job_sequence_id
                sequence.date_range_ids.unlink()
                department.unlink()
                sequence.unlink()
                env["res.partner"].browse(partner_id).unlink()

    def test_first_client_codes_of_a_year_without_range(self):
        contact = date(2031, 7, 1)  # a first-contact year nobody draws from
        with self.registry.cursor() as setup_cr:
            company = self._env(setup_cr).ref("base.main_company")
            sequence = company._cs_client_code_sequence()
            self.assertFalse(sequence.date_range_ids.filtered(lambda r: r.date_from.year == 2031))

        def draw(env):
            return env.ref("base.main_company")._cs_draw_client_serials(contact, 1)[0]

        try:
            serials = self._race(draw, draw)
            self.assertEqual(sorted(serials), [1, 2])
        finally:
            with self.registry.cursor() as cleanup_cr:
                company = self._env(cleanup_cr).ref("base.main_company")
                ranges = company._cs_client_code_sequence().date_range_ids
                ranges.filtered(lambda r: r.date_from.year == 2031).unlink()

    def test_simultaneous_revisions_get_distinct_numbers(self):
        today = fields.Date.today()
        with self.registry.cursor() as setup_cr:
            env = self._env(setup_cr)
            department = env.ref("customer_service_dept.cs_department_creative")
            partner = env["res.partner"].create({"name": "Revision Client", "is_company": True})
            ticket = env["cs.job.ticket"].create(
                {
                    "title": "Revised job",
                    "partner_id": partner.id,
                    "department_id": department.id,
                    "description": "<p>Job</p>",
                    "brief": "<p>Brief</p>",
                    # the Creative department gets the concept worksheet at submission
                    "concept_product": "Tea",
                    "concept_audience": "Families",
                    "concept_message": "Spring",
                    "date_due": today + timedelta(days=30),
                }
            )
            # the range of the month exists, as the daily cron makes it
            department._job_sequence()._cs_date_range(*month_range(today))
            ticket.action_submit()
            ticket.action_approve()  # __system__, as the demo data does
            original_id, partner_id, job_number = ticket.id, partner.id, ticket.name

        def revise(env):
            action = env["cs.job.ticket"].browse(original_id).action_create_revision()
            return env["cs.job.ticket"].browse(action["res_id"]).name

        try:
            names = self._race(revise, revise)
            self.assertEqual(sorted(names), [f"{job_number}/R1", f"{job_number}/R2"])
        finally:
            with self.registry.cursor() as cleanup_cr:
                cleanup_cr.execute(
                    "DELETE FROM cs_job_ticket WHERE id = %s OR parent_id = %s", [original_id, original_id]
                )
                cleanup_cr.execute("DELETE FROM res_partner WHERE id = %s", [partner_id])
