from odoo.addons.customer_service_dept.models.cs_state_mixin import cs_transition
from odoo.tools import SQL

from .common import CsCommon

PROFILE = {
    "cs_retailer_code": "R-0001",
    "cs_visit_phone": "13800000000",
    "cs_market_department": "Zengdu market department",
    "cs_market_type": "fixed1",
    "cs_customer_type": "individual",
    "cs_business_format": "convenience",
    "cs_delivery_route": "Route 3",
    "cs_order_method": "online",
}


class TestInstallColumns(CsCommon):
    """Installing the addon on a database full of contacts creates the stored computed columns of
    res.partner itself (``_auto_init``) so that Odoo does not compute them for every contact and rewrite
    every row; the SQL that initialises them must give what the compute gives."""

    def reset_column(self, partners, column):
        """Put ``column`` back to what a freshly created column holds for ``partners`` (NULL, read False)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE res_partner SET %s = NULL WHERE id IN %s", SQL.identifier(column), tuple(partners.ids))
        )
        partners.invalidate_recordset([column])

    def test_profile_complete_sql_init_matches_the_compute(self):
        """零售客户待维护: a retailer's marketing profile is complete when all its fields are filled;
        the install-time SQL marks complete exactly the contacts the compute marks complete."""
        Partner = self.env["res.partner"].with_company(self.company)
        manager = {"cs_customer_manager_id": self.cs_user.id, "company_id": self.company.id}
        complete = Partner.create({"name": "Complete Store", "cs_is_retailer": True, **PROFILE, **manager})
        no_route = Partner.create(
            {
                "name": "No Route Store",
                "cs_is_retailer": True,
                **PROFILE,
                **manager,
                "cs_retailer_code": "R-0002",
                "cs_delivery_route": False,
            }
        )
        no_manager = Partner.create(
            {"name": "No Manager Store", "cs_is_retailer": True, **PROFILE, "cs_retailer_code": "R-0003"}
        )
        blank_department = Partner.create(
            {"name": "Blank Department Store", "cs_is_retailer": True, **PROFILE, **manager, "cs_retailer_code": "R-4"}
        )
        plain = Partner.create({"name": "Plain Contact"})
        partners = complete | no_route | no_manager | blank_department | plain
        self.env.flush_all()
        # an empty text (not NULL) left by an import: the compute reads it as not filled
        self.env.cr.execute("UPDATE res_partner SET cs_market_department = '' WHERE id = %s", [blank_department.id])
        blank_department.invalidate_recordset(["cs_market_department"])
        blank_department._compute_cs_profile_complete()
        computed = [partner.cs_profile_complete for partner in partners]
        self.assertEqual(computed, [True, False, False, False, False])

        self.reset_column(partners, "cs_profile_complete")
        self.assertEqual(partners.mapped("cs_profile_complete"), [False] * 5)
        partners._cs_init_profile_complete()
        self.assertEqual([partner.cs_profile_complete for partner in partners], computed)

    def test_key_customer_sql_init_matches_the_compute(self):
        """重点客户: a key customer's mark follows its class; the install-time SQL marks exactly the
        contacts of class key, as the compute does."""
        Partner = self.env["res.partner"].with_company(self.company)
        key, general, potential, unclassified = Partner.create(
            [{"name": "Key Store"}, {"name": "General Store"}, {"name": "Potential Store"}, {"name": "New Store"}]
        )
        # the class is written by the nightly classification (its own transition), not by hand
        with cs_transition("res.partner"):
            key.cs_customer_class = "key"
            general.cs_customer_class = "general"
            potential.cs_customer_class = "potential"
        partners = key | general | potential | unclassified
        computed = [partner.cs_key_customer for partner in partners]
        self.assertEqual(computed, [True, False, False, False])

        self.reset_column(partners, "cs_key_customer")
        self.assertEqual(partners.mapped("cs_key_customer"), [False] * 4)
        partners._cs_init_key_customer()
        self.assertEqual([partner.cs_key_customer for partner in partners], computed)

    def test_order_specialist_sql_init_matches_the_related_field(self):
        """客服专员: an order shows the specialist of its customer (the commercial partner); the install-time
        SQL gives each order the specialist the related field gives, also for an order placed on a contact
        of the customer, and none where the customer has none."""
        company = self.env["res.partner"].create({"name": "Zengdu Store", "is_company": True})
        contact = self.env["res.partner"].create({"name": "Buyer Li", "parent_id": company.id})
        other = self.env["res.partner"].create({"name": "Unassigned Store", "is_company": True})
        company.with_user(self.cs_manager).cs_specialist_id = self.cs_user
        orders = self.env["sale.order"].create(
            [{"partner_id": company.id}, {"partner_id": contact.id}, {"partner_id": other.id}]
        )
        related = [order.cs_specialist_id for order in orders]
        self.assertEqual(related, [self.cs_user, self.cs_user, self.env["res.users"]])

        self.env.flush_all()
        self.env.cr.execute("UPDATE sale_order SET cs_specialist_id = NULL WHERE id IN %s", [tuple(orders.ids)])
        orders.invalidate_recordset(["cs_specialist_id"])
        self.assertFalse(orders.cs_specialist_id)
        orders._cs_init_specialist()
        self.assertEqual([order.cs_specialist_id for order in orders], related)

    def test_qualification_column_has_its_default_in_the_database(self):
        """The order qualification column is created with its default in PostgreSQL, so that installing on
        existing orders writes none of them; an order inserted without it reads 'Not Checked'."""
        self.env.cr.execute(
            "SELECT column_default FROM information_schema.columns"
            " WHERE table_name = 'sale_order' AND column_name = 'cs_qualification_state'"
        )
        self.assertIn("unchecked", self.env.cr.fetchone()[0] or "")
