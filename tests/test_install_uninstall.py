from odoo.tests import TransactionCase

from .. import post_init_hook
from .. import uninstall_hook
from .common_stock import StockCommon


class TestInstall(TransactionCase):
    def test_install_leaves_existing_contacts_alone(self):
        """Issue 9: installing on a database with contacts invents no first-contact date
        and rewrites no contact (write_date unchanged)."""
        partner = self.env["res.partner"].create({"name": "Old Customer", "city": "Suizhou", "is_company": True})
        self.env.flush_all()
        # as before the install: the column is new, the contact has no value in it
        self.env.cr.execute("UPDATE res_partner SET first_contact_date = NULL WHERE id = %s", [partner.id])
        self.env.cr.execute("SELECT write_date FROM res_partner WHERE id = %s", [partner.id])
        write_date = self.env.cr.fetchone()[0]
        # what Odoo does when it adds the column, then the addon's hook
        self.env["res.partner"]._init_column("first_contact_date")
        post_init_hook(self.env)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT first_contact_date, write_date, client_code FROM res_partner WHERE id = %s", [partner.id]
        )
        self.assertEqual(self.env.cr.fetchone(), (None, write_date, None))

    def test_new_contact_still_defaults_to_today(self):
        partner = self.env["res.partner"].create({"name": "New Customer"})
        self.assertTrue(partner.first_contact_date)


class TestUninstall(StockCommon):
    def test_uninstall_removes_its_sequences_and_unused_locations(self):
        """Issue 9: uninstalling removes the sequences the addon created and its damaged/gift
        locations when empty, archives the damaged one that has history, and the core scraps on."""
        self.company._cs_client_code_sequence()
        damaged = self.warehouse.cs_damaged_location_id
        gift = self.warehouse.cs_gift_location_id
        scrap = self.scrap_damage(self.tea, 1, "customer_service_dept.scrap_reason_wet", "destroy")
        self.assertEqual(scrap.scrap_location_id, damaged)
        # the damaged box is then destroyed (written off from the damaged stock): the damaged
        # location has history but holds nothing, as a location Odoo lets archive
        destroyed = self.scrap_damage(self.tea, 1, "customer_service_dept.scrap_reason_wet", "destroy", damaged)
        self.assertEqual(destroyed.scrap_location_id.usage, "inventory")
        other = self.env["stock.warehouse"].create({"name": "Wuhan Depot", "code": "WHD"})
        unused = other.cs_damaged_location_id | other.cs_gift_location_id | gift
        self.assertEqual(len(unused), 3)

        uninstall_hook(self.env)

        self.assertFalse(
            self.env["ir.sequence"]
            .with_context(active_test=False)
            .search([("code", "in", ("customer_service_dept.client_code", "customer_service_dept.job_number"))])
        )
        self.assertFalse(unused.exists())
        self.assertTrue(damaged.exists())
        self.assertFalse(damaged.active)
        # the core goes on scrapping into its own scrap location
        after = self.file_damage(self.tea, 1, "customer_service_dept.scrap_reason_wet", "destroy")
        self.assertNotEqual(after.scrap_location_id, damaged)
        self.assertTrue(after.scrap_location_id.active)
        # (the addon is still loaded in this test: the request is approved before it is done)
        after.with_user(self.cs_manager).action_cs_approve()
        after.action_validate()
        self.assertEqual(after.state, "done")
