from odoo.tests import TransactionCase
from odoo.tests import new_test_user


class StockCommon(TransactionCase):
    """A customer who bought 10 units of Tea and 5 of Pipe, delivered and invoiced."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        if not cls.env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", cls.company.id)], limit=1):
            cls.env["account.chart.template"].try_loading("generic_coa", cls.company, install_demo=False)
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.stock = cls.warehouse.lot_stock_id
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)]}
        cls.salesman = new_test_user(cls.env, "salesman", groups="sales_team.group_sale_salesman", **common)
        cls.other_salesman = new_test_user(cls.env, "other_salesman", groups="sales_team.group_sale_salesman", **common)
        cls.cs_manager = new_test_user(
            cls.env,
            "cs_mgr",
            groups="customer_service_dept.group_cs_manager,sales_team.group_sale_salesman,stock.group_stock_user",
            **common,
        )
        cls.warehouse_user = new_test_user(cls.env, "storekeeper", groups="stock.group_stock_user", **common)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Zengdu Store", "is_company": True, "user_id": cls.salesman.id}
        )
        cls.tea = cls.env["product.product"].create(
            {
                "name": "Spring Tea",
                "is_storable": True,
                "list_price": 12.0,
                "standard_price": 7.0,
                "invoice_policy": "delivery",
            }
        )
        cls.pipe = cls.env["product.product"].create(
            {
                "name": "Steel Pipe",
                "is_storable": True,
                "list_price": 80.0,
                "standard_price": 50.0,
                "invoice_policy": "delivery",
            }
        )
        cls.other = cls.env["product.product"].create({"name": "Not delivered", "is_storable": True})
        for product in (cls.tea, cls.pipe):
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock, 100)
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "order_line": [
                    (0, 0, {"product_id": cls.tea.id, "product_uom_qty": 10, "price_unit": 12.0}),
                    (0, 0, {"product_id": cls.pipe.id, "product_uom_qty": 5, "price_unit": 80.0}),
                ],
            }
        )
        cls.order.action_confirm()
        cls.delivery = cls.order.picking_ids
        cls.delivery.move_ids.quantity = 0
        for move in cls.delivery.move_ids:
            move.quantity = move.product_uom_qty
        cls.delivery.move_ids.picked = True
        cls.delivery.button_validate()
        invoice = cls.order._create_invoices()
        invoice.action_post()

    def make_return(self, lines, user=None, picking=None):
        reasons = self.env.ref("customer_service_dept.cs_return_reason_damaged")
        return (
            self.env["cs.return.report"]
            .with_user(user or self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "picking_id": (picking or self.delivery).id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "quantity": qty,
                                "reason_id": reasons.id,
                                "price_unit": price,
                            },
                        )
                        for product, qty, price in lines
                    ],
                }
            )
        )

    # ------------------------------------------------------------------ damages and counts, by the roles
    @classmethod
    def file_damage(cls, product, qty, reason, handling, user=None, location=None):
        """A damage request (殘損申請) of the storekeeper: a scrap with one reason and its handling
        (of WH/Stock unless ``location`` says otherwise)."""
        scrap = (
            cls.env["stock.scrap"]
            .with_user(user or cls.warehouse_user)
            .create(
                {
                    "product_id": product.id,
                    "scrap_qty": qty,
                    "location_id": (location or cls.stock).id,
                    "scrap_reason_tag_ids": [(6, 0, cls.env.ref(reason).ids)],
                    "cs_handling": handling,
                }
            )
        )
        scrap.action_cs_request()
        return scrap

    @classmethod
    def scrap_damage(cls, product, qty, reason, handling, location=None):
        """A damage filed by the storekeeper, approved by the Customer Service manager and
        validated by the storekeeper: the goods are in the damaged location (or, scrapped from
        the damaged location itself, written off)."""
        scrap = cls.file_damage(product, qty, reason, handling, location=location)
        scrap.with_user(cls.cs_manager).action_cs_approve()
        scrap.action_validate()
        return scrap.with_env(cls.env)

    @classmethod
    def count_stock(cls, counts, reason="Weekly count", user=None, approver=None, date=None):
        """A physical inventory of WH/Stock: ``counts`` = [(product, counted)], applied by the
        storekeeper with its reason (庫存調整表) and approved by the Customer Service manager
        when it needs approval. Returns the adjustment request(s)."""
        user = user or cls.warehouse_user
        Quant = cls.env["stock.quant"].with_user(user).with_context(inventory_mode=True)
        quants = Quant.browse()
        for product, counted in counts:
            quant = Quant.search([("product_id", "=", product.id), ("location_id", "=", cls.stock.id)])
            if quant:
                quant.inventory_quantity = counted
            else:
                quant = Quant.create(
                    {"product_id": product.id, "location_id": cls.stock.id, "inventory_quantity": counted}
                )
            quants |= quant
        wizard = (
            cls.env["stock.inventory.adjustment.name"]
            .with_user(user)
            .create({"quant_ids": [(6, 0, quants.ids)], "inventory_adjustment_name": reason})
        )
        if date:
            wizard.counting_date = date
        action = wizard.action_apply()
        requests = cls.env["cs.stock.adjustment"].browse(action.get("res_id") or action["domain"][0][2])
        pending = requests.filtered(lambda r: r.state == "to_approve")
        if pending and approver is not False:
            pending.with_user(approver or cls.cs_manager).action_approve()
        return requests.with_env(cls.env)
