from datetime import date
from datetime import datetime

from freezegun import freeze_time

from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.exceptions import ValidationError
from odoo.tests import BaseCase
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged

from ..models.rules import daily_report_due
from .common import render_xlsx
from .common import run_jobs
from .common_stock import StockCommon


class TestDailyReportDue(BaseCase):
    def test_due_once_a_day_after_the_report_time(self):
        """「倉管員每天下午4:30點前填好每日發貨報告」: due from 16:30 local time, once a day."""
        day_before = date(2026, 3, 9)
        self.assertFalse(daily_report_due(datetime(2026, 3, 10, 16, 29), 16.5, day_before))
        self.assertTrue(daily_report_due(datetime(2026, 3, 10, 16, 30), 16.5, day_before))
        self.assertTrue(daily_report_due(datetime(2026, 3, 10, 16, 30), 16.5, None))
        self.assertFalse(daily_report_due(datetime(2026, 3, 10, 23, 59), 16.5, date(2026, 3, 10)))
        # 16:20 entered as float hours (16.333...) is reached at 16:20, not a minute later
        self.assertTrue(daily_report_due(datetime(2026, 3, 10, 16, 20), 16 + 20 / 60, day_before))


@tagged("post_install", "-at_install")
class TestDailyShipmentReport(StockCommon):
    """Seed 000 L355 「倉管員每天下午4:30點前填好每日發貨報告傳給IDS系統操作員系統過帳」 and L385 「倉管員 …
    每日發貨報表」: the day's deliveries by delivery and product, in units and cases, with their amount.

    Data, by hand (company time zone Asia/Shanghai, UTC+8):
    - order A, Zengdu Store: 2 "Case of 12" of Jiannanchun at 360 a case and 6 Spring Tea at 12, shipped
      2026-03-10 02:00 UTC = 10:00 Beijing on 10 March:
      Jiannanchun 24 units = 2 cases, 2 × 360 = 720.00; Spring Tea 6 units, no case unit, 6 × 12 = 72.00;
    - order B, Ginkgo Supermarket: 18 Jiannanchun sold by the unit at 30 less 10 %, shipped 2026-03-10
      23:30 UTC = 07:30 Beijing on 11 March: 18 units = 18 / 12 = 1.5 cases (the product's packaging),
      18 × 27 = 486.00, on the 11th, not the 10th;
    - order C, Ginkgo Supermarket: 3 Steel Pipes promised 2026-03-10 06:00 UTC, never shipped.
    10 March: 30 units, 2 cases, 792.00; not shipped yet: C's delivery.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_tz = "Asia/Shanghai"
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)]}
        cls.cs_user = new_test_user(
            cls.env,
            "ship_cs_user",
            name="Zhang Wei",
            groups="customer_service_dept.group_cs_user",
            tz="Asia/Shanghai",
            email="cs@example.com",
            **common,
        )
        cls.storekeeper = new_test_user(
            cls.env,
            "ship_storekeeper",
            name="Liu Qiang",
            groups="stock.group_stock_user",
            tz="Asia/Shanghai",
            email="store@example.com",
            **common,
        )
        unit = cls.env.ref("uom.product_uom_unit")
        cls.case = cls.env["uom.uom"].create({"name": "Case of 12", "relative_factor": 12, "relative_uom_id": unit.id})
        cls.liquor = cls.env["product.product"].create(
            {
                "name": "Jiannanchun",
                "is_storable": True,
                "uom_id": unit.id,
                "uom_ids": [(6, 0, cls.case.ids)],
                "list_price": 30.0,
                "invoice_policy": "delivery",
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.liquor, cls.stock, 100)
        cls.ginkgo = cls.env["res.partner"].create({"name": "Ginkgo Supermarket", "is_company": True})
        with freeze_time("2026-03-09 02:00:00"):
            cls.order_a = cls._order(
                cls.customer,
                [
                    {
                        "product_id": cls.liquor.id,
                        "product_uom_id": cls.case.id,
                        "product_uom_qty": 2,
                        "price_unit": 360,
                    },
                    {"product_id": cls.tea.id, "product_uom_qty": 6, "price_unit": 12},
                ],
            )
            cls.order_b = cls._order(
                cls.ginkgo, [{"product_id": cls.liquor.id, "product_uom_qty": 18, "price_unit": 30, "discount": 10}]
            )
            cls.order_c = cls._order(
                cls.ginkgo,
                [{"product_id": cls.pipe.id, "product_uom_qty": 3, "price_unit": 80}],
                commitment_date=datetime(2026, 3, 10, 6, 0),
            )
        cls._ship(cls.order_a, "2026-03-10 02:00:00")
        cls._ship(cls.order_b, "2026-03-10 23:30:00")

    @classmethod
    def _order(cls, partner, lines, **vals):
        order = cls.env["sale.order"].create(
            {"partner_id": partner.id, "order_line": [(0, 0, line) for line in lines], **vals}
        )
        order.action_confirm()
        return order

    @classmethod
    def _ship(cls, order, when):
        with freeze_time(when):
            picking = order.picking_ids.with_user(cls.storekeeper)
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.button_validate()
        assert picking.state == "done"

    def _report(self, user, day):
        return self.env["cs.daily.shipment.report"].with_user(user).create({"date": day})

    def _expected_march_10(self):
        delivery = self.order_a.picking_ids.name
        return [
            (delivery, "10:00", "Zengdu Store", "Jiannanchun", 24.0, "Units", 2.0, "Case of 12", 720.0),
            (delivery, "10:00", "Zengdu Store", "Spring Tea", 6.0, "Units", None, "", 72.0),
        ]

    @staticmethod
    def _tuples(rows):
        keys = ("delivery", "time", "customer", "product", "quantity", "unit", "cases", "case_unit", "amount")
        return [tuple(row[key] for key in keys) for row in rows]

    def test_rows_of_the_day_as_customer_service_and_as_storekeeper(self):
        """Both roles, each with only its own group, read the same hand-computed rows of 10 March."""
        for user in (self.cs_user, self.storekeeper):
            with self.subTest(user=user.login):
                rows, totals = self._report(user, date(2026, 3, 10))._rows()
                self.assertEqual(self._tuples(rows), self._expected_march_10())
                self.assertEqual(totals, {"quantity": 30.0, "cases": 2.0, "amount": 792.0})

    def test_delivery_done_2330_utc_counts_on_the_next_beijing_day(self):
        """Order B, shipped 23:30 UTC on the 10th, is 07:30 on the 11th in Beijing: in the 11th's report
        (18 units = 1.5 cases, 486.00), not in the 10th's."""
        rows, totals = self._report(self.storekeeper, date(2026, 3, 11))._rows()
        self.assertEqual(
            self._tuples(rows),
            [
                (
                    self.order_b.picking_ids.name,
                    "07:30",
                    "Ginkgo Supermarket",
                    "Jiannanchun",
                    18.0,
                    "Units",
                    1.5,
                    "Case of 12",
                    486.0,
                )
            ],
        )
        self.assertEqual(totals, {"quantity": 18.0, "cases": 1.5, "amount": 486.0})
        self.assertNotIn(
            "Ginkgo Supermarket", [r["customer"] for r in self._report(self.storekeeper, date(2026, 3, 10))._rows()[0]]
        )

    def test_day_is_the_company_day_whoever_reads_it(self):
        """A reader in Paris gets Beijing's 10 March (the warehouse's day), with times printed in Paris
        time: 02:00 UTC is 03:00 in Paris."""
        paris = new_test_user(
            self.env, "ship_paris", groups="stock.group_stock_user", tz="Europe/Paris", company_id=self.company.id
        )
        report = self._report(paris, date(2026, 3, 10))
        self.assertEqual([r["time"] for r in report._rows()[0]], ["03:00", "03:00"])
        with freeze_time("2026-03-10 08:31:00"):
            self.assertEqual(report._printed_at(), "2026-03-10 09:31")

    def test_pdf_and_xlsx_as_the_storekeeper(self):
        """The PDF names who prepared it and when (reader's time: 08:31 UTC = 16:31 Beijing), lists the
        rows, cases and the delivery not shipped yet; the XLSX has the same cells."""
        report = self._report(self.storekeeper, date(2026, 3, 10))
        Report = self.env["ir.actions.report"].with_user(self.storekeeper)
        with freeze_time("2026-03-10 08:31:00"):
            html = Report._render_qweb_html("customer_service_dept.action_report_cs_daily_shipment", report.ids)[0]
            book = render_xlsx(
                self.env(user=self.storekeeper),
                "customer_service_dept.action_report_cs_daily_shipment_xlsx",
                report.ids,
            )
        html = html.decode()
        self.assertIn('<span class="o_cs_prepared_by">Liu Qiang</span>', html)
        self.assertIn('<span class="o_cs_printed_at">2026-03-10 16:31</span>', html)
        for text in (self.order_a.picking_ids.name, "Jiannanchun", "Case of 12", "720.00", "792.00"):
            self.assertIn(text, html)
        self.assertIn(self.order_c.picking_ids.name, html.split("Not shipped yet")[1])
        shipments, pending = book.worksheets
        self.assertEqual(shipments["E2"].value, "Liu Qiang")
        self.assertEqual(shipments["G2"].value, "2026-03-10 16:31")
        cells = [[cell.value for cell in row] for row in shipments.iter_rows(min_row=5, max_row=7)]
        delivery = self.order_a.picking_ids.name
        self.assertEqual(
            cells,
            [
                [delivery, "10:00", "Zengdu Store", "Jiannanchun", 24, "Units", 2, "Case of 12", 720],
                [delivery, "10:00", "Zengdu Store", "Spring Tea", 6, "Units", None, None, 72],
                ["Total", None, None, None, 30, None, 2, None, 792],
            ],
        )
        self.assertEqual(pending["A5"].value, self.order_c.picking_ids.name)
        self.assertEqual(pending["C5"].value, "2026-03-10 14:00")  # promised 06:00 UTC

    def test_each_role_reaches_the_report_from_its_own_menu(self):
        """Customer Service: Customer Service › Deliveries; storekeeper: Inventory › Operations."""
        for user, xmlid in (
            (self.cs_user, "customer_service_dept.cs_daily_shipment_menu"),
            (self.storekeeper, "customer_service_dept.cs_daily_shipment_menu_stock"),
        ):
            with self.subTest(user=user.login):
                menu = self.env.ref(xmlid)
                visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
                self.assertIn(menu.id, visible)
                self.assertEqual(menu.action, self.env.ref("customer_service_dept.cs_daily_shipment_report_action"))
                action = self.env["cs.daily.shipment.report"].with_user(user).create({}).action_print()
                self.assertEqual(action["report_name"], "customer_service_dept.report_cs_daily_shipment")

    def test_cron_sends_once_after_the_report_time_and_flags_deliveries_not_shipped(self):
        """16:30 Beijing (08:30 UTC): before it nothing; after it one mail to the recipients with the PDF
        and the XLSX, C's delivery gets an activity; a second run that day does nothing."""
        self.company.cs_shipment_report_user_ids = self.storekeeper | self.cs_user
        self.assertEqual(self.company.cs_shipment_report_time, 16.5)
        Cron = self.env["cs.daily.shipment.report"]
        Mail = self.env["mail.mail"]
        subject = [("subject", "like", "daily shipment report 2026-03-10")]
        pending = self.order_c.picking_ids
        with freeze_time("2026-03-10 08:29:00"):  # 16:29 Beijing
            self.assertFalse(run_jobs(Cron._cron_send_daily_shipment_report))
        self.assertFalse(Mail.search(subject))
        self.assertFalse(pending.activity_ids)
        self.assertFalse(self.company.cs_shipment_report_date)
        with freeze_time("2026-03-10 08:31:00"), trap_jobs() as trap:  # 16:31 Beijing
            Cron._cron_send_daily_shipment_report()
            self.assertEqual(len(trap.enqueued_jobs), 1)
            job = trap.enqueued_jobs[0]
            # performed as the runner would, with a real PDF (tests print HTML unless asked)
            job.recordset = job.recordset.with_context(force_report_rendering=True)
            job.perform()
        self.assertEqual(job.result, "Sent for 2026-03-10.")
        mail = Mail.search(subject)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, (self.storekeeper | self.cs_user).partner_id)
        self.assertEqual(
            sorted(mail.attachment_ids.mapped("name")),
            ["daily-shipments-2026-03-10.pdf", "daily-shipments-2026-03-10.xlsx"],
        )
        pdf = mail.attachment_ids.filtered(lambda a: a.name.endswith(".pdf"))
        self.assertTrue(pdf.raw.startswith(b"%PDF"))
        self.assertEqual(self.company.cs_shipment_report_date, date(2026, 3, 10))
        activity = pending.activity_ids
        self.assertEqual(
            activity.activity_type_id, self.env.ref("customer_service_dept.mail_activity_type_cs_not_shipped")
        )
        # no responsible person on the delivery: the first recipient by name, Liu Qiang
        self.assertEqual((activity.user_id, activity.date_deadline), (self.storekeeper, date(2026, 3, 10)))
        self.assertFalse(self.order_a.picking_ids.activity_ids)
        with freeze_time("2026-03-10 12:00:00"):  # 20:00 Beijing, same day: no job, and a stray job sends nothing
            self.assertFalse(run_jobs(Cron._cron_send_daily_shipment_report))
            self.assertEqual(
                Cron._cs_send_daily_shipment_report(self.company, date(2026, 3, 10)), "Already sent for 2026-03-10."
            )
        self.assertEqual(Mail.search(subject), mail)
        self.assertEqual(pending.activity_ids, activity)

    def test_report_time_and_recipients_are_settings(self):
        """Settings › Customer Service: report at 18:00, to the storekeeper; at 16:31 nothing, at 18:00 the mail."""
        admin = new_test_user(
            self.env,
            "ship_admin",
            groups="base.group_system,customer_service_dept.group_cs_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        with Form(self.env["res.config.settings"].with_user(admin)) as settings:
            settings.cs_shipment_report_time = 18.0
            settings.cs_shipment_report_user_ids.add(self.storekeeper)
        self.assertEqual(self.company.cs_shipment_report_time, 18.0)
        Cron = self.env["cs.daily.shipment.report"]
        subject = [("subject", "like", "daily shipment report 2026-03-10")]
        with freeze_time("2026-03-10 08:31:00"):
            run_jobs(Cron._cron_send_daily_shipment_report)
        self.assertFalse(self.env["mail.mail"].search(subject))
        with freeze_time("2026-03-10 10:00:00"):  # 18:00 Beijing
            run_jobs(Cron._cron_send_daily_shipment_report)
        mail = self.env["mail.mail"].search(subject)
        self.assertEqual(mail.recipient_ids, self.storekeeper.partner_id)
        self.assertEqual(self.order_c.picking_ids.activity_ids.user_id, self.storekeeper)
        with self.assertRaises(ValidationError):
            self.company.cs_shipment_report_time = 24.0
