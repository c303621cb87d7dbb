import base64

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.exceptions import UserError
from odoo.tools import SQL

from .common import run_jobs
from .common_settlement import ID_1
from .common_settlement import luhn_complete
from .test_settlement_flow import SettlementFlowCommon


class TestSettlementImportJob(SettlementFlowCommon):
    """Large bank result files are imported by a queued job (OCA queue_job), run as the accountant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Result = cls.env["cs.settlement.result"]
        cls.Import = cls.env["cs.settlement.import"]

    def _five_lines(self, batch):
        """Five result lines: three balances (signed), one bank message (failed), one unknown number."""
        a, b, c, d = batch.agreement_ids.sorted("transfer_number")
        content = (
            "转账银行编号,余额\n"
            f"{a.transfer_number},100\n"
            f"{b.transfer_number},0\n"
            f'{c.transfer_number},"1,200.00"\n'
            f"{d.transfer_number},客户不属于本单位\n"
            "NO-SUCH-NUMBER,15\n"
        )
        return content.encode()

    def _notifications(self, subject):
        return self.env["mail.notification"].search(
            [("res_partner_id", "=", self.accountant.partner_id.id), ("mail_message_id.subject", "=", subject)]
        )

    def _attachments(self):
        return self.env["ir.attachment"].search([("res_model", "=", "cs.settlement.import")])

    def test_large_file_is_queued_then_the_job_imports_it_and_posts_the_outcome(self):
        """「如果系统中"余额(元)"栏中对应的是具体的数值则证明签约成功」; 「客户不属于本单位」 is a failed signing.

        Above the company's threshold (here 3 lines) the file is queued, not imported; the job, run as the
        accountant who sent it, reconciles it, posts the outcome on the batch and notifies the accountant.
        """
        self.company.cs_settlement_job_lines = 3
        batch = self.sent_batch(4)
        agreements = batch.agreement_ids.sorted("transfer_number")
        with trap_jobs() as trap:
            action = self.import_file(self._five_lines(batch), name="ccb-2026-11.csv", batch=batch)
            trap.assert_jobs_count(1, only=self.Import._cs_import_job)
            job = trap.enqueued_jobs[0]
            self.assertEqual(job.recordset.env.uid, self.accountant.id, "the job runs as the accountant")
            self.assertEqual(job.channel, "root.customer_service")
            self.assertEqual(action["tag"], "display_notification")
            self.assertIn("5 lines", action["params"]["message"])
            # queued, not imported
            self.assertEqual(set(agreements.mapped("state")), {"sent"})
            self.assertFalse(self.Result.search([("batch_id", "=", batch.id)]))
            self.assertIn("imported in the background", batch.message_ids[0].body)
            self.assertEqual(len(self._attachments()), 1)
            trap.perform_enqueued_jobs()
        self.assertEqual(
            [(x.state, x.failure_reason) for x in agreements],
            [("signed", False), ("signed", False), ("signed", False), ("failed", "not_unit")],
        )
        lines = self.Result.search([("file_name", "=", "ccb-2026-11.csv")])
        self.assertEqual(sorted(lines.mapped("outcome")), ["failed", "signed", "signed", "signed", "unmatched"])
        self.assertEqual(set(lines.create_uid.ids), {self.accountant.id})
        self.assertEqual(batch.state, "done")
        outcome = "3 signed, 1 failed, 1 lines unmatched"
        self.assertTrue(any(outcome in m.body for m in batch.message_ids), "outcome posted on the batch")
        self.assertIn(outcome, job.result)
        notified = self._notifications("Bank results imported")
        self.assertEqual(len(notified), 1, "the accountant is notified once")
        self.assertIn("ccb-2026-11.csv", notified.mail_message_id.body)
        self.assertFalse(self._attachments(), "the queued file is not kept once imported")

    def test_same_file_below_the_threshold_imports_at_once(self):
        """The default threshold is 5,000 lines; a file of at most that many lines is imported at once."""
        self.assertEqual(self.company.cs_settlement_job_lines, 5000)
        for threshold in (5000, 5):  # 5 lines are not above 5
            with self.subTest(threshold=threshold):
                self.company.cs_settlement_job_lines = threshold
                batch = self.sent_batch(4)
                with trap_jobs() as trap:
                    action = self.import_file(self._five_lines(batch), batch=batch)
                    trap.assert_jobs_count(0)
                self.assertEqual(action["name"], "Bank results: 3 signed, 1 failed, 1 unmatched")
                self.assertEqual(batch.state, "done")
                self.assertEqual(len(self.Result.search(action["domain"])), 5)

    def test_job_run_again_changes_nothing(self):
        """A retried or requeued job finds its result lines and imports nothing twice."""
        self.company.cs_settlement_job_lines = 3
        batch = self.sent_batch(4)
        with trap_jobs() as trap:
            self.import_file(self._five_lines(batch), batch=batch)
            job = trap.enqueued_jobs[0]
            trap.perform_enqueued_jobs()
        lines, messages = self.Result.search_count([]), len(batch.message_ids)
        notified = len(self._notifications("Bank results imported"))
        result = job.func(*job.args)
        self.assertIn("imported already", result)
        self.assertEqual(self.Result.search_count([]), lines)
        self.assertEqual(len(batch.message_ids), messages)
        self.assertEqual(len(self._notifications("Bank results imported")), notified)

    def test_refused_large_file_changes_nothing_and_is_posted(self):
        """A file with a bad line is refused as a whole, in the background too: posted and notified."""
        self.company.cs_settlement_job_lines = 3
        batch = self.sent_batch(4)
        content = self._five_lines(batch).replace(b",100\n", b",??\n")
        jobs = run_jobs(self.import_file, content, name="bad.csv", batch=batch)
        self.assertEqual(set(batch.agreement_ids.mapped("state")), {"sent"})
        self.assertFalse(self.Result.search([("file_name", "=", "bad.csv")]))
        self.assertIn("was not imported", batch.message_ids[0].body)
        self.assertIn("Line 2", batch.message_ids[0].body)
        self.assertIn("Line 2", jobs[0].result)
        self.assertEqual(len(self._notifications("Bank results not imported")), 1)
        self.assertFalse(self._attachments())

    def test_job_waits_while_another_import_of_the_company_runs(self):
        """Two imports never reconcile the same company's agreements together: the job is retried later."""
        self.company.cs_settlement_job_lines = 3
        batch = self.sent_batch(4)
        with trap_jobs() as trap:
            self.import_file(self._five_lines(batch), batch=batch)
            job = trap.enqueued_jobs[0]
        with self.registry.cursor() as other_cr:
            # another transaction imports the company's results right now
            other_cr.execute(
                SQL("SELECT pg_advisory_xact_lock(hashtext(%s), %s)", "cs.settlement.import", self.company.id)
            )
            with self.assertRaises(RetryableJobError):
                job.perform()
            with self.assertRaisesRegex(UserError, "being imported right now"):
                self.import_file(b"transfer number,balance\nT1,1\n")
            other_cr.rollback()
        self.assertEqual(set(batch.agreement_ids.mapped("state")), {"sent"})
        job.perform()  # the retry, once the other import is over
        self.assertEqual(batch.state, "done")

    def test_stored_job_keeps_the_accountant_and_its_arguments(self):
        """What the job runner reads back from the database (not trapped): the accountant, the file, the batch."""
        self.company.cs_settlement_job_lines = 3
        batch = self.sent_batch(4)
        self.import_file(self._five_lines(batch), name="stored.csv", batch=batch)
        stored = self.env["queue.job"].search([("method_name", "=", "_cs_import_job")])
        self.assertEqual(
            (stored.user_id, stored.channel, stored.state), (self.accountant, "root.customer_service", "pending")
        )
        self.assertEqual(set(batch.agreement_ids.mapped("state")), {"sent"})
        Job.load(self.env, stored.uuid).perform()  # synchronously, as the runner would, no runner involved
        self.assertEqual(batch.state, "done")
        self.assertEqual(
            set(self.Result.search([("file_name", "=", "stored.csv")]).create_uid.ids), {self.accountant.id}
        )

    def test_a_callers_context_does_not_pull_the_import_into_the_request(self):
        """queue_job runs a job at once under the context key queue_job__no_delay: not this import."""
        self.company.cs_settlement_job_lines = 3
        batch = self.sent_batch(4)
        wizard = (
            self.Import.with_user(self.accountant)
            .with_context(queue_job__no_delay=True)
            .create({"file": base64.b64encode(self._five_lines(batch)), "company_id": self.company.id})
        )
        with trap_jobs() as trap:
            wizard.action_import()
            trap.assert_jobs_count(1)
        self.assertEqual(set(batch.agreement_ids.mapped("state")), {"sent"})

    def test_only_accountants_queue_an_import(self):
        self.company.cs_settlement_job_lines = 3
        batch = self.sent_batch(4)
        with trap_jobs() as trap, self.assertRaises(UserError):
            self.import_file(self._five_lines(batch), batch=batch, user=self.cs_user)
        trap.assert_jobs_count(0)


