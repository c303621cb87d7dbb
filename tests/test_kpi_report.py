from datetime import date
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import render_xlsx
from .common_stock import StockCommon

FEB = datetime(2026, 2, 1, 2, 0)


class KpiCommon(StockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)], "tz": "Asia/Shanghai"}
        cls.kpi_manager = new_test_user(
            cls.env, "kpi_manager", groups="customer_service_dept.group_cs_manager", **common
        )
        cls.cs_clerk = new_test_user(cls.env, "kpi_cs_clerk", groups="customer_service_dept.group_cs_user", **common)
        cls.storekeeper = new_test_user(cls.env, "kpi_storekeeper", groups="stock.group_stock_user", **common)
        # The fixture's stock history happened before the months the tests print (it is dated now):
        # its delivery (10 tea, 5 pipes) and its products' first costs (tea 7, pipe 50) go to 1 February.
        cls.delivery.move_ids.write({"date": FEB})
        cls.delivery.move_ids.move_line_ids.write({"date": FEB})
        cls.delivery.date_done = FEB
        cls.env.cr.execute(
            "UPDATE product_value SET date = %s WHERE product_id IN %s", [FEB, (cls.tea.id, cls.pipe.id)]
        )
        cls.env.cr.execute("UPDATE sale_order SET cs_confirmed_date = %s WHERE id = %s", [FEB, cls.order.id])
        cls.env.invalidate_all()

    def _order(self, product, qty, when, user=None, **vals):
        with freeze_time(when):
            order = (
                self.env["sale.order"]
                .with_user(user or self.cs_clerk)
                .create(
                    {
                        "partner_id": self.customer.id,
                        "user_id": self.salesman.id,
                        "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": qty})],
                        **vals,
                    }
                )
            )
            order.action_confirm()
        return order.with_user(self.env.user)

    def _deliver(self, order, when):
        with freeze_time(when):
            picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel")).with_user(
                self.storekeeper
            )
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking.with_user(self.env.user)

    def _receive(self, product, qty, when):
        with freeze_time(when):
            picking = (
                self.env["stock.picking"]
                .with_user(self.storekeeper)
                .create(
                    {
                        "picking_type_id": self.warehouse.in_type_id.id,
                        "location_id": self.env.ref("stock.stock_location_suppliers").id,
                        "location_dest_id": self.stock.id,
                        "move_ids": [
                            (
                                0,
                                0,
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": qty,
                                    "location_id": self.env.ref("stock.stock_location_suppliers").id,
                                    "location_dest_id": self.stock.id,
                                },
                            )
                        ],
                    }
                )
            )
            picking.action_confirm()
            picking.move_ids.quantity = qty
            picking.move_ids.picked = True
            picking.button_validate()
        self.assertEqual(picking.state, "done")

    def _set_cost(self, product, cost, when):
        with freeze_time(when):
            product.standard_price = cost

    def _print(self, month, when):
        """The month's table as the Customer Service manager prints it at ``when``."""
        with freeze_time(when):
            report = self.env["cs.kpi.report"].with_user(self.kpi_manager).create({"date": month})
            action = report.action_print()
            self.assertEqual(action["report_name"], "customer_service_dept.report_cs_kpi")
            return report, report._kpi_table()

    @staticmethod
    def _figures(table):
        return {
            (kpi, period): (line.numerator, line.denominator, line.value_text, line.res_ids)
            for kpi, periods in table.items()
            for period, line in periods.items()
        }


