from odoo.tests import HttpCase
from odoo.tests import tagged

from .common_rpc import execute_kw
from .common_stock import StockCommon

# every context key the addon ever read, and then some: none may open a guard
RPC_CONTEXT = {
    "cs_client_code_draw": True,
    "cs_no_client_code": True,
    "cs_job_revision": True,
    "cs_settlement_flow": True,
    "cs_solution_approval": True,
    "from_inverse_qty": True,
    "inventory_name": "RPC",
    "tracking_disable": True,
    "skip_backorder": True,
}


@tagged("post_install", "-at_install")
class TestReturnsOverJsonRpc(StockCommon, HttpCase):
    """Issue 9, as found over JSON-RPC: each role's own user, a context holding every key."""

    @staticmethod
    def _password(user):
        return user.login + "x" * (8 - len(user.login))  # as new_test_user sets it

    def _call(self, user, model, method, *args, **kwargs):
        kwargs.setdefault("context", RPC_CONTEXT)
        return execute_kw(self, user, self._password(user), model, method, args, kwargs)

    def _error(self, result):
        self.assertIn("error", result, result)
        return result["error"]["data"]["message"]

    def test_salesperson_cannot_approve_or_credit_by_writing(self):
        report = self.make_return([(self.tea, 2, 12.0)])
        report.action_submit()
        for vals in ({"state": "approved"}, {"state": "credited"}):
            message = self._error(self._call(self.salesman, "cs.return.report", "write", report.ids, vals))
            self.assertIn("changes only through the document's buttons", message)
        message = self._error(
            self._call(self.salesman, "cs.return.report.line", "write", report.line_ids.ids, {"quantity": 9})
        )
        self.assertIn("can no longer be changed", message)
        report.invalidate_recordset()
        self.assertEqual((report.state, report.line_ids.quantity), ("submitted", 2.0))

    def test_cs_user_cannot_overwrite_a_client_code_with_a_context_flag(self):
        cs_user = self.env["res.users"].create(
            {
                "name": "CS Clerk",
                "login": "cs_clerk",
                "password": "cs_clerk",
                "group_ids": [(6, 0, self.env.ref("customer_service_dept.group_cs_user").ids)],
            }
        )
        client = self.env["res.partner"].create({"name": "Coded Store", "city": "Suizhou", "is_company": True})
        client.with_user(cs_user).action_assign_client_code()
        code = client.client_code
        message = self._error(
            self._call(cs_user, "res.partner", "write", client.ids, {"client_code": "Suizhou-202601-Mine-001"})
        )
        self.assertIn("cannot be changed", message)
        client.invalidate_recordset()
        self.assertEqual(client.client_code, code)
