"""The analyses, statistics, KPI table and printed reports are reads: Odoo serves them from a read
replica when one is configured (``--db_replica_host``), and in tests on a read-only transaction (Odoo's
replica simulation). Any write there fails, and Odoo then retries the request on the primary, logging
"retrying with a read/write cursor": these tests fail on that warning."""

from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

ANALYSES = {
    # model: (group-by of its pivot, fields of its list)
    "cs.complaint.report": (["category_id"], ["name", "category_id", "received_date"]),
    "cs.return.analysis": (["reason_id", "condition"], ["date", "product_id", "quantity", "amount"]),
    "cs.damage.analysis": (["reason_id", "kind"], ["date", "product_id", "quantity", "amount", "disposed_qty"]),
    "cs.job.client.stats": (["partner_id", "month:month"], ["month", "partner_id", "hours", "cost", "on_time_rate"]),
    "cs.satisfaction.report": (["category_id", "user_id"], ["date", "case_type", "result", "satisfaction_rate"]),
}
# wizard model -> (its values, the PDF report, the XLSX report)
PRINTED = {
    "cs.stock.analysis.export": (
        {"analysis": "damage"},
        "customer_service_dept.report_cs_stock_analysis",
        "customer_service_dept.cs_stock_analysis_xlsx",
    ),
    "cs.kpi.report": ({}, "customer_service_dept.report_cs_kpi", "customer_service_dept.cs_kpi_report_xlsx"),
    "cs.complaint.stats.wizard": (
        {},
        "customer_service_dept.report_cs_complaint_stats",
        "customer_service_dept.cs_complaint_stats_xlsx",
    ),
    "cs.callback.summary.wizard": (
        {},
        "customer_service_dept.report_cs_callback_summary",
        "customer_service_dept.callback_summary_xlsx",
    ),
    "cs.daily.shipment.report": (
        {},
        "customer_service_dept.report_cs_daily_shipment",
        "customer_service_dept.daily_shipment_xlsx",
    ),
}


@tagged("post_install", "-at_install")
class TestReplicaReads(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "replica_cs_manager",
            password="replica_cs_manager",
            groups="customer_service_dept.group_cs_manager,stock.group_stock_user",
            tz="Asia/Shanghai",
            lang="en_US",
        )

    def setUp(self):
        super().setUp()
        self.authenticate("replica_cs_manager", "replica_cs_manager")

    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}.{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_analyses_are_answered_without_writing(self):
        """The pivot and the list of every analysis, as the Customer Service manager's web client asks."""
        for model, (groupby, fields) in ANALYSES.items():
            with self.subTest(model=model), self.assertNoLogs("odoo.http", "WARNING"):
                groups = self.call(model, "web_read_group", [], groupby=groupby, aggregates=["__count"])
                self.assertIn("groups", groups)
                rows = self.call(model, "web_search_read", [], {name: {} for name in fields}, limit=80)
                self.assertIn("records", rows)

    def test_printed_reports_are_rendered_without_writing(self):
        """Each period report (PDF as HTML, and its spreadsheet) of a wizard the manager filled in."""
        for model, (values, pdf, xlsx) in PRINTED.items():
            wizard = self.env[model].with_user(self.manager).create(values)
            self.env.flush_all()
            for converter, report in (("html", pdf), ("xlsx", xlsx)):
                with self.subTest(report=report), self.assertNoLogs("odoo.http", "WARNING"):
                    response = self.url_open(f"/report/{converter}/{report}/{wizard.id}")
                    self.assertEqual(response.status_code, 200, response.text[:500])