class TestKpiHistory(KpiCommon):
    def test_reprinted_month_reads_the_same_after_new_stock_moves(self):
        """000 L368/L373 「庫存天數」 in 客戶服務部重要衡量指標跟蹤表: inventory days of a past week or month use the
        stock value at the END of that period (quantity from the stock move history × standard cost at that
        time), so reprinting last month after new stock moves gives the same table.

        By hand. Stock on 1 March: tea 90 (cost 7), pipes 95 (cost 50).
        - 10 March: 20 tea delivered (booked at 20 x 7 = 140); tea 70.
        - 20 March: tea cost 7 -> 8.  25 March: 10 pipes received; pipes 105.
        Week 2 (8-14 March): stock at its end 70 x 7 + 95 x 50 = 5,240; shipped 140 over 7 days:
        5,240 / (140 / 7) = 262.0 days.
        Week 3 (15-21 March): 70 x 8 + 95 x 50 = 5,310, nothing shipped: n/a.
        Month: 70 x 8 + 105 x 50 = 5,810; shipped 140 over 31 days: 5,810 / (140 / 31) = 1,286.5 days.
        Then, in April: 30 tea delivered, tea cost 8 -> 9, 20 pipes received: March reprints the same;
        April's stock (now, the month is not over) is 40 x 9 + 125 x 50 = 6,610, shipped 30 x 8 = 240.
        """
        march = date(2026, 3, 15)
        self._deliver(self._order(self.tea, 20, "2026-03-09 02:00:00"), "2026-03-10 02:00:00")
        self._set_cost(self.tea, 8.0, "2026-03-20 02:00:00")
        self._receive(self.pipe, 10, "2026-03-25 02:00:00")

        report, table = self._print(march, "2026-04-01 01:00:00")
        days = table["days"]
        self.assertEqual((days["week2"].numerator, days["week2"].denominator, days["week2"].value), (5240, 140, 262))
        self.assertEqual(
            (days["week3"].numerator, days["week3"].denominator, days["week3"].value_text), (5310, 0, "n/a")
        )
        self.assertEqual((days["month"].numerator, days["month"].denominator, days["month"].value), (5810, 140, 1286.5))
        first = self._figures(table)

        self._deliver(self._order(self.tea, 30, "2026-04-02 02:00:00"), "2026-04-02 03:00:00")
        self._set_cost(self.tea, 9.0, "2026-04-03 02:00:00")
        self._receive(self.pipe, 20, "2026-04-03 03:00:00")

        again, table = self._print(march, "2026-04-05 02:00:00")
        self.assertEqual(self._figures(table), first)
        # the same wizard computed again reads the same too
        self.assertEqual(self._figures(report.with_user(self.kpi_manager)._kpi_table()), first)
        with freeze_time("2026-04-05 02:00:00"):
            april = self._print(date(2026, 4, 10), "2026-04-05 02:00:00")[1]["days"]["month"]
        self.assertEqual((april.numerator, april.denominator), (6610, 240))
        # the spreadsheet prints the same figures: month column of the inventory days' figure row
        book = render_xlsx(
            self.env(user=self.kpi_manager), "customer_service_dept.action_report_cs_kpi_xlsx", again.ids
        )
        sheet = book.active
        rows = {(r[0].value, r[1].value): [c.value for c in r[2:7]] for r in sheet.iter_rows(min_row=5) if r[0].value}
        self.assertEqual(rows[("Inventory days", "Figure")], ["n/a", 262, "n/a", "n/a", 1286.5])
        self.assertEqual(rows[("Inventory days", "Numerator")][4], 5810)
        self.assertEqual(rows[("Inventory days", "Denominator")][4], 140)


class TestKpiServiceLevel(KpiCommon):
    def test_a_line_delivered_on_its_promised_day_is_served(self):
        """000 L368 「客戶服務水平」: a line is served when delivered complete by its promised date, that is by
        the end of that day where the reader is (Beijing), not by the very minute of the order.

        By hand: two orders without a commitment date, lead time 0, confirmed 10 March 10:00 Beijing, so
        both expected on 10 March. One delivered 10 March 14:00 Beijing: served. The other delivered
        11 March 01:00 Beijing (10 March 17:00 UTC): late. Week 2: 1 / 2 = 50.00 %."""
        same_day = self._order(self.tea, 2, "2026-03-10 02:00:00")
        next_day = self._order(self.tea, 3, "2026-03-10 02:00:00")
        self.assertEqual(same_day.expected_date, datetime(2026, 3, 10, 2, 0))
        self._deliver(same_day, "2026-03-10 06:00:00")
        self._deliver(next_day, "2026-03-10 17:00:00")
        week2 = self._print(date(2026, 3, 1), "2026-04-01 02:00:00")[1]["service"]["week2"]
        self.assertEqual((week2.numerator, week2.denominator, week2.value_text), (1, 2, "50.00"))


