from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common_jobs import JobCommon


class TestJobApprovalTodos(JobCommon):
    """营业主管签章: the approval of a job ticket by its department's managers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)], "tz": "Asia/Shanghai"}
        cls.cr_deputy = new_test_user(cls.env, "cr_deputy", groups="customer_service_dept.group_cs_user", **common)
        cls.designer = new_test_user(cls.env, "designer_todo", groups="customer_service_dept.group_cs_user", **common)
        cls.creative.manager_ids |= cls.cr_deputy
        cls.creative.member_ids = cls.designer

    def _todos(self, ticket):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "cs.job.ticket"),
                ("res_id", "=", ticket.id),
                ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_todo").id),
            ]
        )

    @freeze_time("2026-03-02 02:00:00")
    def test_every_manager_of_the_department_gets_the_approval_todo(self):
        """The AE submits: each manager of the Creative department has the to-do, not only the first."""
        ticket = self.make_ticket()
        ticket.action_submit()
        self.assertEqual(self._todos(ticket).user_id, self.cr_manager | self.cr_deputy)

    @freeze_time("2026-03-02 02:00:00")
    def test_one_approval_closes_the_todo_of_every_manager(self):
        """The second manager approves: no approval to-do is left for the first one."""
        ticket = self.make_ticket()
        ticket.action_submit()
        ticket.with_user(self.cr_deputy).action_approve()
        self.assertEqual(ticket.approved_by_id, self.cr_deputy)
        self.assertFalse(self._todos(ticket))
        self.assertFalse(
            self.env["mail.activity"].with_user(self.cr_manager).search([("user_id", "=", self.cr_manager.id)])
        )

    @freeze_time("2026-03-02 02:00:00")
    def test_a_department_member_cannot_approve(self):
        """A member of the department who is not its manager has no to-do and cannot approve."""
        ticket = self.make_ticket()
        ticket.action_submit()
        self.assertNotIn(self.designer, self._todos(ticket).user_id)
        with self.assertRaises(AccessError):
            ticket.with_user(self.designer).action_approve()
        self.assertEqual(ticket.state, "submitted")

    @freeze_time("2026-03-02 02:00:00")
    def test_revision_opener_is_the_person_who_opens_it(self):
        """The department manager opens a revision of the AE's approved ticket: he is its opener; the
        original keeps the AE."""
        ticket = self.make_ticket()
        ticket.action_submit()
        ticket.with_user(self.cr_manager).action_approve()
        action = ticket.with_user(self.cr_manager).action_create_revision()
        revision = self.env["cs.job.ticket"].browse(action["res_id"])
        self.assertEqual(revision.user_id, self.cr_manager)
        self.assertEqual(ticket.user_id, self.opener)

    @freeze_time("2026-03-02 02:00:00")
    def test_approved_department_and_client_cannot_be_changed_by_an_import(self):
        """An import (``load``, as the list view's Import does) of another department or client for an
        approved ticket is refused, even for the department's manager."""
        ticket = self.make_ticket()
        ticket.action_submit()
        ticket.with_user(self.cr_manager).action_approve()
        other = self.env["res.partner"].create({"name": "Lieshan Grocery", "is_company": True})
        Ticket = self.env["cs.job.ticket"].with_user(self.cr_manager)
        for field, value in (("department_id/.id", self.account.id), ("partner_id/.id", other.id)):
            result = Ticket.load([".id", field], [[str(ticket.id), str(value)]])
            self.assertFalse(result["ids"], field)
            self.assertIn("approved", " ".join(m["message"] for m in result["messages"]))
        ticket.invalidate_recordset()
        self.assertEqual((ticket.department_id, ticket.partner_id), (self.creative, self.client))
