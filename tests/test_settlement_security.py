from odoo.exceptions import AccessError
from odoo.exceptions import UserError

from .test_settlement_flow import SettlementFlowCommon


class TestSettlementAccess(SettlementFlowCommon):
    def test_cs_user_cannot_mark_signed(self):
        agreement = self.sent_batch(1).agreement_ids
        with self.assertRaises(AccessError):
            agreement.with_user(self.cs_user).action_mark_signed()
        with self.assertRaises(AccessError):
            agreement.with_user(self.cs_user).write({"state": "signed"})
        self.assertEqual(agreement.state, "sent")

    def test_status_changes_only_with_the_buttons(self):
        agreement = self.make_agreement()
        with self.assertRaisesRegex(UserError, "changes only through the document's buttons"):
            agreement.with_user(self.cs_user).write({"state": "verified"})
        self.assertEqual(agreement.state, "draft")

    def test_accountant_marks_signed_and_failed(self):
        a, b = self.sent_batch(2).agreement_ids
        a.with_user(self.accountant).action_mark_signed()
        self.assertEqual(a.state, "signed")
        with self.assertRaisesRegex(UserError, "choose the failure reason"):
            b.with_user(self.accountant).action_mark_failed()
        b.with_user(self.accountant).write({"failure_reason": "other"})
        b.with_user(self.accountant).action_mark_failed()
        self.assertEqual(b.state, "failed")
        self.assertEqual(b.batch_id.state, "done")

    def test_accountant_cannot_create_agreements(self):
        with self.assertRaises(AccessError):
            self.make_retailer()  # create as admin, then check the model access of the accountant
            self.env["cs.settlement.agreement"].with_user(self.accountant).check_access("create")

    def test_employee_sees_no_agreement_nor_id_numbers(self):
        agreement = self.make_agreement()
        with self.assertRaises(AccessError):
            agreement.with_user(self.employee).read(["account_holder"])
        retailer = agreement.partner_id
        fields = retailer.with_user(self.employee).fields_get()
        self.assertNotIn("cs_id_card_number", fields)
        with self.assertRaises(AccessError):
            retailer.with_user(self.employee).read(["cs_id_card_number"])

    def test_cs_user_and_accountant_read_numbers(self):
        agreement = self.make_agreement()
        for user in (self.cs_user, self.accountant):
            values = agreement.with_user(user).read(["account_number", "id_card_number"])[0]
            self.assertEqual(values["account_number"], agreement.account_number)
            self.assertIn("cs_id_card_number", agreement.partner_id.with_user(user).fields_get())

    def test_accountant_sees_the_settlement_menu(self):
        menu = self.env.ref("customer_service_dept.menu_cs_settlement")
        imports = self.env.ref("customer_service_dept.cs_settlement_import_menu")
        visible_accountant = self.env["ir.ui.menu"].with_user(self.accountant)._visible_menu_ids()
        visible_user = self.env["ir.ui.menu"].with_user(self.cs_user)._visible_menu_ids()
        self.assertIn(menu.id, visible_accountant)
        self.assertIn(imports.id, visible_accountant)
        self.assertIn(menu.id, visible_user)
        self.assertNotIn(imports.id, visible_user)

    def test_other_company_agreements_are_invisible(self):
        agreement = self.make_agreement()
        Agreement = self.env["cs.settlement.agreement"].with_user(self.cs_user)
        found = Agreement.with_context(allowed_company_ids=[self.other_company.id]).search([("id", "=", agreement.id)])
        self.assertFalse(found)
