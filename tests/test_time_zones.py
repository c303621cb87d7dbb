"""Days, weeks and months are cut where the clerks live (Beijing), not where the server runs (UTC).

A Beijing day starts at 16:00 UTC the day before: a delivery done at 07:30 on
10 March in Beijing is stored as 2026-03-09 23:30 UTC.
"""

import base64
import io
from datetime import date
from datetime import datetime

import openpyxl
from freezegun import freeze_time

from odoo.tests import Form
from odoo.tests import new_test_user

from ..models.rules import local_datetime
from .common import run_jobs
from .common_jobs import JobCommon
from .common_stock import StockCommon
from .complaint_common import ComplaintCommon


class TestCompanyTimeZone(JobCommon):
    def test_company_time_zone_defaults_to_china_and_is_a_setting(self):
        """Without a partner time zone, a company works in Asia/Shanghai, where the department is."""
        company = self.env["res.company"].create({"name": "Suizhou Branch"})
        self.assertEqual(company.cs_tz, "Asia/Shanghai")
        partner = self.env["res.partner"].create({"name": "Urumqi Branch", "tz": "Asia/Urumqi"})
        self.assertEqual(
            self.env["res.company"].create({"name": "Urumqi Branch", "partner_id": partner.id}).cs_tz, "Asia/Urumqi"
        )
        manager = new_test_user(
            self.env,
            "tz_admin",
            groups="base.group_system,customer_service_dept.group_cs_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        with Form(self.env["res.config.settings"].with_user(manager)) as settings:
            settings.cs_tz = "Asia/Hong_Kong"
        self.assertEqual(self.company.cs_tz, "Asia/Hong_Kong")

    def test_reader_time_zone_is_theirs_else_the_company(self):
        self.company.cs_tz = "Asia/Shanghai"
        self.assertEqual(self.company._cs_reader_tz(self.opener), "Asia/Shanghai")
        paris = self.env["res.partner"].create({"name": "Paris office", "tz": "Europe/Paris"})
        self.assertEqual(self.company._cs_reader_tz(paris), "Europe/Paris")
        self.assertEqual(self.company._cs_reader_tz(self.env["res.partner"].create({"name": "No tz"})), "Asia/Shanghai")
        with freeze_time("2026-03-09 23:30:00"):
            self.assertEqual(self.company._cs_today(), date(2026, 3, 10))


class TestDailyShipmentDay(StockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_tz = "Asia/Shanghai"
        cls.beijing_storekeeper = new_test_user(
            cls.env,
            "bj_storekeeper",
            groups="stock.group_stock_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
            tz="Asia/Shanghai",
        )
        # Done at 07:30 on 10 March in Beijing.
        cls.delivery.move_ids.write({"date": datetime(2026, 3, 9, 23, 30)})

    def _rows(self, day):
        """The report's rows as (customer, product, quantity, amount), with the total quantity and amount."""
        report = self.env["cs.daily.shipment.report"].with_user(self.beijing_storekeeper).create({"date": day})
        rows, totals = report._rows()
        return (
            [[row["customer"], row["product"], row["quantity"], row["amount"]] for row in rows],
            totals["quantity"],
            totals["amount"],
        )

    def test_delivery_at_0730_beijing_is_in_its_day(self):
        """每日发货报表: a delivery done 2026-03-10 07:30 Beijing (2026-03-09 23:30 UTC) is shipped on 10 March."""
        rows, qty, amount = self._rows(date(2026, 3, 10))
        self.assertEqual(
            rows, [["Zengdu Store", "Spring Tea", 10.0, 120.0], ["Zengdu Store", "Steel Pipe", 5.0, 400.0]]
        )
        self.assertEqual((qty, amount), (15.0, 520.0))
        self.assertEqual(self._rows(date(2026, 3, 9)), ([], 0, 0))

    def test_day_ends_at_midnight_beijing(self):
        """23:59 Beijing is still the 10th; 00:00 Beijing on the 11th (16:00 UTC) is the next day."""
        tea, pipe = self.delivery.move_ids.sorted(lambda m: m.product_id.name)
        tea.date = datetime(2026, 3, 10, 15, 59, 59)
        pipe.date = datetime(2026, 3, 10, 16, 0, 0)
        self.assertEqual([r[1] for r in self._rows(date(2026, 3, 10))[0]], ["Spring Tea"])
        self.assertEqual([r[1] for r in self._rows(date(2026, 3, 11))[0]], ["Steel Pipe"])


class TestWeeklyReportTimeZone(JobCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_tz = "Asia/Shanghai"

    def _submitted_at(self, utc, title, finished=False):
        """A ticket submitted at ``utc``; ``finished``: also approved, worked and done at that moment
        (no longer open in the following weeks)."""
        with freeze_time(utc):
            ticket = self.make_ticket(title=title)
            ticket.action_submit()
            if finished:
                ticket.with_user(self.cr_manager).action_approve()
                self.confirm_by_client(ticket)  # 所有执行工作均需经由客户确认同意后, 方始进入执行阶段
                ticket.with_user(self.opener).action_start()
                ticket.with_user(self.opener).action_done()
        return ticket

    def _sheet_titles(self, mail):
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(mail.attachment_ids.datas))).active
        return sorted(row[4].value for row in sheet.iter_rows(min_row=4))

    def test_friday_cron_cuts_the_week_in_the_company_time_zone(self):
        """每周五工作进度报告: the week runs Monday 00:00 to Sunday 24:00 Beijing time."""
        self._submitted_at("2026-03-08 15:30:00", "Sunday 23:30 Beijing", finished=True)  # week of 2 March
        self._submitted_at("2026-03-08 16:30:00", "Monday 00:30 Beijing")  # week of 9 March
        self._submitted_at("2026-03-15 15:59:00", "Sunday 23:59 Beijing")  # week of 9 March
        self._submitted_at("2026-03-15 16:00:00", "Monday 00:00 Beijing")  # week of 16 March
        with freeze_time("2026-03-13 01:00:00"):  # Friday 09:00 in Beijing; the cron runs as the superuser
            run_jobs(self.env["cs.job.weekly.report"]._cron_send_weekly_report)
        mail = self.env["mail.mail"].search([("subject", "like", "Weekly job status 2026-03-09")])
        self.assertEqual(len(mail), 1)
        self.assertEqual(self._sheet_titles(mail), ["Monday 00:30 Beijing", "Sunday 23:59 Beijing"])

    def test_friday_cron_runs_at_1730_beijing(self):
        """「在周五下午5:30拷貝周工作報表電子文件至營業主管」: Friday 17:30 Beijing is 09:30 UTC."""
        cron = self.env.ref("customer_service_dept.ir_cron_cs_job_weekly_report")
        local = local_datetime(cron.nextcall, "Asia/Shanghai")
        self.assertEqual((local.weekday(), local.hour, local.minute), (4, 17, 30))

    def test_reader_week_is_cut_in_the_reader_time_zone(self):
        self._submitted_at("2026-03-08 15:30:00", "Sunday 23:30 Beijing", finished=True)
        monday = self._submitted_at("2026-03-08 16:30:00", "Monday 00:30 Beijing")
        report = (
            self.env["cs.job.weekly.report"]
            .with_user(self.cr_manager)
            .create({"date": date(2026, 3, 11), "company_id": self.company.id})
        )
        self.assertEqual(report._tickets(), monday)

    def test_friday_cron_run_twice_sends_one_mail(self):
        """The Friday report is sent once a week, however often the scheduled action runs."""
        self._submitted_at("2026-03-09 02:00:00", "Poster")
        Report = self.env["cs.job.weekly.report"]
        with freeze_time("2026-03-13 01:00:00"):
            run_jobs(Report._cron_send_weekly_report)
        with freeze_time("2026-03-13 02:00:00"):
            run_jobs(Report._cron_send_weekly_report)
        self.assertEqual(self.env["mail.mail"].search_count([("subject", "like", "Weekly job status")]), 1)
        self.assertEqual(self.company.cs_weekly_report_week, date(2026, 3, 9))
        self._submitted_at("2026-03-16 02:00:00", "Banner")
        with freeze_time("2026-03-20 01:00:00"):  # the next Friday: its own week is sent
            run_jobs(Report._cron_send_weekly_report)
        self.assertEqual(self.env["mail.mail"].search_count([("subject", "like", "Weekly job status 2026-03-16")]), 1)


class TestMeetingNoticeTimeZone(JobCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_tz = "Asia/Shanghai"
        cls.beijing = cls.env["res.partner"].create(
            {"name": "Ms Wang", "email": "wang@example.com", "tz": "Asia/Shanghai"}
        )
        cls.no_tz = cls.env["res.partner"].create({"name": "Mr Li", "email": "li@example.com", "tz": False})
        cls.paris = cls.env["res.partner"].create(
            {"name": "M. Martin", "email": "martin@example.com", "tz": "Europe/Paris"}
        )

    def _event(self, start, attendees):
        return (
            self.env["calendar.event"]
            .with_user(self.opener)
            .create(
                {
                    "name": "Spring campaign review",
                    "start": start,
                    "stop": start.replace(hour=start.hour + 1),
                    "user_id": self.opener.id,
                    "partner_ids": [(6, 0, attendees.ids)],
                    "cs_meeting_notice": True,
                    "cs_partner_id": self.client.id,
                    "cs_topic": "Spring campaign artwork",
                }
            )
        )

    def _notices(self, event):
        return event.message_ids.filtered(lambda m: "Spring campaign artwork" in (m.subject or ""))

    def test_10_00_beijing_meeting_is_printed_10_00(self):
        """A 10:00 Beijing meeting (02:00 UTC) reads 10:00 for Beijing readers, whoever runs the scheduler."""
        event = self._event(datetime(2026, 3, 10, 2, 0), self.beijing | self.no_tz | self.paris)
        with freeze_time("2026-03-09 03:00:00"):
            self.env["calendar.event"]._cron_cs_meeting_notices()
        notices = self._notices(event)
        self.assertEqual(len(notices), 2)
        beijing = notices.filtered(lambda m: self.beijing in m.partner_ids)
        self.assertEqual(beijing.partner_ids, self.beijing | self.no_tz)
        self.assertIn("10:00", beijing.body)
        self.assertNotIn("02:00", beijing.body)
        paris = notices.filtered(lambda m: self.paris in m.partner_ids)
        self.assertEqual(paris.partner_ids, self.paris)
        self.assertIn("03:00", paris.body)  # Paris is UTC+1 in March
        self.assertNotIn("10:00", paris.body)

    def test_phone_activity_is_due_on_the_meeting_day_in_beijing(self):
        """The one-hour-before call for an 08:30 Beijing meeting on 10 March is due on 10 March."""
        event = self._event(datetime(2026, 3, 10, 0, 30), self.beijing)
        with freeze_time("2026-03-09 23:30:00"):  # 07:30 on 10 March in Beijing
            self.env["calendar.event"]._cron_cs_meeting_notices()
        self.assertEqual(event.cs_confirm_activity_id.date_deadline, date(2026, 3, 10))

    def test_cancelled_phone_activity_is_not_created_again(self):
        """Run twice, the hourly action asks for one call, even when the first was dealt with meanwhile."""
        event = self._event(datetime(2026, 3, 10, 2, 0), self.beijing)
        Event = self.env["calendar.event"]
        with freeze_time("2026-03-10 01:10:00"):
            Event._cron_cs_meeting_notices()
            event.cs_confirm_activity_id.with_user(self.opener).unlink()
        with freeze_time("2026-03-10 01:40:00"):
            Event._cron_cs_meeting_notices()
        calls = self.env["mail.activity"].search(
            [
                ("res_model", "=", "calendar.event"),
                ("res_id", "=", event.id),
                ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_call").id),
            ]
        )
        self.assertFalse(calls)
        self.assertEqual(len(self._notices(event)), 1)


class TestNumberRangesTimeZone(JobCommon):
    def _ranges(self, sequence):
        return sorted(
            (r.date_from, r.date_to)
            for r in self.env["ir.sequence.date_range"].search([("sequence_id", "=", sequence.id)])
        )

    def test_april_starts_at_midnight_beijing_and_a_second_run_creates_nothing(self):
        """On 1 April 00:30 Beijing (31 March 16:30 UTC) "this month" is April: April and May are prepared."""
        self.company.cs_tz = "Asia/Shanghai"
        Department = self.env["cs.department"]
        with freeze_time("2026-03-31 16:30:00"):
            run_jobs(Department._cron_prepare_number_ranges)
            first = self._ranges(self.creative.job_sequence_id)
            run_jobs(Department._cron_prepare_number_ranges)
        self.assertIn((date(2026, 5, 1), date(2026, 5, 31)), first)
        self.assertEqual(self._ranges(self.creative.job_sequence_id), first)


class TestMonthsAndKpiWeeks(StockCommon):
    """Monthly damage analysis months and KPI weeks are Beijing months and weeks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_tz = "Asia/Shanghai"
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)], "tz": "Asia/Shanghai"}
        cls.bj_cs_user = new_test_user(
            cls.env, "bj_cs_user", groups="customer_service_dept.group_cs_user,stock.group_stock_user", **common
        )

    def test_scrap_at_0100_beijing_on_1_march_is_a_march_damage(self):
        """破损分析 (monthly): a scrap done 1 March 01:00 Beijing (28 Feb 17:00 UTC) counts in March."""
        with freeze_time(datetime(2026, 2, 28, 17, 0)):
            scrap = self.scrap_damage(self.tea, 4, "customer_service_dept.scrap_reason_wet", "destroy")
        self.assertEqual(self.env["cs.damage.analysis"].search([("scrap_id", "=", scrap.id)]).date, date(2026, 3, 1))
        Export = self.env["cs.stock.analysis.export"].with_user(self.bj_cs_user)
        march = Export.create({"analysis": "damage", "date": date(2026, 3, 1)})
        february = Export.create({"analysis": "damage", "date": date(2026, 2, 1)})
        self.assertEqual(march._rows()[1], 4.0)
        self.assertEqual(february._rows()[1], 0)

    def test_kpi_week_2_starts_at_midnight_beijing_on_8_march(self):
        """客户服务部重要衡量指标跟踪表: week 1 is days 1-7, week 2 days 8-14, in Beijing time."""
        counts = self.env["cs.stock.count"]
        for when in (datetime(2026, 3, 7, 15, 0), datetime(2026, 3, 7, 17, 0)):  # 7 Mar 23:00, 8 Mar 01:00
            counts |= counts.create(
                {
                    "date": when,
                    "product_id": self.tea.id,
                    "location_id": self.stock.id,
                    "system_qty": 100,
                    "counted_qty": 100,
                    "company_id": self.company.id,
                }
            )
        report = self.env["cs.kpi.report"].with_user(self.bj_cs_user).create({"date": date(2026, 3, 15)})
        report.action_compute()
        table = report._kpi_table()
        self.assertEqual(table["accuracy"]["week1"].denominator, 1)
        self.assertEqual(table["accuracy"]["week2"].denominator, 1)
        self.assertEqual(table["accuracy"]["month"].denominator, 2)


class TestComplaintMonth(ComplaintCommon):
    def test_month_of_a_reader_without_time_zone_is_the_company_month(self):
        """顾客投诉分类统计 (monthly): a reader with no time zone of their own reads the company's months."""
        self.company.cs_tz = "Asia/Shanghai"
        manager = new_test_user(
            self.env,
            "no_tz_manager",
            groups="customer_service_dept.group_cs_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
            tz=False,
        )
        self.new_complaint(received=datetime(2026, 2, 28, 17, 0))  # 1 March 01:00 in Suizhou
        Wizard = self.env["cs.complaint.stats.wizard"].with_user(manager)
        with freeze_time("2026-04-15"):
            march = Wizard.create({"company_id": self.company.id, "year": 2026, "month": "3"})._cs_statistics()[1]
            february = Wizard.create({"company_id": self.company.id, "year": 2026, "month": "2"})._cs_statistics()[1]
        self.assertEqual((march["total"], february["total"]), (1, 0))
