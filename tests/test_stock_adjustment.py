"""Issue 12 item 12: inventory adjustments (庫存調整表) need the Customer Service manager.

Rulebook 000 L358 「分析庫存記錄不準的原因,並填寫庫存調整表,經客戶服務經理批准後進行系統庫存調整」
and L378 「客戶服務經理 … 審批庫存調整表」: the storekeeper counts and gives the reason the records
were wrong; the stock changes once the Customer Service manager approves.

Stock by hand (tests/common_stock.py): WH/Stock holds 90 Spring Tea (cost 7) and 95 Steel Pipe
(cost 50).
"""

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common_rpc import execute_kw
from .common_stock import StockCommon


class AdjustmentCommon(StockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)], "tz": "Asia/Shanghai"}
        cls.manager = new_test_user(cls.env, "adj_manager", groups="customer_service_dept.group_cs_manager", **common)

    def _on_hand(self, product):
        return product.with_context(location=self.stock.id).qty_available

    def _quant(self, product, user=None):
        return (
            self.env["stock.quant"]
            .with_user(user or self.warehouse_user)
            .search([("product_id", "=", product.id), ("location_id", "=", self.stock.id)])
        )


class TestStockAdjustmentApproval(AdjustmentCommon):
    def test_every_adjustment_waits_for_the_cs_manager(self):
        """By default (no threshold) a count of 92 pipes (95 in the records: -3, worth 3 x 50 = 150) changes
        nothing until the Customer Service manager approves; then the stock is 92 and the counted line kept."""
        request = self.count_stock([(self.pipe, 92)], reason="Three pipes bent, thrown away", approver=False)
        self.assertEqual(self.company.cs_adjustment_approval_value, 0)
        self.assertEqual((request.state, request.user_id, request.value), ("to_approve", self.warehouse_user, 150))
        self.assertEqual(
            (request.line_ids.system_qty, request.line_ids.counted_qty, request.line_ids.difference), (95, 92, -3)
        )
        self.assertEqual(self._on_hand(self.pipe), 95)
        self.assertFalse(self.env["cs.stock.count"].search([("product_id", "=", self.pipe.id)]))
        # the counted quantity moved to the request: Physical Inventory shows nothing left to apply
        self.assertFalse(self._quant(self.pipe).inventory_quantity_set)
        self.assertIn("waits for a Customer Service Manager", request.message_ids[:1].body)
        self.assertFalse(request.with_user(self.warehouse_user).can_approve)
        with self.assertRaisesRegex(AccessError, "Only a Customer Service Manager"):
            request.with_user(self.warehouse_user).action_approve()

        as_manager = request.with_user(self.manager)
        self.assertTrue(as_manager.can_approve)
        as_manager.action_approve()
        self.assertEqual((request.state, request.approved_by_id), ("done", self.manager))
        self.assertEqual(self._on_hand(self.pipe), 92)
        count = self.env["cs.stock.count"].search([("product_id", "=", self.pipe.id)])
        self.assertEqual(
            (count.system_qty, count.counted_qty, count.reason, count.user_id, count.adjustment_id),
            (95, 92, "Three pipes bent, thrown away", self.warehouse_user, request),
        )
        move = self.env["stock.move"].search([("product_id", "=", self.pipe.id), ("is_inventory", "=", True)])
        self.assertEqual((move.product_qty, move.location_id, move.state), (3, self.stock, "done"))
        self.assertIn("Three pipes bent, thrown away", move.reference)

    def test_the_reason_is_required(self):
        """「分析庫存記錄不準的原因」: no adjustment without the reason, Odoo's 'Physical Inventory' default gone."""
        quant = self._quant(self.tea)
        quant.inventory_quantity = 88
        Wizard = self.env["stock.inventory.adjustment.name"].with_user(self.warehouse_user)
        self.assertFalse(
            Wizard.with_context(default_quant_ids=quant.ids)
            .default_get(["inventory_adjustment_name"])
            .get("inventory_adjustment_name")
        )
        for reason in (False, "   "):
            wizard = Wizard.new({"quant_ids": [(6, 0, quant.ids)], "inventory_adjustment_name": reason})
            with self.assertRaisesRegex(UserError, "Spring Tea in WH/Stock: give the Inventory Reason"):
                wizard.action_apply()
        self.assertFalse(self.env["cs.stock.adjustment"].search([]))
        self.assertEqual(self._on_hand(self.tea), 90)

    def test_apply_buttons_and_direct_edits_do_not_change_the_stock(self):
        """Every door to a manual adjustment leads to the request: the line's Apply button opens the reason
        dialog, the on-hand quantity cannot be typed in, the inner apply refuses."""
        quant = self._quant(self.tea).with_context(inventory_mode=True)
        quant.inventory_quantity = 80
        action = quant.action_apply_inventory()
        self.assertEqual(
            (action["res_model"], action["context"]["default_quant_ids"]),
            ("stock.inventory.adjustment.name", quant.ids),
        )
        with self.assertRaisesRegex(UserError, "changes only through an inventory adjustment"):
            quant._apply_inventory()
        stock_manager = new_test_user(self.env, "adj_stock_manager", groups="stock.group_stock_manager")
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            self._quant(self.tea, stock_manager).with_context(inventory_mode=True).inventory_quantity_auto_apply = 70
        with self.assertRaisesRegex(UserError, "changes only through an inventory adjustment"):
            self.tea.qty_available = 60  # the product form's On Hand, even as the superuser
        self.assertEqual(self._on_hand(self.tea), 90)

    def test_nobody_approves_their_own_count(self):
        filer = self.cs_manager  # a Customer Service manager who counted the stock himself
        request = self.count_stock([(self.tea, 91)], user=filer, approver=False)
        self.assertFalse(request.with_user(filer).can_approve)
        with self.assertRaisesRegex(AccessError, "was filed by you"):
            request.with_user(filer).action_approve()
        request.with_user(self.manager).action_approve()
        self.assertEqual(self._on_hand(self.tea), 91)

    def test_a_refused_adjustment_changes_nothing(self):
        request = self.count_stock([(self.pipe, 90)], approver=False)
        request.with_user(self.manager).action_refuse()
        self.assertEqual((request.state, request.approved_by_id), ("refused", self.manager))
        with self.assertRaisesRegex(UserError, "is Refused: this step is not possible now"):
            request.with_user(self.manager).action_approve()
        self.assertEqual(self._on_hand(self.pipe), 95)
        self.assertFalse(self.env["cs.stock.count"].search([("product_id", "=", self.pipe.id)]))

    def test_a_count_waiting_for_approval_is_not_filed_twice(self):
        self.count_stock([(self.pipe, 90)], approver=False)
        with self.assertRaisesRegex(UserError, "Steel Pipe in WH/Stock is already counted in inventory adjustment"):
            self.count_stock([(self.pipe, 91)], approver=False)

    def test_threshold_lets_small_differences_apply_at_once(self):
        """With a threshold of 100 (at cost): 1 tea missing = 7, applied at once by the storekeeper;
        3 pipes missing = 150 > 100, waits for the manager. A count that matches needs nobody."""
        self.company.cs_adjustment_approval_value = 100
        small = self.count_stock([(self.tea, 89)], approver=False)
        self.assertEqual(
            (small.state, small.approved_by_id, self._on_hand(self.tea)), ("done", self.env["res.users"], 89)
        )
        big = self.count_stock([(self.pipe, 92)], approver=False)
        self.assertEqual((big.state, self._on_hand(self.pipe)), ("to_approve", 95))
        self.assertIn("worth 150.00, above the approval threshold of 100.00", big.message_ids[:1].body)
        self.company.cs_adjustment_approval_value = 0
        matched = self.count_stock([(self.tea, 89)], approver=False)
        self.assertEqual(matched.state, "done")
        self.assertEqual(
            self.env["cs.stock.count"].search([("adjustment_id", "=", matched.id)]).mapped("matched"), [True]
        )

    def test_the_counted_difference_is_applied_to_today_s_stock(self):
        """Counted 92 of 95 pipes (-3); 5 pipes are delivered before the approval (90 left): the approved
        adjustment corrects the difference found, 90 - 3 = 87, not the stale count of 92."""
        request = self.count_stock([(self.pipe, 92)], approver=False)
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [(0, 0, {"product_id": self.pipe.id, "product_uom_qty": 5})]}
        )
        order.action_confirm()
        order.picking_ids.move_ids.quantity = 5
        order.picking_ids.move_ids.picked = True
        order.picking_ids.button_validate()
        self.assertEqual(self._on_hand(self.pipe), 90)
        request.with_user(self.manager).action_approve()
        self.assertEqual(self._on_hand(self.pipe), 87)

    def test_an_approved_request_is_frozen_for_everyone(self):
        request = self.count_stock([(self.pipe, 92)])
        # the manager approves by the button; nobody writes a request, sudo included
        for env in (request.with_user(self.manager), request.sudo()):
            with self.assertRaisesRegex(UserError, "can no longer be changed"):
                env.write({"reason": "Something else"})
            with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
                env.write({"state": "to_approve"})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            request.line_ids.sudo().write({"counted_qty": 1})
        with self.assertRaisesRegex(UserError, "applied to the stock: it is kept"):
            request.sudo().unlink()


