from psycopg2.errors import LockNotAvailable

from odoo import SUPERUSER_ID
from odoo import api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase
from odoo.tests import new_test_user
from odoo.tests import tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestStockAdjustmentConcurrency(TransactionCase):
    """Two Customer Service managers approving the same inventory adjustment at once (or one manager
    clicking twice) change the stock once: 20 Race Pipes counted as 17 leave 17, never 14."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            keeper = new_test_user(env, "race_keeper", groups="stock.group_stock_user")
            first = new_test_user(env, "race_cs_manager1", groups="customer_service_dept.group_cs_manager")
            second = new_test_user(env, "race_cs_manager2", groups="customer_service_dept.group_cs_manager")
            product = env["product.product"].create({"name": "Race Pipe", "is_storable": True})
            stock = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1).lot_stock_id
            env["stock.quant"]._update_available_quantity(product, stock, 20)
            quant = (
                env["stock.quant"]
                .with_user(keeper)
                .search([("product_id", "=", product.id), ("location_id", "=", stock.id)])
            )
            quant.inventory_quantity = 17
            wizard = (
                env["stock.inventory.adjustment.name"]
                .with_user(keeper)
                .create({"quant_ids": [(6, 0, quant.ids)], "inventory_adjustment_name": "Three pipes stolen"})
            )
            request_id = wizard.action_apply()["res_id"]
            self.ids = {
                "users": [keeper.id, first.id, second.id],
                "first": first.id,
                "second": second.id,
                "product": product.id,
                "stock": stock.id,
                "request": request_id,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            ids = self.ids
            cr.execute("DELETE FROM cs_stock_count WHERE adjustment_id = %s", [ids["request"]])
            cr.execute("DELETE FROM mail_message WHERE model = 'cs.stock.adjustment' AND res_id = %s", [ids["request"]])
            cr.execute(
                "DELETE FROM mail_followers WHERE res_model = 'cs.stock.adjustment' AND res_id = %s", [ids["request"]]
            )
            cr.execute("DELETE FROM cs_stock_adjustment WHERE id = %s", [ids["request"]])
            cr.execute("DELETE FROM stock_move_line WHERE product_id = %s", [ids["product"]])
            cr.execute("DELETE FROM stock_move WHERE product_id = %s", [ids["product"]])
            cr.execute("DELETE FROM stock_quant WHERE product_id = %s", [ids["product"]])
            cr.execute("DELETE FROM product_product WHERE id = %s RETURNING product_tmpl_id", [ids["product"]])
            cr.execute("DELETE FROM product_template WHERE id = %s", [cr.fetchone()[0]])
            cr.execute("DELETE FROM res_users WHERE id = ANY(%s) RETURNING partner_id", [ids["users"]])
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [[row[0] for row in cr.fetchall()]])

    def _request(self, cr, role):
        return api.Environment(cr, self.ids[role], {})["cs.stock.adjustment"].browse(self.ids["request"])

    def _on_hand(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT COALESCE(SUM(quantity), 0) FROM stock_quant WHERE product_id = %s AND location_id = %s",
                [self.ids["product"], self.ids["stock"]],
            )
            return cr.fetchone()[0]

    @mute_logger("odoo.sql_db")
    def test_two_managers_approving_at_once_adjust_the_stock_once(self):
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            self._request(cr1, "first").action_approve()
            cr2.execute("SET LOCAL lock_timeout = '5s'")  # never hang this single-threaded test
            # the first approval has not committed: the second cannot approve now (Odoo retries it)
            with self.assertRaisesRegex(LockNotAvailable, "cs_stock_adjustment"):
                self._request(cr2, "second").action_approve()
            cr2.rollback()
            cr1.commit()
        # the retried request sees the adjustment applied
        with self.registry.cursor() as cr3:
            with self.assertRaisesRegex(UserError, "is Applied: this step is not possible now"):
                self._request(cr3, "second").action_approve()
            cr3.rollback()
        self.assertEqual(self._on_hand(), 17)
