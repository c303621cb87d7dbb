from datetime import date

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tools import mute_logger

from ..models.cs_state_mixin import cs_transition
from .common import CsCommon


@freeze_time("2026-11-24 10:00:00")
class TestClientCode(CsCommon):
    def test_code_is_city_month_name_serial(self):
        first = self.make_client()
        second = self.make_client("Lieshan Grocery", first_contact=date(2026, 1, 5))
        first.action_assign_client_code()
        second.action_assign_client_code()
        self.assertEqual(first.client_code, "Suizhou-202603-Zengdu Store-001")
        self.assertEqual(second.client_code, "Suizhou-202601-Lieshan Grocery-002")

    def test_serial_restarts_every_year(self):
        late_2025 = self.make_client("Old Client", first_contact=date(2025, 12, 31))
        early_2026 = self.make_client("New Client", first_contact=date(2026, 1, 1))
        another_2025 = self.make_client("Old Client Two", first_contact=date(2025, 6, 1))
        (late_2025 | early_2026 | another_2025).action_assign_client_code()
        # drawn in first-contact order within each year
        self.assertEqual(another_2025.client_code, "Suizhou-202506-Old Client Two-001")
        self.assertEqual(late_2025.client_code, "Suizhou-202512-Old Client-002")
        self.assertEqual(early_2026.client_code, "Suizhou-202601-New Client-001")

    def test_thousandth_client_gets_1000(self):
        self.make_client("Warm-up").action_assign_client_code()
        date_range = self.company.cs_client_code_sequence_id.date_range_ids.filtered(
            lambda r: r.date_from == date(2026, 1, 1)
        )
        date_range.number_next_actual = 999
        client_999, client_1000 = self.make_client("Nine"), self.make_client("Thousand")
        (client_999 | client_1000).action_assign_client_code()
        self.assertEqual(client_999.client_code, "Suizhou-202603-Nine-999")
        self.assertEqual(client_1000.client_code, "Suizhou-202603-Thousand-1000")

    def test_first_contact_defaults_to_today(self):
        partner = self.Partner.create({"name": "Walk-in", "city": "Wuhan", "is_company": True})
        self.assertEqual(partner.first_contact_date, date(2026, 11, 24))

    def test_code_survives_name_and_city_change(self):
        client = self.make_client()
        client.action_assign_client_code()
        client.write({"name": "Zengdu Flagship", "city": "Wuhan"})
        self.assertEqual(client.client_code, "Suizhou-202603-Zengdu Store-001")

    def test_assigning_twice_is_refused(self):
        client = self.make_client()
        client.action_assign_client_code()
        with self.assertRaisesRegex(UserError, "Zengdu Store already has client code"):
            client.action_assign_client_code()

    def test_missing_city_names_partner_and_field(self):
        client = self.make_client(city=False)
        with self.assertRaisesRegex(UserError, r"Zengdu Store has no City"):
            client.action_assign_client_code()
        self.assertFalse(client.client_code)

    def test_future_first_contact_is_refused(self):
        with self.assertRaisesRegex(ValidationError, r"first-contact date of Zengdu Store \(2026-11-25\)"):
            self.make_client(first_contact=date(2026, 11, 25))

    def test_manager_regenerates_and_old_code_stays_in_chatter(self):
        client = self.make_client().with_user(self.cs_manager)
        client.action_assign_client_code()
        self.env.flush_all()
        self.cr.precommit.run()  # tracking is written when the transaction commits
        client.action_regenerate_client_code()
        self.env.flush_all()
        self.cr.precommit.run()
        self.assertEqual(client.client_code, "Suizhou-202603-Zengdu Store-002")
        tracked = client.sudo().message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "client_code")
        self.assertIn("Suizhou-202603-Zengdu Store-001", tracked.mapped("old_value_char"))

    def test_automatic_codes_only_for_companies_with_a_city(self):
        self.company.cs_auto_client_code = True
        company_with_city = self.make_client()
        company_no_city = self.make_client("No City", city=False)
        person = self.make_client("Li Lei", is_company=False)
        self.assertEqual(company_with_city.client_code, "Suizhou-202603-Zengdu Store-001")
        self.assertFalse(company_no_city.client_code)
        self.assertFalse(person.client_code)

    def test_no_automatic_code_when_setting_is_off(self):
        self.assertFalse(self.company.cs_auto_client_code)
        self.assertFalse(self.make_client().client_code)

    def test_setting_form_switches_automatic_codes(self):
        settings = Form(self.env["res.config.settings"].with_company(self.company))
        settings.cs_auto_client_code = True
        settings.save().execute()
        self.assertTrue(self.company.cs_auto_client_code)

    def test_bulk_create_draws_consecutive_serials(self):
        self.company.cs_auto_client_code = True
        partners = self.Partner.create(
            [
                {
                    "name": f"Shop {i}",
                    "city": "Wuhan",
                    "is_company": True,
                    "company_id": self.company.id,
                    "first_contact_date": date(2026, 2, 1),
                }
                for i in range(1, 6)
            ]
        )
        self.assertEqual(partners.mapped("client_code"), [f"Wuhan-202602-Shop {i}-{i:03d}" for i in range(1, 6)])

    def _queries_to_create(self, count, tag):
        vals = [
            {"name": f"{tag} {i}", "city": "Wuhan", "is_company": True, "company_id": self.company.id}
            for i in range(count)
        ]
        self.env.flush_all()
        before = self.cr.sql_log_count
        self.Partner.create(vals)
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_automatic_codes_cost_no_query_per_partner(self):
        self.company.cs_auto_client_code = True
        self._queries_to_create(2, "warm-up")  # the year's range exists from here on
        with_codes = {n: self._queries_to_create(n, f"coded {n}") for n in (10, 40)}
        self.company.cs_auto_client_code = False
        without = {n: self._queries_to_create(n, f"plain {n}") for n in (10, 40)}
        extra = {n: with_codes[n] - without[n] for n in (10, 40)}
        self.assertEqual(extra[10], extra[40], f"extra queries for codes grow with the batch: {extra}")
        self.assertLessEqual(extra[40], 4)

    def test_codes_are_unique_per_company(self):
        client = self.make_client()
        client.action_assign_client_code()
        twin = self.make_client("Twin")
        # the addon's own drawing (Assign/Regenerate) writes inside a transition
        with cs_transition("res.partner"), self.assertRaisesRegex(ValidationError, "already used by Zengdu Store"):
            twin.client_code = client.client_code
        other = self.Partner.create(
            {"name": "Elsewhere", "company_id": self.other_company.id, "client_code": client.client_code}
        )
        self.assertEqual(other.client_code, client.client_code)

    @mute_logger("odoo.sql_db")
    def test_database_refuses_duplicate_codes(self):
        client = self.make_client()
        client.action_assign_client_code()
        twin = self.make_client("Twin")
        self.env.flush_all()
        with self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint():
            self.cr.execute("UPDATE res_partner SET client_code = %s WHERE id = %s", [client.client_code, twin.id])

    def test_import_of_duplicate_code_is_refused_and_saves_nothing(self):
        client = self.make_client()
        client.action_assign_client_code()
        before = self.Partner.search_count([])
        result = self.Partner.load(
            ["name", "is_company", "company_id/.id", "client_code"],
            [
                ["Imported One", "1", str(self.company.id), "Wuhan-202601-Imported One-900"],
                ["Imported Twin", "1", str(self.company.id), client.client_code],
            ],
        )
        self.assertFalse(result["ids"])
        messages = " ".join(m["message"] for m in result["messages"])
        self.assertIn("Imported Twin", messages)
        self.assertIn("Client code", messages)
        self.assertEqual(self.Partner.search_count([]), before)
        self.assertEqual(client.client_code, "Suizhou-202603-Zengdu Store-001")

    def test_client_code_is_searchable_and_shown_on_orders_and_deliveries(self):
        client = self.make_client()
        client.action_assign_client_code()
        self.assertEqual(self.Partner.search([("client_code", "ilike", "202603-Zengdu")]), client)
        self.assertIn(client, self.Partner.search([("display_name", "ilike", "Zengdu Store-001")]))
        contact = self.Partner.create({"name": "Buyer", "parent_id": client.id})
        product = self.env["product.product"].create({"name": "Pipe", "is_storable": True})
        order = (
            self.env["sale.order"]
            .with_company(self.company)
            .create(
                {
                    "partner_id": contact.id,
                    "company_id": self.company.id,
                    "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
                }
            )
        )
        self.assertEqual(order.client_code, client.client_code)
        order.action_confirm()
        self.assertEqual(order.picking_ids.client_code, client.client_code)


