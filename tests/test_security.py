from odoo.exceptions import AccessError

from .common import CsCommon


class TestClientCodeAccess(CsCommon):
    def test_groups_form_a_ladder(self):
        self.assertTrue(self.cs_manager.has_group("customer_service_dept.group_cs_user"))
        self.assertFalse(self.cs_user.has_group("customer_service_dept.group_cs_manager"))
        self.assertFalse(self.accountant.has_group("customer_service_dept.group_cs_user"))

    def test_user_assigns_but_cannot_regenerate(self):
        client = self.make_client().with_user(self.cs_user)
        client.action_assign_client_code()
        self.assertTrue(client.client_code)
        with self.assertRaisesRegex(AccessError, "Only a Customer Service Manager"):
            client.action_regenerate_client_code()

    def test_user_cannot_overwrite_an_assigned_code(self):
        client = self.make_client().with_user(self.cs_user)
        client.action_assign_client_code()
        with self.assertRaisesRegex(AccessError, "cannot be changed"):
            client.write({"client_code": "Suizhou-202603-Other-001"})

    def test_manager_corrects_a_code_by_regenerating_only(self):
        """Issue 9: a client code changes only through Assign and the manager's Regenerate,
        never by typing one in (managers included)."""
        client = self.make_client().with_user(self.cs_manager)
        client.action_assign_client_code()
        with self.assertRaisesRegex(AccessError, "cannot be changed"):
            client.write({"client_code": "Suizhou-202603-Zengdu Store-077"})
        client.action_regenerate_client_code()
        self.assertEqual(client.client_code, "Suizhou-202603-Zengdu Store-002")

    def test_employee_and_accountant_cannot_assign(self):
        client = self.make_client()
        for user in (self.employee, self.accountant):
            with self.assertRaises(AccessError):
                client.with_user(user).action_assign_client_code()
        self.assertFalse(client.client_code)

    def test_menus_follow_the_groups(self):
        root = self.env.ref("customer_service_dept.menu_cs_root")

        def visible(user):
            return root.id in self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

        self.assertTrue(visible(self.cs_user))
        self.assertFalse(visible(self.employee))
