"""Issue 12 item 9: damage requests (殘損申請) and the storekeeper's damage analysis.

Rulebook 000 L378 「客戶服務經理審批殘損申請」: the storekeeper files the damaged goods,
the Customer Service manager approves, then the warehouse validates the scrap.
L360 「殘損分析報告需包括品種,數量,金額,殘損原因及處理建議內容」: one reason (Odoo's
scrap reason) and the proposed handling. L384 「倉管員 … 殘損分析報告」: the storekeeper
reads the damage analysis.

Stock by hand (tests/common_stock.py): WH/Stock holds 90 Spring Tea (cost 7) and
95 Steel Pipe (cost 50) after the customer's delivery.
"""

from datetime import date
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.modules.migration import exec_script
from odoo.tests import Form
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from ..models.cs_state_mixin import cs_transition
from .common_rpc import execute_kw
from .common_stock import StockCommon

WET = "customer_service_dept.scrap_reason_wet"
HANDLING = "customer_service_dept.scrap_reason_handling"
BROKEN = "customer_service_dept.scrap_reason_broken"
MIGRATION = Path(__file__).resolve().parents[1] / "migrations" / "19.0.1.3.0"


class DamageCommon(StockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)], "tz": "Asia/Shanghai"}
        # a Customer Service manager holding that role only
        cls.manager = new_test_user(cls.env, "dmg_manager", groups="customer_service_dept.group_cs_manager", **common)

    def _on_hand(self, product, location=None):
        return product.with_context(location=(location or self.stock).id).qty_available

    def _damaged(self, product):
        return self._on_hand(product, self.warehouse.cs_damaged_location_id)


