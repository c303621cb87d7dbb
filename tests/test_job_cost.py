import re
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError

from .common import render_xlsx
from .test_job_confirmation import JobConfirmationCommon


class JobCostCommon(JobConfirmationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.opener.cs_hourly_cost = 80.0
        cls.creative.hourly_cost = 50.0
        cls.lieshan = cls.env["res.partner"].create(
            {"name": "Lieshan Grocery", "is_company": True, "company_id": cls.company.id}
        )

    def log(self, ticket, user, hours, day):
        return self.env["cs.job.time"].with_user(user).create({"ticket_id": ticket.id, "hours": hours, "date": day})

    def to_done(self, ticket, done_at):
        with freeze_time(done_at):
            self.confirm_by_client(ticket, self.opener, self.contact)
            ticket.action_start()
            ticket.action_done()


@freeze_time("2026-03-02 02:00:00")
class TestJobCost(JobCostCommon):
    def test_cost_is_hours_times_the_persons_rate_else_the_departments(self):
        """制管作业–监控时间与内部成本: the AE's 3.5 h at 80, the member's 2 h at the department's 50."""
        ticket = self.approved_ticket(budget=400.0)
        self.log(ticket, self.opener, 3.5, date(2026, 3, 2))
        line = self.log(ticket, self.member, 2.0, date(2026, 3, 2))
        self.assertEqual((line.hourly_rate, line.cost), (50.0, 100.0))
        self.assertEqual((ticket.hours_spent, ticket.cost), (5.5, 380.0))  # 3.5 × 80 + 2 × 50
        self.assertFalse(ticket.over_budget)
        self.assertEqual(ticket.budget_used, 95.0)
        self.log(ticket, self.member, 1.0, date(2026, 3, 3))
        self.assertEqual(ticket.with_user(self.opener).cost, 430.0)
        self.assertTrue(ticket.with_user(self.cr_manager).over_budget)
        self.assertEqual(ticket.budget_used, 107.5)

    def test_a_later_rate_does_not_rewrite_logged_cost(self):
        ticket = self.approved_ticket()
        line = self.log(ticket, self.opener, 2.0, date(2026, 3, 2))
        self.assertEqual(line.cost, 160.0)
        self.opener.cs_hourly_cost = 120.0
        self.creative.hourly_cost = 70.0
        ticket.invalidate_recordset()
        self.assertEqual((line.cost, ticket.cost), (160.0, 160.0))

    def test_rate_and_cost_are_never_entered(self):
        ticket = self.approved_ticket()
        for vals in ({"cost": 1.0}, {"hourly_rate": 1.0}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "computed"):
                self.env["cs.job.time"].with_user(self.opener).create(
                    {"ticket_id": ticket.id, "hours": 1.0, "date": "2026-03-02", **vals}
                )
        line = self.log(ticket, self.member, 1.0, date(2026, 3, 2))
        with self.assertRaisesRegex(UserError, "computed"):
            line.with_user(self.member).write({"cost": 0.0})

    def test_budget_is_fixed_by_the_approval(self):
        ticket = self.make_ticket(budget=300.0)
        ticket.write({"budget": 350.0})
        ticket.action_submit()
        ticket.with_user(self.cr_manager).write({"budget": 400.0})
        ticket.with_user(self.cr_manager).action_approve()
        for user in (self.opener, self.cr_manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "revision"):
                ticket.with_user(user).write({"budget": 1000.0})
        self.assertEqual(ticket.budget, 400.0)


class TestClientStatistics(JobCostCommon):
    def _month_of_jobs(self):
        """Three jobs of Zengdu Store across February, March and April (Shanghai), one of Lieshan Grocery."""
        with freeze_time("2026-02-27 03:00:00"):  # 27 Feb 11:00 in Shanghai
            february = self.approved_ticket(title="Gift box", budget=300.0)
            self.log(february, self.member, 4.0, date(2026, 2, 27))  # 4 × 50 = 200
        with freeze_time("2026-02-28 17:00:00"):  # 1 March 01:00 in Shanghai: a March job
            march = self.approved_ticket(title="Poster", budget=500.0)
            self.log(march, self.opener, 2.0, date(2026, 3, 2))  # 2 × 80 = 160
        with freeze_time("2026-03-02 02:00:00"):
            late = self.approved_ticket(title="Banner", due=date(2026, 3, 9))
            other = self.approved_ticket(title="Price list", partner_id=self.lieshan.id, budget=90.0)
        self.to_done(march, "2026-03-10 03:00:00")  # due 20 March: on time
        self.to_done(late, "2026-03-12 02:00:00")  # due 9 March: late
        self.to_done(february, "2026-03-31 17:00:00")  # 1 April 01:00 in Shanghai, due 20 March: late
        return february, march, late, other

    def test_statistics_per_client_and_month_in_the_company_time_zone(self):
        """客户实绩统计表: jobs, hours, cost, budget and on-time delivery per client and month."""
        self._month_of_jobs()
        Stats = self.env["cs.job.client.stats"].with_user(self.opener)
        rows = Stats.search([("partner_id", "=", self.client.id)], order="month")
        self.assertEqual(
            [
                (str(r.month), r.job_count, r.hours, r.cost, r.budget, r.done_count, r.on_time_count, r.on_time_rate)
                for r in rows
            ],
            [
                ("2026-02-01", 1, 4.0, 200.0, 300.0, 0, 0, 0.0),
                ("2026-03-01", 2, 2.0, 160.0, 500.0, 2, 1, 50.0),
                ("2026-04-01", 0, 0.0, 0.0, 0.0, 1, 0, 0.0),
            ],
        )
        # a total's rate is over its jobs (1 of 3 on time), not the average of the months' rates (25 %)
        totals = Stats._read_group(
            [("partner_id", "in", (self.client | self.lieshan).ids)],
            ["partner_id"],
            ["job_count:sum", "hours:sum", "cost:sum", "budget:sum", "on_time_rate:avg"],
        )
        self.assertEqual(
            {p.name: tuple(values) for p, *values in totals},
            {"Lieshan Grocery": (1, 0.0, 0.0, 90.0, False), "Zengdu Store": (3, 6.0, 360.0, 800.0, 33.3)},
        )

    def test_statistics_print_as_pdf_and_spreadsheet(self):
        self._month_of_jobs()
        Stats = self.env["cs.job.client.stats"].with_user(self.opener)
        rows = Stats.search([])
        sheet = render_xlsx(Stats.env, "customer_service_dept.action_report_cs_job_client_stats_xlsx", rows.ids).active
        self.assertEqual(sheet.cell(1, 1).value, "Client performance statistics")
        values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
        self.assertEqual(
            values,
            [
                ["2026-02", "Zengdu Store", None, 1, 4, 200, 300, 0, 0, None],
                ["2026-02", "Total", None, 1, 4, 200, 300, 0, 0, None],
                ["2026-03", "Lieshan Grocery", None, 1, 0, 0, 90, 0, 0, None],
                ["2026-03", "Zengdu Store", None, 2, 2, 160, 500, 2, 1, 50],
                ["2026-03", "Total", None, 3, 2, 160, 590, 2, 1, 50],
                ["2026-04", "Zengdu Store", None, 0, 0, 0, 0, 1, 0, 0],
                ["2026-04", "Total", None, 0, 0, 0, 0, 1, 0, 0],
            ],
        )
        report = self.env["ir.actions.report"].with_user(self.opener)
        page = report._render_qweb_html("customer_service_dept.action_report_cs_job_client_stats", rows.ids)[0]
        text = " ".join(re.sub(r"<[^>]+>", " ", page.decode()).split())
        self.assertIn("2026-03 Client Jobs Hours Cost Budget Delivered On Time On-time Rate", text)
        self.assertIn("Total 3 02:00", text)
        self.assertIn("50.0 %", text)


class TestWeeklyReportCost(JobCostCommon):
    def test_weekly_report_shows_budget_cost_and_warns_over_budget(self):
        """Hours × rate against the budget in the weekly status report, with a warning over budget."""
        with freeze_time("2026-03-02 02:00:00"):
            over = self.approved_ticket(title="Poster", budget=100.0)
            self.log(over, self.opener, 2.0, date(2026, 3, 2))  # 160 > 100
            within = self.approved_ticket(title="Banner", budget=500.0)
            self.log(within, self.member, 2.0, date(2026, 3, 2))  # 100
        report = (
            self.env["cs.job.weekly.report"]
            .with_user(self.cr_manager)
            .create({"date": date(2026, 3, 5), "company_id": self.company.id})
        )
        sheet = render_xlsx(report.env, "customer_service_dept.action_report_cs_job_weekly_xlsx", report.ids).active
        head = [c.value for c in next(sheet.iter_rows(min_row=3, max_row=3))]
        rows = {r[4]: dict(zip(head, r, strict=False)) for r in sheet.iter_rows(min_row=4, values_only=True)}
        self.assertEqual(
            [(rows[t]["Budget"], rows[t]["Cost"], rows[t]["Over Budget"]) for t in ("Poster", "Banner")],
            [(100, 160, "Over budget"), (500, 100, None)],
        )
        page = (
            self.env["ir.actions.report"]
            .with_user(self.cr_manager)
            ._render_qweb_html("customer_service_dept.action_report_cs_job_weekly", report.ids)[0]
        )
        text = " ".join(re.sub(r"<[^>]+>", " ", page.decode()).split())
        self.assertEqual(text.count("Over budget:"), 1)
        self.assertIn("Over budget: $ 160.00 / $ 100.00", text)