class TestKpiQualifiedOrders(KpiCommon):
    def test_qualified_order_rate_counts_orders_confirmed_as_entered(self):
        """000 L345 「只有合格的標準訂單才能得到處理」 and L347 「操作員提供合格訂單率」: a qualified order goes
        through as it was confirmed; one corrected after its confirmation (a line's quantity, product or price
        changed, a line added, the order cancelled) is not. A correction after the end of the period does not
        change that period.

        By hand (confirmation dates, Beijing):
        - O1 2 March, untouched: qualified;        - O2 3 March, quantity 5 -> 6 on 5 March: not;
        - O3 4 March, cancelled 6 March: not;      - O6 12 March, a note added and its quantity written
          again unchanged on 13 March: qualified;  - O7 13 March, a product line added 14 March: not;
        - O4 25 March, price corrected 2 April: qualified in March;
        - a quotation of 10 March never confirmed: not counted.
        Week 1: 1 / 3 = 33.33 %; week 2: 1 / 2 = 50.00 %; week 3: n/a; week 4: 1 / 1 = 100.00 %;
        month: 3 / 6 = 50.00 %.
        """
        o1 = self._order(self.tea, 1, "2026-03-02 02:00:00")
        o2 = self._order(self.tea, 5, "2026-03-03 02:00:00")
        o3 = self._order(self.pipe, 1, "2026-03-04 02:00:00")
        o6 = self._order(self.tea, 6, "2026-03-12 02:00:00")
        o7 = self._order(self.tea, 1, "2026-03-13 02:00:00")
        o4 = self._order(self.pipe, 2, "2026-03-25 02:00:00")
        with freeze_time("2026-03-10 02:00:00"):
            self.env["sale.order"].with_user(self.cs_clerk).create(
                {"partner_id": self.customer.id, "order_line": [(0, 0, {"product_id": self.tea.id})]}
            )
        with freeze_time("2026-03-05 02:00:00"):
            o2.order_line.with_user(self.cs_clerk).product_uom_qty = 6
        with freeze_time("2026-03-06 02:00:00"):
            o3.with_user(self.cs_clerk).action_cancel()
        with freeze_time("2026-03-13 02:00:00"):
            o6.with_user(self.cs_clerk).write(
                {"order_line": [(0, 0, {"display_type": "line_note", "name": "Deliver before noon"})]}
            )
            o6.order_line.filtered("product_id").with_user(self.cs_clerk).product_uom_qty = 6
        with freeze_time("2026-03-14 02:00:00"):
            o7.with_user(self.cs_clerk).write({"order_line": [(0, 0, {"product_id": self.pipe.id})]})
        with freeze_time("2026-04-02 02:00:00"):
            o4.order_line.with_user(self.cs_clerk).price_unit = 75
        self.assertEqual(
            [bool(o.cs_corrected_date) for o in (o1, o2, o3, o6, o7, o4)], [False, True, True, False, True, True]
        )

        qualified = self._print(date(2026, 3, 1), "2026-04-03 02:00:00")[1]["qualified"]
        self.assertEqual(
            [(qualified[p].numerator, qualified[p].denominator, qualified[p].value_text) for p in qualified],
            [(1, 3, "33.33"), (1, 2, "50.00"), (0, 0, "n/a"), (1, 1, "100.00"), (3, 6, "50.00")],
        )
        records = qualified["month"].action_open_records()
        self.assertEqual(self.env["sale.order"].search(records["domain"]), o1 | o2 | o3 | o6 | o7 | o4)

    def test_confirmation_and_correction_dates_are_set_by_the_system_only(self):
        """The dates the qualified order rate reads are written by the confirmation and the corrections only:
        not by a manager, not through sudo, not when an order is created."""
        order = self._order(self.tea, 1, "2026-03-02 02:00:00")
        self.assertEqual(order.cs_confirmed_date, datetime(2026, 3, 2, 2, 0))
        for env_order in (order.with_user(self.kpi_manager), order.sudo()):
            for fname in ("cs_confirmed_date", "cs_corrected_date"):
                with self.assertRaisesRegex(UserError, "recorded by the system"):
                    env_order.write({fname: False})
        with self.assertRaisesRegex(UserError, "recorded by the system"):
            self.env["sale.order"].with_user(self.cs_clerk).create(
                {"partner_id": self.customer.id, "cs_corrected_date": datetime(2026, 1, 1)}
            )
        self.assertFalse(order.cs_corrected_date)
        # reset to quotation and confirmed again: still counted when it was first confirmed, and corrected
        with freeze_time("2026-03-09 02:00:00"):
            order.with_user(self.cs_clerk).action_cancel()
            order.with_user(self.cs_clerk).action_draft()
            order.with_user(self.cs_clerk).action_confirm()
        self.assertEqual(
            (order.cs_confirmed_date, order.cs_corrected_date), (datetime(2026, 3, 2, 2, 0), datetime(2026, 3, 9, 2, 0))
        )

    def test_a_quantity_corrected_in_the_form_marks_the_order(self):
        """A clerk correcting the quantity of a confirmed order in its form corrects the order."""
        order = self._order(self.tea, 3, "2026-03-02 02:00:00")
        with freeze_time("2026-03-03 02:00:00"):
            with Form(order.with_user(self.cs_clerk)) as form, form.order_line.edit(0) as line:
                line.product_uom_qty = 4
        self.assertEqual(order.cs_corrected_date, datetime(2026, 3, 3, 2, 0))