class TestDamageRequests(DamageCommon):
    def test_storekeeper_requests_manager_approves_warehouse_validates(self):
        """「客戶服務經理審批殘損申請」: 4 wet cases of tea are requested by the storekeeper, approved by the
        Customer Service manager, then validated: 90 - 4 = 86 good, 4 damaged, 4 x 7 = 28 in the analysis."""
        scrap = self.file_damage(self.tea, 4, WET, "destroy")
        self.assertEqual((scrap.state, scrap.cs_requested_by_id), ("requested", self.warehouse_user))
        self.assertTrue(scrap.name.startswith("SP/"), scrap.name)
        reference = scrap.name
        self.assertEqual(self._on_hand(self.tea), 90)
        self.assertFalse(scrap.cs_can_approve)
        with self.assertRaises(AccessError):
            scrap.action_cs_approve()
        with self.assertRaisesRegex(UserError, "this step is not possible now"):
            scrap.action_validate()

        as_manager = scrap.with_user(self.manager)
        self.assertTrue(as_manager.cs_can_approve)
        as_manager.action_cs_approve()
        self.assertEqual((scrap.state, scrap.cs_approved_by_id), ("approved", self.manager))
        self.assertEqual(self._on_hand(self.tea), 90)

        self.assertTrue(scrap.cs_can_validate)
        scrap.action_validate()
        self.assertEqual((scrap.state, scrap.name), ("done", reference))
        self.assertEqual((self._on_hand(self.tea), self._damaged(self.tea)), (86, 4))
        row = self.env["cs.damage.analysis"].with_user(self.warehouse_user).search([("scrap_id", "=", scrap.id)])
        self.assertEqual(
            (row.reason_id, row.handling, row.quantity, row.amount), (self.env.ref(WET), "destroy", 4, 28.0)
        )

    def test_a_chinese_request_gets_its_reference_and_keeps_it(self):
        """The storekeeper works in Chinese (a new scrap is 「新建」): the request draws its SP/ reference,
        and the scrap keeps it when it is done."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.warehouse_user.lang = "zh_CN"
        scrap = (
            self.env["stock.scrap"]
            .with_user(self.warehouse_user)
            .create(
                {
                    "product_id": self.tea.id,
                    "scrap_qty": 1,
                    "scrap_reason_tag_ids": [(6, 0, self.env.ref(WET).ids)],
                    "cs_handling": "destroy",
                }
            )
        )
        new_name = scrap.name
        scrap.action_cs_request()
        reference = scrap.name
        self.assertTrue(reference.startswith("SP/"), (new_name, reference))
        scrap.with_user(self.manager).action_cs_approve()
        scrap.action_validate()
        self.assertEqual((scrap.state, scrap.name), ("done", reference))

    def test_nothing_is_scrapped_before_approval(self):
        """A draft or requested scrap does not move goods, by any path to the scrap move (Validate, Odoo's
        insufficient-quantity dialog, do_scrap)."""
        Scrap = self.env["stock.scrap"].with_user(self.warehouse_user)
        draft = Scrap.create({"product_id": self.tea.id, "scrap_qty": 2, "location_id": self.stock.id})
        with self.assertRaisesRegex(UserError, "is Draft: this step is not possible now"):
            draft.action_validate()
        with self.assertRaisesRegex(UserError, "is Draft: this step is not possible now"):
            draft.do_scrap()
        requested = self.file_damage(self.tea, 2, WET, "destroy")
        dialog = (
            self.env["stock.warn.insufficient.qty.scrap"]
            .with_user(self.warehouse_user)
            .create(
                {
                    "product_id": self.tea.id,
                    "location_id": self.stock.id,
                    "scrap_id": requested.id,
                    "quantity": 2,
                    "product_uom_name": "Units",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "this step is not possible now"):
            dialog.action_done()
        self.assertEqual((draft.state, requested.state, self._on_hand(self.tea)), ("draft", "requested", 90))

    def test_request_needs_one_reason_and_a_handling(self):
        """殘損原因及處理建議: one scrap reason (the analysis counts each damage once) and a handling;
        a reason may propose its usual handling."""
        Scrap = self.env["stock.scrap"].with_user(self.warehouse_user)
        values = {"product_id": self.tea.id, "scrap_qty": 1, "location_id": self.stock.id, "cs_handling": "destroy"}
        no_reason = Scrap.create(values)
        with self.assertRaisesRegex(UserError, "Spring Tea: choose one Scrap Reason"):
            no_reason.action_cs_request()
        two = Scrap.create({**values, "scrap_reason_tag_ids": [(6, 0, (self.env.ref(WET) | self.env.ref(BROKEN)).ids)]})
        with self.assertRaisesRegex(UserError, "Spring Tea: choose one Scrap Reason"):
            two.action_cs_request()
        no_handling = Scrap.create(
            {**values, "cs_handling": False, "scrap_reason_tag_ids": [(6, 0, self.env.ref(WET).ids)]}
        )
        with self.assertRaisesRegex(UserError, "Spring Tea: choose the Proposed Handling"):
            no_handling.action_cs_request()
        self.assertEqual((no_reason.state, two.state, no_handling.state), ("draft", "draft", "draft"))

        self.env.ref(HANDLING).cs_handling = "supplier"
        form = Form(Scrap)
        form.product_id = self.pipe
        form.scrap_reason_tag_ids.add(self.env.ref(HANDLING))
        self.assertEqual(form.cs_handling, "supplier")
        form.cs_handling = "discount"
        scrap = form.save()
        scrap.action_cs_request()
        self.assertEqual((scrap.state, scrap.cs_handling), ("requested", "discount"))

    def test_nobody_approves_their_own_request(self):
        """The person who filed the damage is not the one who approves it, even a Customer Service manager."""
        filer = self.cs_manager  # a CS manager who also works in the warehouse
        scrap = self.file_damage(self.pipe, 1, HANDLING, "discount", user=filer)
        self.assertFalse(scrap.with_user(filer).cs_can_approve)
        with self.assertRaisesRegex(AccessError, "was filed by you"):
            scrap.with_user(filer).action_cs_approve()
        with self.assertRaisesRegex(AccessError, "was filed by you"):
            scrap.with_user(filer).action_cs_refuse()
        scrap.with_user(self.manager).action_cs_approve()
        self.assertEqual((scrap.state, scrap.cs_approved_by_id), ("approved", self.manager))

    def test_manager_refuses_and_nothing_moves(self):
        scrap = self.file_damage(self.pipe, 2, HANDLING, "discount")
        scrap.with_user(self.manager).action_cs_refuse()
        self.assertEqual((scrap.state, scrap.cs_approved_by_id), ("refused", self.manager))
        with self.assertRaisesRegex(UserError, "is Refused: this step is not possible now"):
            scrap.action_validate()
        self.assertEqual((self._on_hand(self.pipe), self._damaged(self.pipe)), (95, 0))
        self.assertFalse(self.env["cs.damage.analysis"].search([("scrap_id", "=", scrap.id)]))

    def test_a_filed_request_is_frozen_for_everyone(self):
        """What was requested is what is approved and scrapped: nobody changes it, nor writes the state,
        managers and sudo included."""
        scrap = self.file_damage(self.tea, 4, WET, "destroy")
        for env in (scrap.with_user(self.warehouse_user), scrap.with_user(self.manager), scrap.sudo()):
            with self.assertRaisesRegex(UserError, "can no longer be changed"):
                env.write({"scrap_qty": 40})
            with self.assertRaisesRegex(UserError, "can no longer be changed"):
                env.write({"scrap_reason_tag_ids": [(6, 0, self.env.ref(BROKEN).ids)]})
            with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
                env.write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "starts at its first step"):
            self.env["stock.scrap"].sudo().create(
                {"product_id": self.tea.id, "scrap_qty": 1, "location_id": self.stock.id, "state": "approved"}
            )
        # nor through a context default: the new scrap starts as a draft
        Scrap = self.env["stock.scrap"].with_user(self.warehouse_user).with_context(default_state="approved")
        with self.assertRaisesRegex(UserError, "starts at its first step"):
            Scrap.create({"product_id": self.tea.id, "scrap_qty": 1, "state": "approved"})
        self.assertEqual(Scrap.create({"product_id": self.tea.id, "scrap_qty": 1}).state, "draft")
        scrap.with_user(self.manager).action_cs_approve()
        scrap.action_validate()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            scrap.sudo().write({"date_done": "2020-01-01 00:00:00"})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            scrap.sudo().write({"cs_handling": "repair"})

    def test_a_scrap_with_several_reasons_counts_under_the_first(self):
        """A scrap done before the requests existed may carry several Odoo reasons: the analysis counts it
        once, under the first reason (by the reasons' order), so that the totals add up."""
        scrap = self.scrap_damage(self.tea, 3, WET, "destroy")
        self.env.ref(WET).sequence = 20
        self.env.ref(BROKEN).sequence = 5
        with cs_transition("stock.scrap"):  # fixture: as a migrated old scrap
            scrap.scrap_reason_tag_ids |= self.env.ref(BROKEN)
        rows = self.env["cs.damage.analysis"].search([("scrap_id", "=", scrap.id)])
        self.assertEqual((len(rows), rows.reason_id, rows.quantity), (1, self.env.ref(BROKEN), 3))

    def test_migration_moves_the_damage_reason_into_odoo_s_scrap_reason(self):
        """19.0.1.3.0: the addon's own damage reason becomes the scrap's Odoo reason, then goes."""
        done = self.scrap_damage(self.tea, 2, WET, "destroy")
        draft = self.env["stock.scrap"].create({"product_id": self.pipe.id, "scrap_qty": 1})
        self.env.flush_all()
        cr = self.env.cr
        # the database as 19.0.1.2.0 left it
        cr.execute("ALTER TABLE stock_scrap ADD COLUMN cs_damage_reason_id INTEGER")
        cr.execute(
            "UPDATE stock_scrap SET cs_damage_reason_id = %s WHERE id = %s", [self.env.ref(HANDLING).id, done.id]
        )
        cr.execute("UPDATE stock_scrap SET cs_damage_reason_id = %s WHERE id = %s", [self.env.ref(BROKEN).id, draft.id])
        for stage in ("pre", "post"):
            exec_script(cr, "19.0.1.2.0", str(MIGRATION / f"{stage}-migration.py"), "customer_service_dept", stage)
        self.env.invalidate_all()
        self.assertEqual(done.scrap_reason_tag_ids, self.env.ref(WET) | self.env.ref(HANDLING))
        self.assertEqual(draft.scrap_reason_tag_ids, self.env.ref(BROKEN))
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'stock_scrap' "
            "AND column_name LIKE '%%damage_reason%%'"
        )
        self.assertFalse(cr.fetchall())


