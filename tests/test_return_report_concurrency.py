from psycopg2.errors import LockNotAvailable

from odoo import SUPERUSER_ID
from odoo import api
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase
from odoo.tests import new_test_user
from odoo.tests import tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestReturnReportConcurrency(TransactionCase):
    """Issue 9: two transactions at once never return more than was delivered (10 units)."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            groups = "customer_service_dept.group_cs_manager,sales_team.group_sale_salesman,stock.group_stock_user"
            salesman = new_test_user(env, "race_salesman", groups="sales_team.group_sale_salesman")
            manager = new_test_user(env, "race_manager", groups=groups)
            customer = env["res.partner"].create({"name": "Race Store", "is_company": True, "user_id": salesman.id})
            product = env["product.product"].create({"name": "Race Tea", "is_storable": True})
            warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
            env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100)
            delivery = env["stock.picking"].create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": customer.id,
                    "move_ids": [(0, 0, {"product_id": product.id, "product_uom_qty": 10})],
                }
            )
            delivery.action_confirm()
            delivery.move_ids.quantity = 10
            delivery.move_ids.picked = True
            delivery.button_validate()
            self.assertEqual(delivery.state, "done")
            self.ids = {
                "salesman": salesman.id,
                "manager": manager.id,
                "customer": customer.id,
                "product": product.id,
                "delivery": delivery.id,
                "reason": env.ref("customer_service_dept.cs_return_reason_damaged").id,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            ids = self.ids
            cr.execute("DELETE FROM cs_return_report WHERE picking_id = %s", [ids["delivery"]])
            cr.execute("SELECT id FROM stock_picking WHERE id = %s OR return_id = %s", [ids["delivery"]] * 2)
            pickings = [row[0] for row in cr.fetchall()]
            cr.execute("DELETE FROM stock_move_line WHERE product_id = %s", [ids["product"]])
            cr.execute("DELETE FROM stock_move WHERE product_id = %s", [ids["product"]])
            cr.execute("DELETE FROM stock_picking WHERE id = ANY(%s)", [pickings])
            cr.execute("DELETE FROM stock_quant WHERE product_id = %s", [ids["product"]])
            cr.execute("DELETE FROM product_product WHERE id = %s RETURNING product_tmpl_id", [ids["product"]])
            cr.execute("DELETE FROM product_template WHERE id = %s", [cr.fetchone()[0]])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [ids["customer"]])
            users = [ids["salesman"], ids["manager"]]
            cr.execute("DELETE FROM res_users WHERE id = ANY(%s) RETURNING partner_id", [users])
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [[row[0] for row in cr.fetchall()]])

    def _env(self, cr, role):
        return api.Environment(cr, self.ids[role], {})

    def _file(self, env, quantity):
        return env["cs.return.report"].create(
            {
                "partner_id": self.ids["customer"],
                "picking_id": self.ids["delivery"],
                "line_ids": [
                    (0, 0, {"product_id": self.ids["product"], "quantity": quantity, "reason_id": self.ids["reason"]})
                ],
            }
        )

    def _claimed(self):
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT COALESCE(SUM(line.quantity), 0) FROM cs_return_report_line line
                     JOIN cs_return_report report ON report.id = line.report_id
                    WHERE report.picking_id = %s AND report.state NOT IN ('refused', 'cancel')""",
                [self.ids["delivery"]],
            )
            return cr.fetchone()[0]

    @mute_logger("odoo.sql_db")
    def test_two_salespeople_filing_at_once_cannot_claim_11_of_10(self):
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            self._file(self._env(cr1, "salesman"), 6)
            cr2.execute("SET LOCAL lock_timeout = '5s'")  # never hang this single-threaded test
            # cr1 has not committed: the second filing cannot check the delivery now
            with self.assertRaisesRegex(LockNotAvailable, "stock_picking"):
                self._file(self._env(cr2, "salesman"), 5)
            cr2.rollback()
            cr1.commit()
        # the request is retried (as Odoo does on a lock error): it now sees the first report
        with self.registry.cursor() as cr3:
            with self.assertRaisesRegex(ValidationError, "only 4.0 were delivered"):
                self._file(self._env(cr3, "salesman"), 5)
            cr3.rollback()
        self.assertEqual(self._claimed(), 6)

    @mute_logger("odoo.sql_db")
    def test_two_managers_approving_at_once_return_at_most_what_was_delivered(self):
        with self.registry.cursor() as cr:
            env = self._env(cr, "salesman")
            reports = self._file(env, 6) | self._file(env, 4)
            reports.action_submit()
            first_id, second_id = reports.ids
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            self._env(cr1, "manager")["cs.return.report"].browse(first_id).action_approve()
            cr2.execute("SET LOCAL lock_timeout = '5s'")  # never hang this single-threaded test
            with self.assertRaisesRegex(LockNotAvailable, "stock_picking"):
                self._env(cr2, "manager")["cs.return.report"].browse(second_id).action_approve()
            cr2.rollback()
            cr1.commit()
        with self.registry.cursor() as cr3:
            env = self._env(cr3, "manager")
            env["cs.return.report"].browse(second_id).action_approve()
            cr3.commit()
            returns = env["stock.picking"].search([("return_id", "=", self.ids["delivery"])])
            self.assertEqual(sum(returns.move_ids.mapped("product_uom_qty")), 10)
        with self.registry.cursor() as cr4:
            with self.assertRaisesRegex(ValidationError, "only 0.0 were delivered"):
                self._file(self._env(cr4, "salesman"), 1)
            cr4.rollback()
        self.assertEqual(self._claimed(), 10)
