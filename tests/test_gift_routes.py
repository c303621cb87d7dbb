from odoo.tests import tagged

from .. import uninstall_hook
from .common_stock import StockCommon


@tagged("post_install", "-at_install")
class TestGiftRoutes(StockCommon):
    """Seed 000 L346 「贈品訂單由系統贈品倉開出」 and L366 「正品,殘品,贈品在系統和倉庫帳上分開記錄」:
    a gift line is picked from the warehouse's gift stock by Odoo's routes, in one, two or three
    delivery steps; the order's other goods come from the main stock.

    Stock by hand: the fixture delivered 10 tea and 5 pipes of 100 each, so the main stock holds
    90 tea and 95 pipes; the gift stock gets 3 pipes. Each order: 2 tea and 1 pipe sold, 1 pipe
    given. After delivery: main stock 88 tea and 94 pipes, gift stock 2 pipes.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gift = cls.warehouse.cs_gift_location_id
        cls.env["stock.quant"]._update_available_quantity(cls.pipe, cls.gift, 3)

    def _gift_order(self, gift_qty=1):
        """Confirmed by the salesperson: 2 tea and 1 pipe sold, ``gift_qty`` pipes given."""
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        (0, 0, {"product_id": self.tea.id, "product_uom_qty": 2, "price_unit": 12.0}),
                        (0, 0, {"product_id": self.pipe.id, "product_uom_qty": 1, "price_unit": 80.0}),
                        (
                            0,
                            0,
                            {
                                "product_id": self.pipe.id,
                                "product_uom_qty": gift_qty,
                                "price_unit": 0,
                                "cs_is_gift": True,
                            },
                        ),
                    ],
                }
            )
        )
        order.action_confirm()
        return order

    def _validate(self, pickings):
        """The storekeeper ships what each picking asks for."""
        for picking in pickings.with_user(self.warehouse_user):
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.button_validate()
            self.assertEqual(picking.state, "done", picking.name)

    def _lines(self, picking):
        return sorted(
            (m.product_id.name, m.product_uom_qty, m.sale_line_id.cs_is_gift, m.location_id, m.location_dest_id)
            for m in picking.move_ids
        )

    def _assert_shipped(self, order):
        """Everything reached the customer, the gift from the gift stock, the rest from the main stock."""
        self.assertEqual(order.order_line.mapped("qty_delivered"), [2.0, 1.0, 1.0])
        qty = {
            (product.name, location.name): product.with_context(location=location.id).qty_available
            for product in (self.tea, self.pipe)
            for location in (self.stock, self.gift)
        }
        self.assertEqual(
            qty,
            {
                ("Spring Tea", self.stock.name): 88.0,
                ("Spring Tea", self.gift.name): 0.0,
                ("Steel Pipe", self.stock.name): 94.0,
                ("Steel Pipe", self.gift.name): 2.0,
            },
        )

    def _gift_rule(self):
        rules = self.warehouse.cs_gift_route_id.rule_ids
        self.assertEqual(len(rules), 1, "one active gift rule, for the current delivery steps")
        return rules

    def test_one_step_delivers_gifts_from_the_gift_stock(self):
        """Delivery in one step (ship_only): the gift is its own delivery from the gift stock (the gift
        order of the rulebook), the goods sold another from the main stock. The warehouse went to
        three steps and back first: the gift rule follows the setting."""
        self.warehouse.delivery_steps = "pick_pack_ship"
        self.warehouse.delivery_steps = "ship_only"
        rule = self._gift_rule()
        self.assertEqual((rule.location_src_id, rule.picking_type_id), (self.gift, self.warehouse.out_type_id))
        order = self._gift_order()
        customers = self.env.ref("stock.stock_location_customers")
        self.assertEqual(order.picking_ids.picking_type_id, self.warehouse.out_type_id)
        gift_delivery = order.picking_ids.filtered(lambda p: p.location_id == self.gift)
        self.assertEqual(self._lines(gift_delivery), [("Steel Pipe", 1.0, True, self.gift, customers)])
        self.assertEqual(
            self._lines(order.picking_ids - gift_delivery),
            [("Spring Tea", 2.0, False, self.stock, customers), ("Steel Pipe", 1.0, False, self.stock, customers)],
        )
        self._validate(order.picking_ids)
        self._assert_shipped(order)

    def test_two_steps_pick_gifts_from_the_gift_stock(self):
        """Pick then ship (pick_ship): the gift is picked from the gift stock to Output, the goods sold
        from the main stock, and both leave in one delivery from Output."""
        self.warehouse.delivery_steps = "pick_ship"
        rule = self._gift_rule()
        self.assertEqual((rule.location_src_id, rule.picking_type_id), (self.gift, self.warehouse.pick_type_id))
        output = self.warehouse.wh_output_stock_loc_id
        order = self._gift_order()
        picks = order.picking_ids
        self.assertEqual(picks.picking_type_id, self.warehouse.pick_type_id)
        gift_pick = picks.filtered(lambda p: p.location_id == self.gift)
        self.assertEqual(self._lines(gift_pick), [("Steel Pipe", 1.0, True, self.gift, output)])
        self.assertEqual(gift_pick.state, "assigned")
        self.assertEqual(
            self._lines(picks - gift_pick),
            [("Spring Tea", 2.0, False, self.stock, output), ("Steel Pipe", 1.0, False, self.stock, output)],
        )
        self._validate(picks)
        delivery = order.picking_ids - picks
        self.assertEqual(delivery.picking_type_id, self.warehouse.out_type_id)
        customers = self.env.ref("stock.stock_location_customers")
        self.assertEqual(
            self._lines(delivery),
            [
                ("Spring Tea", 2.0, False, output, customers),
                ("Steel Pipe", 1.0, False, output, customers),
                ("Steel Pipe", 1.0, True, output, customers),
            ],
        )
        self._validate(delivery)
        self._assert_shipped(order)

    def test_three_steps_pick_gifts_from_the_gift_stock(self):
        """Pick, pack, ship (pick_pack_ship): the gift is picked from the gift stock to the packing zone,
        packed with the goods sold and shipped with them."""
        self.warehouse.delivery_steps = "pick_pack_ship"
        rule = self._gift_rule()
        self.assertEqual((rule.location_src_id, rule.picking_type_id), (self.gift, self.warehouse.pick_type_id))
        pack_zone = self.warehouse.wh_pack_stock_loc_id
        output = self.warehouse.wh_output_stock_loc_id
        order = self._gift_order()
        picks = order.picking_ids
        gift_pick = picks.filtered(lambda p: p.location_id == self.gift)
        self.assertEqual(self._lines(gift_pick), [("Steel Pipe", 1.0, True, self.gift, pack_zone)])
        self.assertEqual(
            self._lines(picks - gift_pick),
            [("Spring Tea", 2.0, False, self.stock, pack_zone), ("Steel Pipe", 1.0, False, self.stock, pack_zone)],
        )
        self._validate(picks)
        pack = order.picking_ids - picks
        self.assertEqual(pack.picking_type_id, self.warehouse.pack_type_id)
        self.assertEqual(
            [line[:3] for line in self._lines(pack)],
            [("Spring Tea", 2.0, False), ("Steel Pipe", 1.0, False), ("Steel Pipe", 1.0, True)],
        )
        self.assertEqual(pack.location_dest_id, output)
        self._validate(pack)
        delivery = order.picking_ids - picks - pack
        self.assertEqual(delivery.picking_type_id, self.warehouse.out_type_id)
        self.assertEqual(len(delivery.move_ids), 3)
        self._validate(delivery)
        self._assert_shipped(order)

    def test_gift_waits_for_the_gift_stock_not_the_main_stock(self):
        """Two steps, 4 pipes given with 3 in the gift stock and 95 in the main stock: the gift pick
        reserves the 3 of the gift stock and waits for the fourth; the main stock is not touched."""
        self.warehouse.delivery_steps = "pick_ship"
        order = self._gift_order(gift_qty=4)
        gift_pick = order.picking_ids.filtered(lambda p: p.location_id == self.gift)
        self.assertEqual(gift_pick.move_ids.product_uom_qty, 4)
        self.assertEqual(gift_pick.move_ids.quantity, 3)
        self.assertEqual(gift_pick.move_ids.move_line_ids.location_id, self.gift)
        self.assertEqual(self.pipe.with_context(location=self.stock.id).free_qty, 94.0)  # 95 - the 1 sold

    def test_warehouses_get_gift_stock_and_route(self):
        """A new warehouse gets its gift stock and gift route from Odoo's warehouse set-up; a warehouse
        from before the addon gets them at install/upgrade, once."""
        depot = self.env["stock.warehouse"].create({"name": "Wuhan Depot", "code": "WHD"})
        self.assertEqual(
            (depot.cs_gift_location_id.usage, depot.cs_gift_location_id.location_id),
            ("internal", depot.view_location_id),
        )
        self.assertEqual(depot.cs_gift_route_id.rule_ids.location_src_id, depot.cs_gift_location_id)
        # as before the addon: no gift stock, no gift route
        old_route, old_gift = depot.cs_gift_route_id, depot.cs_gift_location_id
        depot.write({"cs_gift_route_id": False, "cs_gift_location_id": False})
        old_route.rule_ids.unlink()
        old_route.unlink()
        old_gift.unlink()
        self.env["stock.warehouse"]._cs_install_gift_routes()
        route = depot.cs_gift_route_id
        self.assertEqual(route.rule_ids.location_src_id, depot.cs_gift_location_id)
        self.assertEqual(route.rule_ids.picking_type_id, depot.out_type_id)
        self.env["stock.warehouse"]._cs_install_gift_routes()
        self.assertEqual(depot.cs_gift_route_id, route)
        self.assertEqual(len(route.with_context(active_test=False).rule_ids), 1)

    def test_uninstall_archives_a_used_gift_route_and_removes_an_unused_one(self):
        """Uninstalling removes the gift route of a warehouse that never used it; a route that made moves
        is archived with its rule (the moves keep their history)."""
        depot = self.env["stock.warehouse"].create({"name": "Wuhan Depot", "code": "WHD"})
        unused_route, unused_rules = depot.cs_gift_route_id, depot.cs_gift_route_id.rule_ids
        used_route = self.warehouse.cs_gift_route_id
        self._validate(self._gift_order().picking_ids)
        uninstall_hook(self.env)
        self.assertFalse(unused_route.exists())
        self.assertFalse(unused_rules.exists())
        self.assertFalse(used_route.active)
        self.assertFalse(used_route.with_context(active_test=False).rule_ids.filtered("active"))
