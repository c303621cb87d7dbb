from datetime import date

from freezegun import freeze_time

from odoo.tools.safe_eval import safe_eval

from .common import render_xlsx
from .common_stock import StockCommon


@freeze_time("2026-03-15 10:00:00")
class TestDamageAndReturnAnalysis(StockCommon):
    def _scrap(self, product, qty, reason, handling):
        # requested by the storekeeper, approved by the CS manager, validated by the storekeeper
        return self.scrap_damage(product, qty, reason, handling)

    def test_scrap_with_reason_goes_to_the_damaged_location(self):
        scrap = self._scrap(self.tea, 4, "customer_service_dept.scrap_reason_wet", "destroy")
        damaged = self.warehouse.cs_damaged_location_id
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.scrap_location_id, damaged)
        # good and damaged stock are counted apart
        self.assertEqual(self.tea.with_context(location=self.stock.id).qty_available, 86)
        damaged_qty = sum(
            self.env["stock.quant"]
            .search([("product_id", "=", self.tea.id), ("location_id", "=", damaged.id)])
            .mapped("quantity")
        )
        self.assertEqual(damaged_qty, 4)
        row = self.env["cs.damage.analysis"].search([("scrap_id", "=", scrap.id)])
        self.assertEqual((row.quantity, row.amount), (4, 28.0))
        self.assertEqual(row.reason_id.name, "Water damage")

    def test_monthly_damage_totals_by_product_and_reason(self):
        self._scrap(self.tea, 4, "customer_service_dept.scrap_reason_wet", "destroy")
        self._scrap(self.tea, 1, "customer_service_dept.scrap_reason_wet", "destroy")
        self._scrap(self.pipe, 2, "customer_service_dept.scrap_reason_handling", "discount")
        export = self.env["cs.stock.analysis.export"].create({"analysis": "damage", "date": date(2026, 3, 1)})
        rows, total_qty, total_amount = export._rows()
        self.assertIn(["Spring Tea", "Water damage", "Destroy", 5.0, 35.0, 0.0, 0.0], rows)
        self.assertIn(["Steel Pipe", "Damaged in handling", "Sell at a discount", 2.0, 100.0, 0.0, 0.0], rows)
        self.assertEqual((total_qty, total_amount), (7.0, 135.0))
        # the Customer Service manager prints the month's XLSX (Reporting menu)
        export = (
            self.env["cs.stock.analysis.export"]
            .with_user(self.cs_manager)
            .create({"analysis": "damage", "date": date(2026, 3, 1)})
        )
        sheet = render_xlsx(export.env, "customer_service_dept.action_report_cs_stock_analysis_xlsx", export.ids).active
        last = sheet.max_row
        self.assertEqual(
            (sheet.cell(last, 1).value, sheet.cell(last, 4).value, sheet.cell(last, 5).value),
            ("Total", 7, 135),
        )
        self.assertEqual(sheet.cell(1, 1).value, "Damage analysis 2026-03")
        self.assertEqual(
            [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_row=5)],
            [
                ["Spring Tea", "Water damage", "Destroy", 5, 35, 0, 0],
                ["Steel Pipe", "Damaged in handling", "Sell at a discount", 2, 100, 0, 0],
            ],
        )

    def test_return_analysis_xlsx_rows_and_next_actions_stay_text(self):
        """The month's return analysis as the Customer Service manager prints it: one row per salesperson,
        customer, product and reason (3 Tea at 12.00 = 36.00, 1 Pipe at 80.00), the total 4 units, 116.00,
        and a next action typed like a formula printed as text."""
        report = self.make_return([(self.tea, 3, 12.0), (self.pipe, 1, 80.0)])
        report.next_action = "=1+1"
        report.action_submit()
        export = (
            self.env["cs.stock.analysis.export"]
            .with_user(self.cs_manager)
            .create({"analysis": "return", "date": date(2026, 3, 31)})
        )
        action = export.action_export_xlsx()
        self.assertEqual(
            (action["report_type"], action["report_name"], action["context"]["active_ids"]),
            ("xlsx", "customer_service_dept.cs_stock_analysis_xlsx", export.ids),
        )
        xlsx = self.env.ref("customer_service_dept.action_report_cs_stock_analysis_xlsx")
        self.assertEqual(safe_eval(xlsx.print_report_name, {"object": export}), "return-analysis-202603")
        sheet = render_xlsx(export.env, xlsx, export.ids).active
        self.assertEqual(sheet.cell(1, 1).value, "Return analysis 2026-03")
        self.assertEqual(
            [c.value for c in sheet[3]],
            [
                "Salesperson",
                "Customer",
                "Product",
                "Reason",
                "Quantity",
                "Good",
                "Damaged",
                "Amount",
                "Next Action Plan",
            ],
        )
        reason = self.env.ref("customer_service_dept.cs_return_reason_damaged").name
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
        self.assertEqual(
            rows,
            [
                [self.salesman.name, "Zengdu Store", "Spring Tea", reason, 3, 0, 3, 36, "=1+1"],
                [self.salesman.name, "Zengdu Store", "Steel Pipe", reason, 1, 0, 1, 80, "=1+1"],
                ["Total", None, None, None, 4, 0, 4, 116, None],
            ],
        )
        self.assertEqual(sheet.cell(4, 9).data_type, "s")

    def test_monthly_return_totals_by_salesperson_product_reason(self):
        report = self.make_return([(self.tea, 3, 12.0), (self.pipe, 1, 80.0)])
        report.next_action = "Replace on next delivery"
        report.action_submit()
        export = self.env["cs.stock.analysis.export"].create({"analysis": "return", "date": date(2026, 3, 31)})
        rows, total_qty, total_amount = export._rows()
        self.assertEqual((total_qty, total_amount), (4.0, 116.0))
        tea = next(r for r in rows if r[2] == "Spring Tea")
        self.assertEqual(tea[:2], [self.salesman.name, "Zengdu Store"])
        # the reason "damaged" brings the goods back as 残品: 3 returned, 0 good, 3 damaged, 36.00
        self.assertEqual(tea[4:], [3.0, 0.0, 3.0, 36.0, "Replace on next delivery"])
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("customer_service_dept.action_report_cs_stock_analysis", export.ids)[0]
            .decode()
        )
        self.assertIn("Replace on next delivery", html)
        april = self.env["cs.stock.analysis.export"].create({"analysis": "return", "date": date(2026, 4, 1)})
        self.assertEqual(april._rows()[0], [])

    def test_monthly_return_analysis_prints_good_and_damaged_apart(self):
        """正品和残品分开 (rulebook 000: 退货 good and damaged goods kept apart): 3 Tea returned as "wrong
        product" (good, 正品) at 12.00 and 1 Pipe "damaged in transit" (残品) at 80.00: returned 4, good 3,
        damaged 1, 116.00, on the printed month as on the spreadsheet."""
        report = self.make_return([(self.tea, 3, 12.0), (self.pipe, 1, 80.0)])
        wrong = self.env.ref("customer_service_dept.cs_return_reason_wrong")
        report.line_ids.filtered(lambda line: line.product_id == self.tea).reason_id = wrong
        report.action_submit()
        export = (
            self.env["cs.stock.analysis.export"]
            .with_user(self.cs_manager)
            .create({"analysis": "return", "date": date(2026, 3, 31)})
        )
        rows, total_qty, total_amount = export._rows()
        self.assertEqual([row[4:8] for row in rows], [[3.0, 3.0, 0.0, 36.0], [1.0, 0.0, 1.0, 80.0]])
        self.assertEqual(export._totals(rows)[4:8], [4.0, 3.0, 1.0, 116.0])
        self.assertEqual((total_qty, total_amount), (4.0, 116.0))
        html = (
            self.env["ir.actions.report"]
            .with_user(self.cs_manager)
            ._render_qweb_html("customer_service_dept.action_report_cs_stock_analysis", export.ids)[0]
            .decode()
        )
        self.assertIn("<span>Good</span>", html)
        self.assertIn("<span>Damaged</span>", html)
        total_line = html[html.index("fw-bold border-top") :]
        self.assertEqual(
            [cell for cell in ("4.00", "3.00", "1.00") if cell in total_line[: total_line.index("</tr>")]],
            ["4.00", "3.00", "1.00"],
        )

    def test_damaged_goods_disposed_of_later_are_not_counted_twice(self):
        """破损分析: 4 Tea damaged by water (7.00 each) go to the damaged stock (残品); the manager later
        approves destroying them from the damaged stock. The month shows 4 damaged, 28.00, once, and
        the 4 disposed of beside them, not 8 damaged."""
        self._scrap(self.tea, 4, "customer_service_dept.scrap_reason_wet", "destroy")
        damaged = self.warehouse.cs_damaged_location_id
        disposal = self.scrap_damage(self.tea, 4, "customer_service_dept.scrap_reason_wet", "destroy", location=damaged)
        self.assertEqual(disposal.state, "done")
        self.assertNotEqual(disposal.scrap_location_id, damaged)
        rows = self.env["cs.damage.analysis"].search([("product_id", "=", self.tea.id)])
        self.assertEqual(sorted(rows.mapped("kind")), ["damage", "disposal"])
        self.assertEqual(sum(rows.mapped("quantity")), 4)
        self.assertEqual(sum(rows.mapped("amount")), 28.0)
        self.assertEqual(sum(rows.mapped("disposed_qty")), 4)
        export = (
            self.env["cs.stock.analysis.export"]
            .with_user(self.cs_manager)
            .create({"analysis": "damage", "date": date(2026, 3, 1)})
        )
        rows, total_qty, total_amount = export._rows()
        self.assertEqual(rows, [["Spring Tea", "Water damage", "Destroy", 4.0, 28.0, 4.0, 28.0]])
        self.assertEqual((total_qty, total_amount), (4.0, 28.0))