class TestScheduledJobs(SettlementFlowCommon):
    """The heavy scheduled actions queue one job per company instead of working in the cron's transaction."""

    def _verified_change(self, company):
        retailer = self.make_retailer(f"Store of {company.name}", company_id=company.id)
        old = self.make_agreement(retailer, company_id=company.id)
        old.action_verify()
        wizard = (
            self.env["cs.settlement.change"]
            .with_company(company)
            .with_context(default_agreement_id=old.id)
            .create(
                {
                    "bank_id": self.ccb.id,
                    "account_holder": "Zhang San",
                    "account_number": luhn_complete(f"6227009{company.id:011d}"),
                    "account_kind": "card",
                    "transfer_number": old.transfer_number,
                    "id_card_number": ID_1,
                    "card_copy": base64.b64encode(b"card"),
                    "id_copy": base64.b64encode(b"id"),
                }
            )
        )
        new = self.Agreement.browse(wizard.action_confirm()["res_id"])
        new.with_user(self.cs_user).with_company(company).action_verify()
        return new

    def test_friday_cron_queues_one_job_per_company(self):
        """Seed 000 三: 客户重新进行电子结算签约你可以在每周五进行汇总后一起交给财务科签约 — per company."""
        Batch = self.env["cs.settlement.batch"]
        changes = {company: self._verified_change(company) for company in (self.company, self.other_company)}
        with trap_jobs() as trap:
            Batch._cron_prepare_change_batches()
            Batch._cron_prepare_change_batches()  # run twice before the job runner: still one job per company
            trap.assert_jobs_count(2, only=Batch._cs_prepare_change_batches)
            for company in changes:
                trap.assert_enqueued_job(Batch._cs_prepare_change_batches, args=(company,))
            self.assertFalse(Batch.search([("kind", "=", "change")]), "the cron itself prepares nothing")
            trap.perform_enqueued_jobs()
        for company, change in changes.items():
            batch = Batch.search([("kind", "=", "change"), ("company_id", "=", company.id)])
            self.assertEqual(batch.agreement_ids, change)
            self.assertEqual(batch.state, "draft")

    def test_daily_number_ranges_cron_queues_one_job_per_company(self):
        Department = self.env["cs.department"]
        jobs = run_jobs(Department._cron_prepare_number_ranges)
        companies = self.env["res.company"].search([])
        self.assertEqual(sorted(job.args[0].id for job in jobs), sorted(companies.ids))
        self.assertEqual(sum(1 for job in jobs if job.kwargs["shared"]), 1, "shared sequences are prepared once")