@tagged("post_install", "-at_install")
class TestStorekeeperDamageAnalysis(DamageCommon):
    """「倉管員 … 殘損分析報告」 (000 L384) and 「殘損分析報告需包括品種,數量,金額,殘損原因及處理建議內容」 (L360).

    March 2026 by hand: 4 Spring Tea, water damage, destroy: 4 x 7 = 28; 2 Steel Pipe, damaged in
    handling, sell at a discount: 2 x 50 = 100. Total 6 units, 128."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-03-10 02:00:00"):
            cls.tea_scrap = cls.scrap_damage(cls.tea, 4, WET, "destroy")
            cls.pipe_scrap = cls.scrap_damage(cls.pipe, 2, HANDLING, "discount")

    def test_storekeeper_menu_reaches_the_damage_analysis(self):
        storekeeper = self.warehouse_user
        menu = self.env.ref("customer_service_dept.cs_damage_analysis_menu_stock")
        visible = self.env["ir.ui.menu"].with_user(storekeeper)._visible_menu_ids()
        # the menu and each menu above it (Inventory > Operations > Adjustments) are open to the storekeeper
        path = self.env["ir.ui.menu"].browse([int(i) for i in menu.parent_path.strip("/").split("/")])
        self.assertEqual(path[0], self.env.ref("stock.menu_stock_root"))
        self.assertEqual(set(path.ids) - visible, set())
        # the Customer Service app's Reporting stays the managers'
        self.assertNotIn(self.env.ref("customer_service_dept.menu_cs_reporting").id, visible)
        action = menu.action.sudo()._get_action_dict()
        Analysis = self.env[action["res_model"]].with_user(storekeeper)
        Analysis.get_views([(False, "pivot"), (False, "graph"), (False, "list"), (False, "search")])
        totals = {
            reason.name: (quantity, amount)
            for reason, quantity, amount in Analysis._read_group(
                [("date", ">=", date(2026, 3, 1))], ["reason_id"], ["quantity:sum", "amount:sum"]
            )
        }
        self.assertEqual(totals, {"Water damage": (4.0, 28.0), "Damaged in handling": (2.0, 100.0)})
        self.assertEqual(len(Analysis.web_search_read([], {"scrap_id": {}, "handling": {}})["records"]), 2)

    def test_storekeeper_prints_the_monthly_damage_report(self):
        menu = self.env.ref("customer_service_dept.cs_damage_report_menu_stock")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.warehouse_user)._visible_menu_ids())
        context = menu.action.sudo()._get_action_dict()["context"]
        self.assertIn("'default_analysis': 'damage'", context)
        export = (
            self.env["cs.stock.analysis.export"]
            .with_user(self.warehouse_user)
            .with_context(default_analysis="damage")
            .create({"date": date(2026, 3, 31)})
        )
        rows, total_qty, total_amount = export._rows()
        self.assertEqual(
            rows,
            [
                ["Spring Tea", "Water damage", "Destroy", 4.0, 28.0, 0.0, 0.0],
                ["Steel Pipe", "Damaged in handling", "Sell at a discount", 2.0, 100.0, 0.0, 0.0],
            ],
        )
        self.assertEqual((total_qty, total_amount), (6.0, 128.0))
        html = (
            self.env["ir.actions.report"]
            .with_user(self.warehouse_user)
            ._render_qweb_html("customer_service_dept.action_report_cs_stock_analysis", export.ids)[0]
            .decode()
        )
        self.assertIn("Water damage", html)
        self.assertIn("Sell at a discount", html)

    def test_cs_manager_reads_the_same_figures(self):
        export = (
            self.env["cs.stock.analysis.export"]
            .with_user(self.manager)
            .create({"analysis": "damage", "date": date(2026, 3, 1)})
        )
        self.assertEqual(
            export._rows(),
            (
                [
                    ["Spring Tea", "Water damage", "Destroy", 4.0, 28.0, 0.0, 0.0],
                    ["Steel Pipe", "Damaged in handling", "Sell at a discount", 2.0, 100.0, 0.0, 0.0],
                ],
                6.0,
                128.0,
            ),
        )
        april = (
            self.env["cs.stock.analysis.export"]
            .with_user(self.manager)
            .create({"analysis": "damage", "date": date(2026, 4, 1)})
        )
        self.assertEqual(april._rows(), ([], 0, 0))

    def test_storekeeper_reads_only_their_own_company_s_damages(self):
        other = self.env["res.company"].create({"name": "Wuhan Branch"})
        common = {"company_id": other.id, "company_ids": [(6, 0, other.ids)]}
        keeper = new_test_user(self.env, "wuhan_keeper", groups="stock.group_stock_user", **common)
        boss = new_test_user(self.env, "wuhan_boss", groups="customer_service_dept.group_cs_manager", **common)
        stock = self.env["stock.warehouse"].search([("company_id", "=", other.id)]).lot_stock_id
        self.env["stock.quant"]._update_available_quantity(self.tea, stock, 10)
        scrap = (
            self.env["stock.scrap"]
            .with_user(keeper)
            .create(
                {
                    "product_id": self.tea.id,
                    "scrap_qty": 5,
                    "location_id": stock.id,
                    "company_id": other.id,
                    "scrap_reason_tag_ids": [(6, 0, self.env.ref(WET).ids)],
                    "cs_handling": "destroy",
                }
            )
        )
        scrap.action_cs_request()
        scrap.with_user(boss).action_cs_approve()
        scrap.action_validate()
        Analysis = self.env["cs.damage.analysis"]
        self.assertEqual(Analysis.with_user(keeper).search([]).scrap_id, scrap)
        self.assertEqual(Analysis.with_user(self.warehouse_user).search([]).scrap_id, self.tea_scrap | self.pipe_scrap)


@tagged("post_install", "-at_install")
class TestDamageRequestsOverRpc(DamageCommon, HttpCase):
    """Over JSON-RPC, with the context keys the addon and Odoo read: the storekeeper approves nothing."""

    CONTEXT = {
        "inventory_name": "RPC",
        "from_inverse_qty": True,
        "not_unlink_on_discard": True,
        "inventory_mode": True,
        "default_state": "approved",
        "default_cs_approved_by_id": 2,
    }

    def _call(self, user, password, model, method, *args):
        return execute_kw(self, user, password, model, method, args, {"context": self.CONTEXT})

    def test_storekeeper_cannot_approve_or_scrap_a_request(self):
        scrap = self.file_damage(self.tea, 4, WET, "destroy")
        self.env.flush_all()
        keeper = (self.warehouse_user, "storekeeper")
        for method, args in (
            ("write", [scrap.ids, {"state": "approved"}]),
            ("write", [scrap.ids, {"state": "done"}]),
            ("action_cs_approve", [scrap.ids]),
            ("do_scrap", [scrap.ids]),
            ("action_validate", [scrap.ids]),
        ):
            answer = self._call(*keeper, "stock.scrap", method, *args)
            self.assertIn("error", answer, method)
        scrap.invalidate_recordset()
        self.assertEqual((scrap.state, self._on_hand(self.tea)), ("requested", 90))
        answer = self._call(*keeper, "stock.scrap", "create", {"product_id": self.tea.id, "scrap_qty": 1})
        created = self.env["stock.scrap"].browse(answer["result"])
        self.assertEqual((created.state, created.cs_approved_by_id.id), ("draft", False))
        answer = self._call(self.manager, "dmg_manager", "stock.scrap", "action_cs_approve", scrap.ids)
        self.assertNotIn("error", answer, answer)
        scrap.invalidate_recordset()
        self.assertEqual(scrap.state, "approved")
