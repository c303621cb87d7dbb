from contextlib import contextmanager

from odoo.exceptions import ValidationError

from .common_stock import StockCommon


class TestNoNegativeStock(StockCommon):
    """Rulebook 000 L349 (流程重点 › 订单处理) 「不开负库存」: no stock operation may leave a warehouse
    location below zero. The company setting "No negative stock" (on by default) drives OCA
    stock_no_negative's location switch; OCA's quant check refuses, for every caller.

    Stock after StockCommon, by hand: Spring Tea 100 received - 10 delivered = 90 in WH/Stock;
    Steel Pipe 100 - 5 = 95. Each test acts as the storekeeper (仓管员: Inventory user only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rice = cls.env["product.product"].create({"name": "Rice Noodles", "is_storable": True})
        cls.env["stock.quant"]._update_available_quantity(cls.rice, cls.stock, 5)

    @contextmanager
    def _refused(self, pattern):
        """The operation is refused with a message matching ``pattern``; what it wrote is rolled back."""
        with self.assertRaises(ValidationError) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def _on_hand(self, product):
        return product.with_context(location=self.stock.id).qty_available

    def _scrap(self, product, qty, **context):
        """Scrap as the storekeeper does it: the damage request approved by the Customer Service manager
        (客戶服務經理審批殘損申請), then validate, and confirm Odoo's warning when stock is short."""
        Scrap = self.env["stock.scrap"].with_user(self.warehouse_user).with_context(**context)
        scrap = Scrap.create(
            {
                "product_id": product.id,
                "scrap_qty": qty,
                "location_id": self.stock.id,
                "scrap_reason_tag_ids": [(6, 0, self.env.ref("customer_service_dept.scrap_reason_wet").ids)],
                "cs_handling": "destroy",
            }
        )
        scrap.action_cs_request()
        scrap.with_user(self.cs_manager).action_cs_approve()
        action = scrap.action_validate()
        if isinstance(action, dict):
            self.assertEqual(action["res_model"], "stock.warn.insufficient.qty.scrap")
            wizard = self.env[action["res_model"]].with_user(self.warehouse_user).with_context(**action["context"])
            wizard.create({}).action_done()
        return scrap

    def _deliver(self, qty):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": self.tea.id, "product_uom_qty": qty})],
            }
        )
        order.action_confirm()
        picking = order.picking_ids.with_user(self.warehouse_user)
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    def _quant(self, product, user):
        return (
            self.env["stock.quant"]
            .with_user(user)
            .with_context(inventory_mode=True)
            .search([("product_id", "=", product.id), ("location_id", "=", self.stock.id)])
        )

    def _set_quantity(self, product, qty):
        """A new on-hand quantity set by hand: typing it in is refused (庫存調整表, tests/test_stock_adjustment.py),
        it is an adjustment with its reason, approved by the Customer Service manager."""
        self.count_stock([(product, qty)], reason="On-hand quantity corrected")

    def _count(self, product, counted):
        """The storekeeper's stocktake: counted quantity, then Apply with its reason; the Customer Service
        manager approves the adjustment."""
        self.count_stock([(product, counted)], reason="Stocktake")

    def _switch(self, on):
        """The administrator ticks or clears Settings › Customer Service › No negative stock."""
        settings = self.env["res.config.settings"].create({})
        settings.cs_no_negative_stock = on
        settings.execute()

    def test_the_rule_is_on_by_default_for_every_location_of_the_warehouse(self):
        """「不开负库存」 is a rule of the process: a new company has it on and its warehouse's internal
        locations (stock, gift stock) do not allow negative stock."""
        company = self.env["res.company"].create({"name": "Xiaogan Branch"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)])
        self.assertTrue(company.cs_no_negative_stock)
        self.assertFalse(warehouse.lot_stock_id.allow_negative_stock)
        self.assertFalse(warehouse.cs_gift_location_id.allow_negative_stock)

    def test_scrap_of_7_with_5_on_hand_is_refused(self):
        """5 Rice Noodles on hand, 7 scrapped: 5 - 7 = -2, so 2 are missing; refused, 5 stay."""
        with self._refused(
            r"Not enough Rice Noodles in WH/Stock: 2\.00 Units missing\. This operation would leave -2\.00 Units "
            r"there and negative stock is not allowed\.",
        ):
            self._scrap(self.rice, 7)
        self.assertEqual(self._on_hand(self.rice), 5)

    def test_delivery_of_200_with_90_on_hand_is_refused(self):
        """90 Spring Tea on hand, a delivery of 200 validated: 90 - 200 = -110, so 110 are missing."""
        with self._refused(
            r"Not enough Spring Tea in WH/Stock: 110\.00 Units missing\. .*negative stock is not allowed",
        ):
            self._deliver(200)
        self.assertEqual(self._on_hand(self.tea), 90)

    def test_manual_quantity_edit_below_zero_is_refused(self):
        """90 Spring Tea on hand typed down to -3 (Update Quantity) or counted as -3 and applied by the
        storekeeper: the adjustment takes out 93, 3 more than there are."""
        with self._refused(r"Not enough Spring Tea in WH/Stock: 3\.00 Units missing"):
            self._set_quantity(self.tea, -3)
        with self._refused(r"Not enough Spring Tea in WH/Stock: 3\.00 Units missing"):
            self._count(self.tea, -3)
        self.assertEqual(self._on_hand(self.tea), 90)

    def test_inventory_adjustments_down_to_zero_are_fine(self):
        """Stocktake: 95 Steel Pipes counted as 94 (one lost), 90 Spring Tea counted as 0 (all gone): the
        stock follows the count; zero is not negative."""
        self._count(self.pipe, 94)
        self._count(self.tea, 0)
        self.assertEqual((self._on_hand(self.pipe), self._on_hand(self.tea)), (94, 0))

    def test_a_callers_context_cannot_skip_the_check(self):
        """House rule: no context key decides a check. OCA's own ``skip_negative_qty_check`` is ignored."""
        with self._refused(r"Rice Noodles in WH/Stock: 2\.00 Units missing"):
            self._scrap(self.rice, 7, skip_negative_qty_check=True)
        self.assertEqual(self._on_hand(self.rice), 5)

    def test_lot_is_named_and_a_product_can_be_set_apart(self):
        """Lot L-0315 of Lotus Paste holds 5, 7 scrapped: 2 missing, the message names the lot. A product
        ticked "Allow Negative Stock" (OCA's switch on the product) may go below zero even with the rule on:
        5 Rice Noodles - 7 = -2."""
        paste = self.env["product.product"].create({"name": "Lotus Paste", "is_storable": True, "tracking": "lot"})
        lot = self.env["stock.lot"].create({"name": "L-0315", "product_id": paste.id})
        self.env["stock.quant"]._update_available_quantity(paste, self.stock, 5, lot_id=lot)
        Scrap = self.env["stock.scrap"].with_user(self.warehouse_user)
        scrap = Scrap.create(
            {
                "product_id": paste.id,
                "lot_id": lot.id,
                "scrap_qty": 7,
                "location_id": self.stock.id,
                "scrap_reason_tag_ids": [(6, 0, self.env.ref("customer_service_dept.scrap_reason_wet").ids)],
                "cs_handling": "destroy",
            }
        )
        scrap.action_cs_request()
        scrap.with_user(self.cs_manager).action_cs_approve()
        with self._refused(r"Not enough Lotus Paste, lot L-0315 in WH/Stock: 2\.00 Units missing"):
            scrap.do_scrap()
        self.rice.allow_negative_stock = True
        self._scrap(self.rice, 7)
        self.assertEqual(self._on_hand(self.rice), -2)

    def test_setting_off_allows_negative_stock_and_on_refuses_it_again(self):
        """Setting off: scrap 7 of 5 Rice Noodles -> -2; deliver 200 of 90 Spring Tea -> -110; type -3
        Steel Pipes -> -3. A warehouse created meanwhile follows the setting. Setting on again: scrapping
        1 more Rice Noodle (-2 - 1 = -3, 3 missing) is refused."""
        self._switch(False)
        self.assertTrue(self.stock.allow_negative_stock)
        self.assertTrue(self.warehouse.cs_gift_location_id.allow_negative_stock)
        # the damaged stock (残品) is internal stock like the others: it follows the setting
        self.assertTrue(self.warehouse.cs_damaged_location_id.allow_negative_stock)
        depot = self.env["stock.warehouse"].create({"name": "Wuhan Depot", "code": "WHD"})
        self.assertTrue(depot.lot_stock_id.allow_negative_stock)

        self._scrap(self.rice, 7)
        self._deliver(200)
        self._set_quantity(self.pipe, -3)
        self.assertEqual((self._on_hand(self.rice), self._on_hand(self.tea), self._on_hand(self.pipe)), (-2, -110, -3))

        self._switch(True)
        self.assertFalse(self.stock.allow_negative_stock)
        self.assertFalse(depot.lot_stock_id.allow_negative_stock)
        with self._refused(r"Rice Noodles in WH/Stock: 3\.00 Units missing"):
            self._scrap(self.rice, 1)
