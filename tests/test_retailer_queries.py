from datetime import date
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import CsCommon
from .common import render_xlsx

DEPT = "曾都营销部"


@tagged("post_install", "-at_install")
class TestRetailerQueries(CsCommon):
    """常用基础查询 (seed 000, 第三篇 七): 零售户户数情况统计表 (2) and 未订货客户明细查询 (7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        own = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)], "tz": "Asia/Shanghai"}
        cls.clerk = new_test_user(cls.env, "rq_cs_user", groups="customer_service_dept.group_cs_user", **own)
        cls.director = new_test_user(
            cls.env, "rq_director", groups="customer_service_dept.group_cs_market_director", **own
        )
        cls.manager_a = new_test_user(cls.env, "rq_manager_a", groups="base.group_user", name="Wang Customer Manager")
        cls.serial = 0
        # company A, market department 曾都营销部: five active retailers counted
        cls.r1 = cls._retailer("R1", cs_order_method="phone", cs_business_format="convenience", cs_market_type="city")
        cls.r2 = cls._retailer("R2", cs_order_method="phone", cs_business_format="grocery", cs_market_type="rural")
        cls.r3 = cls._retailer("R3", cs_order_method="visit", cs_business_format="convenience", cs_market_type="town")
        cls.r4 = cls._retailer("R4", cs_order_method="online", cs_market_type="city")  # business format not set
        cls.r5 = cls._retailer("R5", cs_business_format="supermarket")  # order method and market type not set
        # not counted: archived, another company's, another market department's, not a retailer
        cls.archived = cls._retailer(
            "Archived", cs_order_method="phone", cs_business_format="convenience", cs_market_type="city"
        )
        cls.archived.action_archive()
        cls.other_company_retailer = cls._retailer(
            "Wuhan",
            company=cls.other_company,
            cs_order_method="phone",
            cs_business_format="convenience",
            cs_market_type="city",
        )
        cls.other_department = cls._retailer(
            "Guangshui",
            cs_market_department="广水营销部",
            cs_order_method="phone",
            cs_business_format="convenience",
            cs_market_type="city",
        )
        cls.Partner.create({"name": "Not a retailer", "company_id": cls.company.id, "cs_market_department": DEPT})
        cls.product = cls.env["product.product"].create(
            {"name": "Retail order", "type": "service", "list_price": 10, "company_id": False}
        )

    @classmethod
    def _retailer(cls, name, company=None, code=True, **vals):
        cls.serial += 1
        company = cls.company if company is None else company
        return (
            cls.env["res.partner"]
            .with_company(company or cls.company)
            .create(
                {
                    "name": name,
                    "is_company": True,
                    "company_id": company.id,
                    "cs_is_retailer": True,
                    "cs_retailer_code": f"0421{cls.serial:08d}" if code else False,
                    "cs_market_department": DEPT,
                    "cs_visit_phone": f"1380000{cls.serial:04d}",
                    "cs_delivery_route": "曾都线路1",
                    "cs_customer_manager_id": cls.manager_a.id,
                    **vals,
                }
            )
        )

    # ------------------------------------------------------------------ 零售户户数情况统计表
    def _print_wizard(self, user=None, **vals):
        return (
            self.env["cs.retailer.count.print"]
            .with_user(user or self.clerk)
            .create({"market_department": DEPT, **vals})
        )

    def test_counts_by_order_method_format_and_market_type(self):
        """「查詢零售客戶的訂貨方式、經營業態、市場類型分布的具體統計信息」 (零售戶戶數情況統計表): five active
        retailers of the company in 曾都营销部 — order method phone 2, visit 1, online 1, not set 1; business format
        convenience 2, grocery 1, supermarket 1, not set 1; market type city 2, town 1, rural 1, not set 1.
        The archived one, the other company's, the other market department's and a non-retailer are not counted."""
        tables = self._print_wizard()._cs_tables()
        self.assertEqual([total for _title, _rows, total in tables], [5, 5, 5])
        by_method, by_format, by_type = (
            {label: (count, share) for label, count, share in rows} for _t, rows, _n in tables
        )
        self.assertEqual(
            by_method,
            {
                "Telephone order": (2, 40.0),
                "Visit order": (1, 20.0),
                "Online distribution": (1, 20.0),
                "Not set": (1, 20.0),
            },
        )
        self.assertEqual(
            by_format,
            {
                "Convenience store": (2, 40.0),
                "Supermarket": (1, 20.0),
                "Grocery": (1, 20.0),
                "Tobacco and liquor shop": (0, 0.0),
                "Catering and entertainment": (0, 0.0),
                "Other": (0, 0.0),
                "Not set": (1, 20.0),
            },
        )
        self.assertEqual(
            by_type,
            {
                "Fixed point 1 (demonstration store)": (0, 0.0),
                "Fixed point 2 (pure city customer)": (0, 0.0),
                "City": (2, 40.0),
                "Town": (1, 20.0),
                "Rural": (1, 20.0),
                "Not set": (1, 20.0),
            },
        )

    def test_pivot_counts_own_company_only(self):
        """The pivot (read_group) of a CS user of company A counts A's retailers, never B's (multi-company),
        and leaves archived retailers out."""
        report = self.env["cs.retailer.count.report"].with_user(self.clerk)
        mine = [
            (
                "partner_id",
                "in",
                (
                    self.r1
                    | self.r2
                    | self.r3
                    | self.r4
                    | self.r5
                    | self.archived
                    | self.other_company_retailer
                    | self.other_department
                ).ids,
            )
        ]
        counts = dict(report._read_group(mine, ["order_method"], ["retailer_count:sum"]))
        self.assertEqual(counts, {"phone": 3, "visit": 1, "online": 1, "none": 1})
        self.assertNotIn(self.other_company_retailer, report.search(mine).partner_id)

    def test_market_director_prints_counts_of_a_market_department(self):
        """The market department director prints the statistics sheet of his department; without the
        department filter the other department's retailer is counted too (6)."""
        self.assertEqual(self._print_wizard(user=self.director)._cs_tables()[0][2], 5)
        self.assertEqual(self._print_wizard(user=self.director, market_department=False)._cs_tables()[0][2], 6)

    def test_counts_xlsx_cells(self):
        """The spreadsheet of the statistics sheet: three tables, count, share % and total; text as text."""
        wizard = self._print_wizard()
        sheet = render_xlsx(
            self.env(user=self.clerk), "customer_service_dept.action_report_cs_retailer_count_xlsx", wizard.ids
        ).active
        rows = [tuple(c.value for c in row[:3]) for row in sheet.iter_rows()]
        self.assertIn(("Telephone order", 2, 40.0), rows)
        self.assertIn(("Not set", 1, 20.0), rows)
        self.assertIn(("Convenience store", 2, 40.0), rows)
        self.assertIn(("Fixed point 1 (demonstration store)", 0, 0.0), rows)
        self.assertEqual([r for r in rows if r[0] == "Total"], [("Total", 5, 100.0)] * 3)
        self.assertEqual(sheet["D2"].value, DEPT)
        self.assertEqual(sheet["D2"].data_type, "s")

    def test_counts_pdf_renders(self):
        wizard = self._print_wizard()
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.clerk)
            ._render_qweb_html("customer_service_dept.action_report_cs_retailer_count", wizard.ids)
        )
        html = html.decode()
        self.assertIn("Retailer Count Statistics", html)
        self.assertIn("Online distribution", html)
        self.assertIn("40.0", html)

    # ------------------------------------------------------------------ 未订货客户明细查询
    def _order(self, partner, when_utc, confirm=True, company=None):
        with freeze_time(when_utc):
            order = (
                self.env["sale.order"]
                .with_company(company or self.company)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": (company or self.company).id,
                        "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1})],
                    }
                )
            )
            if confirm:
                order.action_confirm()
                self.assertEqual(order.state, "sale")
        self.assertEqual(order.date_order, when_utc)
        return order

    def _november(self, user=None, **vals):
        return (
            self.env["cs.retailer.no.order"]
            .with_user(user or self.clerk)
            .create({"date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30), "market_department": DEPT, **vals})
        )

    def _orders_around_november(self):
        # 2026-11-30 23:30 Beijing = 15:30 UTC: November
        self._order(self.r1, datetime(2026, 11, 30, 15, 30))
        # 2026-12-01 00:30 Beijing = 2026-11-30 16:30 UTC: December; R2 last ordered on 2026-10-15 18:00 Beijing
        self._order(self.r2, datetime(2026, 11, 30, 16, 30))
        self._order(self.r2, datetime(2026, 10, 15, 10, 0))
        # 2026-11-01 00:10 Beijing = 2026-10-31 16:10 UTC: November
        self._order(self.r3, datetime(2026, 10, 31, 16, 10))
        # 2026-10-31 23:50 Beijing = 15:50 UTC: October
        self._order(self.r4, datetime(2026, 10, 31, 15, 50))
        # a quotation never confirmed does not count as an order
        self._order(self.r5, datetime(2026, 11, 10, 2, 0), confirm=False)
        # a retailer shared by both companies ordered from the other company only: not an order of this one
        shared = self._retailer("Shared", company=self.env["res.company"], cs_order_method="phone")
        self._order(shared, datetime(2026, 11, 10, 2, 0), company=self.other_company)
        return shared

    def test_no_order_period_edges_in_beijing_time(self):
        """「未訂貨客戶明細查詢」: November 2026 in Asia/Shanghai. R1 ordered at 23:30 on 30 November and R3 at
        00:10 on 1 November (Beijing): they ordered. R2 ordered at 00:30 on 1 December and R4 at 23:50 on
        31 October (Beijing): they did not, nor R5 (a quotation only) nor the other department's retailer
        nor the retailer shared by both companies (its order is the other company's). Archived retailers and
        the other company's are not listed."""
        shared = self._orders_around_november()
        wizard = self._november(market_department=False)
        action = wizard.action_search()
        lines = self.env[action["res_model"]].with_user(self.clerk).search(action["domain"])
        mine = lines.filtered(lambda line: line.partner_id.cs_retailer_code.startswith("0421"))
        self.assertEqual(mine.partner_id, self.r2 | self.r4 | self.r5 | self.other_department | shared)
        self.assertEqual(wizard.line_count, len(lines))
        by_partner = {line.partner_id: line for line in mine}
        self.assertEqual(by_partner[self.r2].last_order_date, datetime(2026, 10, 15, 10, 0))
        self.assertEqual(by_partner[self.r4].last_order_date, datetime(2026, 10, 31, 15, 50))
        self.assertFalse(by_partner[self.r5].last_order_date)
        self.assertEqual(by_partner[self.r2].visit_phone, self.r2.cs_visit_phone)
        self.assertEqual(by_partner[self.r2].customer_manager_id, self.manager_a)
        self.assertEqual(by_partner[self.r2].delivery_route, "曾都线路1")

    def test_no_order_filters(self):
        """Optional market department, customer manager and order method narrow the list."""
        shared = self._orders_around_november()
        wizard = self._november(order_method="online")
        wizard.action_search()
        self.assertEqual(wizard.line_ids.partner_id, self.r4)
        wizard = self._november(customer_manager_id=self.clerk.id)
        wizard.action_search()
        self.assertFalse(wizard.line_ids)
        wizard = self._november(user=self.director)
        wizard.action_search()
        self.assertEqual(wizard.line_ids.partner_id, self.r2 | self.r4 | self.r5 | shared)

    def test_no_order_default_period_is_this_month_in_beijing(self):
        """At 2026-11-30 16:30 UTC it is already 1 December in Beijing: the default period is 1-1 December."""
        with freeze_time("2026-11-30 16:30:00"):
            wizard = self.env["cs.retailer.no.order"].with_user(self.clerk).create({})
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2026, 12, 1), date(2026, 12, 1)))

    def test_no_order_xlsx_and_pdf(self):
        """The list as a spreadsheet (codes and phones as text, last order in Beijing time) and a PDF."""
        self._orders_around_november()
        wizard = self._november()
        wizard.action_print_xlsx()
        sheet = render_xlsx(
            self.env(user=self.clerk), "customer_service_dept.action_report_cs_retailer_no_order_xlsx", wizard.ids
        ).active
        rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=4) if row[0].value}
        r2 = rows[self.r2.cs_retailer_code]
        self.assertEqual(
            r2[1:],
            [
                "R2",
                "Wang Customer Manager",
                self.r2.cs_visit_phone,
                DEPT,
                "曾都线路1",
                "Telephone order",
                "2026-10-15 18:00",
            ],
        )
        self.assertEqual(rows[self.r4.cs_retailer_code][7], "2026-10-31 23:50")
        self.assertEqual(rows["Total"][1], 4)
        self.assertEqual(sheet.cell(row=4, column=1).data_type, "s")
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.clerk)
            ._render_qweb_html("customer_service_dept.action_report_cs_retailer_no_order", wizard.ids)
        )
        html = html.decode()
        self.assertIn(self.r4.cs_retailer_code, html)
        self.assertIn("2026-10-31 23:50", html)
        self.assertNotIn(self.r1.cs_retailer_code, html)

    def test_no_order_lines_are_the_querys_own(self):
        """Another user does not read a query's result lines (visit-sale phones of retailers)."""
        self._orders_around_november()
        wizard = self._november()
        wizard.action_search()
        other = self.env["cs.retailer.no.order.line"].with_user(self.director).search([("wizard_id", "=", wizard.id)])
        self.assertFalse(other)

    def test_no_order_period_ending_before_it_starts_is_refused(self):
        """A period whose To date is before its From date is refused, naming both dates."""
        wizard = self._november(date_from=date(2026, 11, 30), date_to=date(2026, 11, 1))
        with self.assertRaisesRegex(UserError, "2026-11-01.*2026-11-30"):
            wizard.action_search()

    def test_no_order_of_another_company_is_refused(self):
        """A CS user of company A cannot query company B's retailers (multi-company)."""
        with self.assertRaises(AccessError):
            self._november(company_id=self.other_company.id).action_search()
