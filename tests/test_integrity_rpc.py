from datetime import date
from datetime import timedelta

from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common_rpc import execute_kw

# every context key the addon's source ever read to let a write through
BYPASS = {"cs_solution_approval": True, "cs_job_revision": True, "cs_settlement_flow": True, "tracking_disable": True}


@tagged("post_install", "-at_install")
class TestIntegrityOverJsonRpc(HttpCase):
    """The bypasses found over JSON-RPC, sent again as each role's own user: all refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("base.main_company")
        common = {"company_id": company.id, "company_ids": [(6, 0, company.ids)], "tz": "Asia/Shanghai"}
        cls.cs_user = new_test_user(cls.env, "rpc_cs_user", groups="customer_service_dept.group_cs_user", **common)
        cls.cs_manager = new_test_user(
            cls.env, "rpc_cs_manager", groups="customer_service_dept.group_cs_manager", **common
        )
        cls.client = cls.env["res.partner"].create({"name": "RPC Store", "is_company": True})
        complaint = cls.env["cs.complaint"].create(
            {"partner_id": cls.client.id, "content": "Cartons crushed", "user_id": cls.cs_user.id}
        )
        complaint.action_judge_valid()
        complaint.write({"responsible_department": "Logistics", "responsible_user_id": cls.cs_user.id})
        complaint.action_investigate()
        complaint.write({"solution_ids": [(0, 0, {"name": "Replace the goods"})]})
        complaint.action_propose()
        cls.complaint, cls.solution = complaint, complaint.solution_ids
        department = cls.env["cs.department"].create(
            {"name": "RPC Creative", "code": "RPC", "manager_ids": [(6, 0, cls.cs_manager.ids)]}
        )
        cls.ticket = (
            cls.env["cs.job.ticket"]
            .with_user(cls.cs_user)
            .create(
                {
                    "title": "Poster",
                    "partner_id": cls.client.id,
                    "department_id": department.id,
                    "description": "<p>Poster</p>",
                    "brief": "<p>Green</p>",
                    "date_due": date.today() + timedelta(days=30),
                }
            )
        )
        cls.ticket.action_submit()

    def rpc(self, user, model, method, args, **kwargs):
        return execute_kw(self, user, user.login, model, method, args, {"context": BYPASS, **kwargs})

    def assertRefused(self, response, text):
        self.assertIn("error", response, response)
        self.assertIn(text, response["error"]["data"]["message"])

    def test_specialist_approves_no_solution_with_the_context_flag(self):
        response = self.rpc(
            self.cs_user,
            "cs.complaint.solution",
            "write",
            [self.solution.ids, {"state": "approved", "approved_by_id": self.cs_user.id}],
        )
        self.assertRefused(response, "Only a Customer Service Manager")
        response = self.rpc(self.cs_user, "cs.complaint", "write", [self.complaint.ids, {"approved_solution_id": 1}])
        self.assertRefused(response, "Only a Customer Service Manager")
        self.assertEqual(self.solution.state, "proposed")

    def test_opener_writes_no_approval_and_manager_no_deadline(self):
        response = self.rpc(
            self.cs_user, "cs.job.ticket", "write", [self.ticket.ids, {"state": "approved", "approved_by_id": 2}]
        )
        self.assertRefused(response, "only through the document's buttons")
        self.assertEqual(self.ticket.state, "submitted")
        for vals in ({"reply_due": "2099-01-01 00:00:00"}, {"reopen_count": 0}, {"stage_id": 1}):
            with self.subTest(vals=vals):
                response = self.rpc(self.cs_manager, "cs.complaint", "write", [self.complaint.ids, vals])
                self.assertRefused(response, "only through the document's buttons")

    def test_approved_ticket_content_is_refused_over_rpc(self):
        self.assertTrue(self.rpc(self.cs_manager, "cs.job.ticket", "action_approve", [self.ticket.ids]).get("result"))
        response = self.rpc(self.cs_manager, "cs.job.ticket", "write", [self.ticket.ids, {"brief": "<p>Red</p>"}])
        self.assertRefused(response, "Create a revision")