@tagged("post_install", "-at_install")
class TestStockAdjustmentOverRpc(AdjustmentCommon, HttpCase):
    """The storekeeper's own client over JSON-RPC, with the context keys Odoo and the addon read."""

    CONTEXT = {"inventory_name": "RPC", "from_inverse_qty": True, "inventory_mode": True, "inventory_report_mode": True}

    def _call(self, user, model, method, *args):
        return execute_kw(self, user, user.login, model, method, args, {"context": self.CONTEXT})

    def test_storekeeper_cannot_adjust_without_the_manager(self):
        keeper = self.warehouse_user
        quant = self._quant(self.pipe)
        answer = self._call(keeper, "stock.quant", "write", quant.ids, {"inventory_quantity": 50})
        self.assertNotIn("error", answer, answer)
        answer = self._call(keeper, "stock.quant", "action_apply_inventory", quant.ids)
        self.assertEqual(answer["result"]["res_model"], "stock.inventory.adjustment.name")
        answer = self._call(keeper, "stock.quant", "action_set_inventory_quantity_zero", quant.ids)
        self.assertIn("error", answer)
        answer = self._call(
            keeper,
            "cs.stock.adjustment",
            "create",
            {"reason": "RPC", "line_ids": [(0, 0, {"product_id": self.pipe.id})]},
        )
        self.assertIn("error", answer)
        wizard = self._call(
            keeper,
            "stock.inventory.adjustment.name",
            "create",
            {"quant_ids": [(6, 0, quant.ids)], "inventory_adjustment_name": "Weekly count"},
        )["result"]
        answer = self._call(keeper, "stock.inventory.adjustment.name", "action_apply", [wizard])
        request = self.env["cs.stock.adjustment"].browse(answer["result"]["res_id"])
        for model, method, args in (
            ("cs.stock.adjustment", "action_approve", [request.ids]),
            ("cs.stock.adjustment", "write", [request.ids, {"state": "done"}]),
            ("cs.stock.adjustment.line", "write", [request.line_ids.ids, {"counted_qty": 95}]),
        ):
            self.assertIn("error", self._call(keeper, model, method, *args), f"{model}.{method}")
        self.env.invalidate_all()
        self.assertEqual((request.state, self._on_hand(self.pipe)), ("to_approve", 95))
        answer = self._call(self.manager, "cs.stock.adjustment", "action_approve", request.ids)
        self.assertNotIn("error", answer, answer)
        self.env.invalidate_all()
        self.assertEqual((request.state, self._on_hand(self.pipe)), ("done", 50))
