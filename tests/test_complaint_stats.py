from datetime import datetime
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import render_xlsx
from .complaint_common import RECEIVED
from .complaint_common import ComplaintCommon
from .complaint_common import list_specification


class TestComplaintStatistics(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing = cls.env.ref("customer_service_dept.cs_complaint_category_billing")

    def month_of_complaints(self):
        """March 2026 in Suizhou: 3 quality (1 on time, 1 late reply, 1 not valid),
        1 delivery, 1 uncategorised."""
        on_time, late = self.new_complaint(), self.new_complaint()
        # replies recorded without a judgement (the reply time is the addon's own to write)
        with on_time._cs_transition():
            on_time.write({"reply_date": RECEIVED + timedelta(hours=2), "callback_result": "satisfied"})
            late.write({"reply_date": RECEIVED + timedelta(hours=30)})
        not_valid = self.new_complaint(reply="Outside warranty")
        with freeze_time(RECEIVED + timedelta(hours=1)):
            not_valid.action_judge_not_valid()
        self.new_complaint(category_id=self.delivery.id)
        self.new_complaint(category_id=False)
        # 2026-03-31 17:00 UTC is already April 1st in Suizhou: not in March
        self.new_complaint(received=datetime(2026, 3, 31, 17, 0))
        other = self.env["res.partner"].create({"name": "Wuhan client", "company_id": self.other_company.id})
        self.env["cs.complaint"].with_company(self.other_company).create(
            {
                "partner_id": other.id,
                "content": "x",
                "company_id": self.other_company.id,
                "received_date": RECEIVED,
            }
        )

    def wizard(self):
        return (
            self.env["cs.complaint.stats.wizard"]
            .with_user(self.cs_manager)
            .create({"company_id": self.company.id, "year": 2026, "month": "3"})
        )

    def test_monthly_classification_numbers(self):
        self.month_of_complaints()
        with freeze_time("2026-04-15"):
            rows, total = self.wizard()._cs_statistics()
        by_name = {row["name"]: row for row in rows}
        quality = by_name["Product Quality"]
        self.assertEqual((quality["total"], quality["valid"], quality["not_valid"], quality["closed"]), (3, 0, 1, 1))
        self.assertEqual((quality["reply_met"], quality["reply_late"]), (2, 1))
        self.assertEqual(quality["solution_late"], 2, "the not-valid one needs no solution")
        self.assertEqual(quality["satisfied"], 1)
        self.assertEqual(by_name["Delivery"]["total"], 1)
        self.assertEqual(by_name["Billing"]["total"], 0, "every category has its row")
        self.assertEqual(by_name["Uncategorised"]["total"], 1)
        self.assertEqual(total["total"], 5)
        self.assertEqual(total["reply_late"], 3)
        self.assertEqual(quality["share"], 60.0)

    def test_xlsx_has_the_right_totals(self):
        self.month_of_complaints()
        with freeze_time("2026-04-15"):
            wizard = self.wizard()
            action = wizard.action_export_xlsx()
            sheet = render_xlsx(wizard.env, "customer_service_dept.cs_complaint_stats_report_action_xlsx", wizard.ids)
        self.assertEqual(
            (action["report_type"], action["report_name"], action["context"]["active_ids"]),
            ("xlsx", "customer_service_dept.cs_complaint_stats_xlsx", wizard.ids),
        )
        self.assertEqual(sheet.sheetnames, ["2026-03"])
        sheet = sheet.active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[2]
        total = next(row for row in rows if row[0] == "Total")
        self.assertEqual(total[header.index("Complaints Received")], 5)
        self.assertEqual(total[header.index("Reply Late")], 3)
        # the category rows: between the column titles and the total (the improvement measures follow)
        body = rows[3 : rows.index(total)]
        self.assertEqual(sum(row[header.index("Complaints Received")] for row in body), 5)

    def test_xlsx_rows_by_category_and_category_names_stay_text(self):
        """The Customer Service manager's monthly sheet: each category's counts as in the PDF, the share of
        the month's complaints (3 of 6 = 50.0 %), and a category named like a formula printed as text."""
        formula = self.env["cs.complaint.category"].create({"name": "=1+1", "sequence": 1000})
        self.month_of_complaints()
        self.new_complaint(category_id=formula.id)
        with freeze_time("2026-04-15"):
            wizard = self.wizard()
            sheet = render_xlsx(
                wizard.env, "customer_service_dept.cs_complaint_stats_report_action_xlsx", wizard.ids
            ).active
        rows = {row[0].value: row for row in sheet.iter_rows(min_row=4)}
        self.assertEqual(sheet.cell(1, 1).value, "Complaint Classification Statistics 2026-03, " + self.company.name)
        # received, valid, not valid, closed, replied on time, reply late, solved on time, solution late,
        # satisfied, share %
        self.assertEqual([c.value for c in rows["Product Quality"][1:]], [3, 0, 1, 1, 2, 1, 0, 2, 1, 50])
        self.assertEqual([c.value for c in rows["=1+1"][1:]], [1, 0, 0, 0, 0, 1, 0, 1, 0, 16.7])
        self.assertEqual(rows["=1+1"][0].data_type, "s")
        # solutions late: quality 2, delivery 1, uncategorised 1, "=1+1" 1
        self.assertEqual([c.value for c in rows["Total"][1:]], [6, 0, 1, 1, 2, 4, 0, 5, 1, 100])

    def test_analysis_view_groups_by_sla_state(self):
        self.month_of_complaints()
        groups = self.env["cs.complaint.report"]._read_group(
            [("company_id", "=", self.company.id)], ["category_id"], ["nbr:sum"]
        )
        self.assertEqual(sum(n for _c, n in groups), 6)
        states = dict(
            self.env["cs.complaint.report"]._read_group(
                [("company_id", "=", self.company.id)], ["sla_state"], ["__count"]
            )
        )
        self.assertEqual(sum(states.values()), 6)
        self.assertIn("late", states)


@tagged("post_install", "-at_install")
class TestComplaintReports(ComplaintCommon):
    def test_reports_render(self):
        complaint = self.new_complaint()
        self.investigate(complaint)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("customer_service_dept.cs_complaint_form_report_action", complaint.ids)[0]
            .decode()
        )
        self.assertIn(complaint.name, html)
        self.assertIn("Logistics", html)
        wizard = self.env["cs.complaint.stats.wizard"].create(
            {"company_id": self.company.id, "year": 2026, "month": "3"}
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("customer_service_dept.cs_complaint_stats_report_action", wizard.ids)[0]
            .decode()
        )
        self.assertIn("Product Quality", html)


class TestComplaintListQueries(ComplaintCommon):
    def add_complaints(self, count):
        self.Complaint.create(
            [
                {
                    "partner_id": self.client.id,
                    "content": f"Complaint {i}",
                    "received_date": RECEIVED,
                    "user_id": self.cs_user.id,
                    "category_id": self.quality.id,
                }
                for i in range(count)
            ]
        )

    def test_a_page_of_80_costs_the_same_queries_for_100_or_300_complaints(self):
        spec = list_specification(self.env)
        complaints = self.env["cs.complaint"].with_user(self.cs_manager)
        self.add_complaints(100)
        complaints.web_search_read([], spec, limit=80)  # warm the caches of the views and the rules
        self.env.invalidate_all()
        with self.assertQueryCount(14):
            page = complaints.web_search_read([], spec, limit=80)
        self.assertEqual(len(page["records"]), 80)
        self.add_complaints(200)
        self.env.invalidate_all()
        with self.assertQueryCount(14):
            page = complaints.web_search_read([], spec, limit=80)
        self.assertEqual(page["length"], 300)
