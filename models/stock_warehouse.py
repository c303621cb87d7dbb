from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

# The gift route's one pull rule per delivery setting: it takes gifts from the gift stock with the
# warehouse's first delivery operation; Odoo's own push rules of the delivery route carry them on
# (Output -> Customers, Packing Zone -> Output -> Customers), with the order's other goods.
GIFT_ROUTINGS = {
    "ship_only": "out_type_id",
    "pick_ship": "pick_type_id",
    "pick_pack_ship": "pick_type_id",
}


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    cs_damaged_location_id = fields.Many2one(
        "stock.location",
        string="Damaged Stock",
        readonly=True,
        copy=False,
        help="Damaged goods (残品) of this warehouse: returns of damaged goods and its scrap orders come here. "
        "An internal location outside the warehouse's stock: counted in the physical inventory, never "
        "reserved for an order nor shown as available.",
    )
    cs_gift_location_id = fields.Many2one(
        "stock.location",
        string="Gift Stock",
        readonly=True,
        copy=False,
        help="Gift stock: sale order lines marked as gifts are delivered from here.",
    )
    cs_gift_route_id = fields.Many2one(
        "stock.route",
        string="Gift Route",
        readonly=True,
        copy=False,
        help="Sale order lines marked as gifts are procured by this route: picked from the gift stock with the "
        "warehouse's first delivery step, then shipped with the order's other goods.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses._cs_special_locations()
        return warehouses

    @api.model
    def _cs_update_special_locations(self):
        """At each install and update: every warehouse has its (internal) damaged stock."""
        self.sudo().with_context(active_test=False).search([("company_id", "!=", False)])._cs_special_locations()

    def _cs_special_locations(self):
        """Damaged stock (残品) gets a location of its own, so that good,
        damaged and gift stock are counted separately (seed 000 L366:
        正品、残品、赠品在系统和仓库帐上分开记录): an internal location outside
        the warehouse's view location, so that it is counted (physical
        inventory, quants, valuation) but never reserved for a delivery nor
        counted in the warehouse's available quantity. Returns of damaged
        goods and the warehouse's scrap orders go there. (The gift stock is
        one of the warehouse's own locations, see ``_get_locations_values``.)
        """
        Location = self.env["stock.location"].sudo()
        for warehouse in self.sudo():
            damaged = warehouse.cs_damaged_location_id
            if damaged and damaged.usage != "internal":
                damaged = warehouse._cs_damaged_location_to_internal(damaged)
            if not damaged:
                damaged = Location.create(
                    {
                        "name": f"{warehouse.code} Damaged",
                        "usage": "internal",
                        "company_id": warehouse.company_id.id,
                    }
                )
            if warehouse.cs_damaged_location_id != damaged:
                warehouse.cs_damaged_location_id = damaged

    def _cs_damaged_location_to_internal(self, location):
        """Earlier versions kept damaged goods in a virtual (inventory) location,
        out of any count: an empty one becomes internal; one that holds goods
        stays as it was (Odoo refuses to convert it) and a new internal one
        takes over."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                location.write({"usage": "internal", "location_id": False})
        except UserError:
            return location.browse()
        return location

    # Gift stock through Odoo's warehouse routes (贈品訂單由系統贈品倉開出) ---------------------

    def _get_locations_values(self, vals, code=False):
        """The gift stock is a location of the warehouse like Stock or Output: internal, under the
        warehouse's view but outside its main stock, so gifts are never reserved for ordinary
        orders. Odoo creates it with the warehouse (before the routes that need it), and
        ``_create_missing_locations`` recreates it for a warehouse that lacks it."""
        values = super()._get_locations_values(vals, code=code)
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        company_id = vals.get("company_id", self.default_get(["company_id"])["company_id"])
        values["cs_gift_location_id"] = {
            "name": self.env._("Gift"),
            "active": True,
            "usage": "internal",
            "barcode": self._valid_barcode(code + "GIFT", company_id),
        }
        return values

    def get_rules_dict(self):
        result = super().get_rules_dict()
        customer_loc, _supplier_loc = self._get_partner_locations()
        for warehouse in self:
            result[warehouse.id].update(
                {
                    f"cs_gift_{steps}": [
                        self.Routing(warehouse.cs_gift_location_id, customer_loc, warehouse[picking_type], "pull")
                    ]
                    for steps, picking_type in GIFT_ROUTINGS.items()
                }
            )
        return result

    def _get_routes_values(self):
        """The gift route follows the delivery steps: Odoo rebuilds its rule whenever
        ``delivery_steps`` changes, as it does for the delivery route."""
        routes = super()._get_routes_values()
        routes["cs_gift_route_id"] = {
            "routing_key": f"cs_gift_{self.delivery_steps}",
            "depends": ["delivery_steps"],
            "route_update_values": {
                "name": self._format_routename(name=self.env._("Deliver gifts from the gift stock")),
                "active": self.active,
            },
            "route_create_values": {
                # chosen by the gift lines themselves (sale.order.line._prepare_procurement_values),
                # never by a product, a category or the warehouse for ordinary goods
                "product_categ_selectable": False,
                "product_selectable": False,
                "warehouse_selectable": False,
                "company_id": self.company_id.id,
                "sequence": 70,
            },
            "rules_values": {"active": True, "propagate_carrier": True},
        }
        return routes

    @api.model
    def _cs_install_gift_routes(self):
        """Gift stock and gift route for the warehouses that existed before the addon (or before
        the gift route): run at install and at every upgrade, does nothing twice. Only the gift
        route is (re)built: the warehouse's other routes are left as they are."""
        warehouses = self.sudo().with_context(active_test=False).search([])  # pylint: disable=no-search-all
        for warehouse in warehouses:
            if not warehouse.cs_gift_location_id:
                warehouse._create_missing_locations({})
        warehouses.filtered(lambda w: not w.cs_gift_route_id)._cs_update_gift_route()

    def _cs_update_gift_route(self):
        """The gift route and its active rule for the current delivery steps (what
        ``_create_or_update_route`` does, for this one route)."""
        rules_dict = self.get_rules_dict()
        for warehouse in self:
            data = warehouse._get_routes_values()["cs_gift_route_id"]
            route = warehouse.cs_gift_route_id
            if route:
                route.write(data["route_update_values"])
                route.rule_ids.write({"active": False})
            else:
                route = self.env["stock.route"].create({**data["route_create_values"], **data["route_update_values"]})
                warehouse.cs_gift_route_id = route
            rules = warehouse._get_rule_values(
                rules_dict[warehouse.id][data["routing_key"]], values={**data["rules_values"], "route_id": route.id}
            )
            warehouse._find_existing_rule_or_create(rules)