@freeze_time("2026-11-24 10:00:00")
class TestClientCodeIntegrity(CsCommon):
    """Issue 9: a client code changes only through Assign and the manager's Regenerate."""

    def test_context_flag_does_not_open_the_code_to_a_cs_user(self):
        client = self.make_client().with_user(self.cs_user)
        client.action_assign_client_code()
        with self.assertRaisesRegex(AccessError, "cannot be changed"):
            client.with_context(cs_client_code_draw=True).write({"client_code": "Suizhou-202603-Mine-001"})
        self.assertEqual(client.client_code, "Suizhou-202603-Zengdu Store-001")

    def test_nobody_types_a_code_in_not_even_sudo(self):
        client = self.make_client()
        with self.assertRaisesRegex(AccessError, "use the Assign button"):
            client.with_user(self.cs_manager).sudo().write({"client_code": "Suizhou-202603-Any-001"})
        client.with_user(self.cs_user).action_assign_client_code()
        with self.assertRaisesRegex(AccessError, "cannot be changed"):
            client.with_user(self.cs_manager).sudo().write({"client_code": False})
        self.assertEqual(client.client_code, "Suizhou-202603-Zengdu Store-001")

    def test_automatic_codes_follow_the_company_setting_only(self):
        self.company.cs_auto_client_code = True
        client = (
            self.Partner.with_user(self.cs_user)
            .with_context(cs_no_client_code=True)
            .create({"name": "Context Store", "city": "Wuhan", "is_company": True, "company_id": self.company.id})
        )
        self.assertEqual(client.client_code, "Wuhan-202611-Context Store-001")

    def test_first_contact_before_1990_or_after_2100_is_refused(self):
        for day in (date(1989, 12, 31), date(2101, 1, 1)):
            with self.assertRaisesRegex(
                ValidationError, rf"first-contact date of Zengdu Store \({day}\) is not plausible"
            ):
                self.make_client(first_contact=day)
        client = self.make_client(first_contact=date(1990, 1, 1))
        with self.assertRaisesRegex(ValidationError, "Zengdu Store"):
            client.with_user(self.cs_user).first_contact_date = date(1900, 1, 1)