class TestKpiRejections(KpiCommon):
    def _file(self, picking, reason, qty, when, submit=True):
        with freeze_time(when):
            report = (
                self.env["cs.return.report"]
                .with_user(self.salesman)
                .create(
                    {
                        "partner_id": self.customer.id,
                        "picking_id": picking.id,
                        "line_ids": [
                            (
                                0,
                                0,
                                {
                                    "product_id": picking.move_ids.product_id.id,
                                    "quantity": qty,
                                    "reason_id": self.env.ref(f"customer_service_dept.cs_return_reason_{reason}").id,
                                    "price_unit": 12.0,
                                },
                            )
                        ],
                    }
                )
            )
            if submit:
                report.action_submit()
        return report

    def test_rejected_deliveries_are_deliveries_refused_at_the_door(self):
        """000 L347 「操作員提供合格訂單率,退貨及拒收數量等指標」: 拒收 is the customer refusing the goods when
        they are delivered, filed as a return report with the reason "Refused at delivery"; the KPI table
        shows the deliveries refused ÷ the deliveries done in the period.

        By hand (delivery dates, Beijing): D1 10 March (a refusal drafted, never submitted), D2 12 March
        (2 of 5 tea refused, submitted), D3 20 March (returned for a quality problem: a return, not a
        refusal). Week 1: no delivery, n/a; week 2: 1 / 2 = 50.00 %; week 3: 0 / 1 = 0.00 %;
        month: 1 / 3 = 33.33 %.
        """
        self.assertTrue(self.env.ref("customer_service_dept.cs_return_reason_rejected").is_rejection)
        d1 = self._deliver(self._order(self.tea, 3, "2026-03-09 02:00:00"), "2026-03-10 02:00:00")
        d2 = self._deliver(self._order(self.tea, 5, "2026-03-11 02:00:00"), "2026-03-12 02:00:00")
        d3 = self._deliver(self._order(self.tea, 4, "2026-03-19 02:00:00"), "2026-03-20 02:00:00")
        self._file(d1, "rejected", 1, "2026-03-10 05:00:00", submit=False)
        self._file(d2, "rejected", 2, "2026-03-12 05:00:00")
        self._file(d3, "quality", 1, "2026-03-21 05:00:00")

        rejected = self._print(date(2026, 3, 1), "2026-04-01 02:00:00")[1]["rejected"]
        self.assertEqual(
            [(rejected[p].numerator, rejected[p].denominator, rejected[p].value_text) for p in rejected],
            [(0, 0, "n/a"), (1, 2, "50.00"), (0, 1, "0.00"), (0, 0, "n/a"), (1, 3, "33.33")],
        )
        records = rejected["month"].action_open_records()
        self.assertEqual(self.env["stock.picking"].search(records["domain"]), d2)


@tagged("post_install", "-at_install")
class TestKpiReportActions(KpiCommon):
    def test_kpi_table_opens_as_reports_of_its_own(self):
        """The KPI table is a report of its own (a PDF and a spreadsheet in the Print menu of Customer Service)
        and its figures open in a full page, not in the dialog that asks for the month."""
        for xmlid, kind in (("action_report_cs_kpi", "qweb-pdf"), ("action_report_cs_kpi_xlsx", "xlsx")):
            action = self.env.ref(f"customer_service_dept.{xmlid}")
            self.assertEqual(
                (action.report_type, action.binding_model_id.model, action.group_ids),
                (kind, "cs.kpi.report", self.env.ref("customer_service_dept.group_cs_user")),
            )
        with freeze_time("2026-04-01 02:00:00"):
            report = self.env["cs.kpi.report"].with_user(self.kpi_manager).create({"date": date(2026, 3, 1)})
            self.assertEqual(report.action_print_xlsx()["report_type"], "xlsx")
            figures = report.action_compute()
        self.assertEqual((figures["res_model"], figures["target"]), ("cs.kpi.report.line", "current"))
        self.assertEqual(len(self.env["cs.kpi.report.line"].search(figures["domain"])), 6 * 5)
        # nothing measured in March: every figure reads n/a, in the PDF and in the spreadsheet alike
        html = (
            self.env["ir.actions.report"]
            .with_user(self.kpi_manager)
            ._render_qweb_html("customer_service_dept.action_report_cs_kpi", report.ids)[0]
            .decode()
        )
        self.assertEqual(html.count(">n/a<"), 6 * 5)
        for text in ("Qualified order rate", "Rejected deliveries", "standard cost", "Refused at delivery"):
            self.assertIn(text, html)
        sheet = render_xlsx(
            self.env(user=self.kpi_manager), "customer_service_dept.action_report_cs_kpi_xlsx", report.ids
        ).active
        figures = [[c.value for c in r[2:7]] for r in sheet.iter_rows(min_row=5) if r[1].value == "Figure"]
        self.assertEqual(figures, [["n/a"] * 5] * 6)
