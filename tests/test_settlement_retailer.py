from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .common_settlement import SettlementCommon
from .common_settlement import luhn_complete


class TestRetailerChanges(SettlementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_clerk = new_test_user(
            cls.env,
            "order_clerk",
            groups="customer_service_dept.group_cs_order_department",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _phone_change(self, retailer, **vals):
        return (
            self.env["cs.retailer.phone.change"]
            .with_user(self.cs_user)
            .create(
                {
                    "partner_id": retailer.id,
                    "company_id": self.company.id,
                    "new_phone": "139 0000 0002",
                    **vals,
                }
            )
        )

    @freeze_time("2026-11-25 09:00:00")  # a Wednesday
    def test_long_term_change_needs_the_director_and_tells_the_order_department(self):
        retailer = self.make_retailer(cs_visit_phone="13900000001", cs_visit_weekday="2")
        change = self._phone_change(retailer)
        self.assertEqual(change.old_phone, "13900000001")
        change.action_submit()
        self.assertEqual(change.state, "to_confirm")
        self.assertEqual(retailer.cs_visit_phone, "13900000001")
        with self.assertRaises(AccessError):
            change.action_confirm()
        self.interaction(change)
        change.with_user(self.director).action_confirm()
        self.assertEqual(retailer.cs_visit_phone, "13900000002")
        activity = change.activity_ids
        self.assertEqual(activity.user_id, self.order_clerk)
        self.assertIn("today's visit route", activity.note)

    @freeze_time("2026-11-26 09:00:00")  # a Thursday
    def test_retailer_not_on_todays_route_gets_no_activity(self):
        retailer = self.make_retailer(cs_visit_phone="13900000001", cs_visit_weekday="2")
        change = self._phone_change(retailer)
        change.action_submit()
        self.interaction(change)
        change.with_user(self.director).action_confirm()
        self.assertFalse(change.activity_ids)

    def test_temporary_change_is_recorded_only(self):
        retailer = self.make_retailer(cs_visit_phone="13900000001")
        change = self._phone_change(retailer, kind="temporary")
        with self.assertRaisesRegex(UserError, "Until"):
            change.action_submit()
        change.date_to = "2026-12-31"
        change.action_submit()
        self.assertEqual(change.state, "done")
        self.assertEqual(retailer.cs_visit_phone, "13900000001")

    @freeze_time("2026-03-09 23:30:00")  # 07:30 on 10 March in Beijing
    def test_daily_review_runs_on_the_company_day(self):
        """Seed 000: order-method changes are reviewed every day (每日复核). At 07:30 Beijing time
        (23:30 UTC the day before) the company's day is 10 March: a change made that morning is
        today's and the daily run reviews it, whatever the server's time zone."""
        self.company.partner_id.tz = False
        retailer = self.make_retailer(cs_order_method="phone")
        retailer.with_user(self.cs_user).with_context(tz="Asia/Shanghai").cs_order_method = "visit"
        change = self.env["cs.order.method.change"].search([("partner_id", "=", retailer.id)])
        self.assertEqual(str(change.date), "2026-03-10")
        # reviewed by a person from the list of what is left today (no scheduled action does it)
        left = self.env["cs.order.method.change"].with_user(self.cs_user).with_company(self.company)
        left.search(left._cs_to_review_domain(self.company)).action_review()
        self.assertTrue(change.reviewed)

    def test_online_distribution_changes_return_to_the_customer_manager(self):
        retailer = self.make_retailer(cs_order_method="phone", cs_customer_manager_id=self.cs_manager.id)
        other = self.make_retailer("Visit Store", cs_order_method="phone")
        retailer.cs_order_method = "online"
        other.cs_order_method = "visit"
        changes = self.env["cs.order.method.change"].search([("partner_id", "in", (retailer | other).ids)])
        self.assertEqual(len(changes), 2)
        changes.with_user(self.cs_user).action_review()
        self.assertTrue(all(changes.mapped("reviewed")))
        online = changes.filtered(lambda c: c.partner_id == retailer)
        self.assertTrue(online.returned)
        self.assertFalse((changes - online).returned)
        activity = retailer.activity_ids
        self.assertEqual(activity.user_id, self.cs_manager)
        self.assertIn("online distribution", activity.summary)
        self.assertFalse(other.activity_ids)


class TestRetailerChangeQuery(SettlementCommon):
    def test_phone_market_type_and_bank_account_changes_can_be_queried(self):
        retailer = self.make_retailer(cs_visit_phone="13900000001", cs_market_type="fixed1")
        agreement = self.make_agreement(retailer)
        old_number = agreement.account_number
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written when the transaction commits
        change = (
            self.env["cs.retailer.phone.change"]
            .with_user(self.cs_user)
            .create({"partner_id": retailer.id, "company_id": self.company.id, "new_phone": "13900000009"})
        )
        change.action_submit()
        self.interaction(change)
        change.with_user(self.director).action_confirm()
        retailer.write({"cs_market_type": "fixed2"})
        new_number = luhn_complete("622700999999999999")
        agreement.account_number = new_number
        self.env.flush_all()
        self.env.cr.precommit.run()
        rows = self.env["cs.retailer.change.report"].with_user(self.cs_user).search([("partner_id", "=", retailer.id)])
        found = {(r.kind, r.old_value, r.new_value) for r in rows}
        self.assertIn(("phone", "13900000001", "13900000009"), found)
        self.assertIn(("bank_account", old_number, new_number), found)
        self.assertIn("market_type", {r.kind for r in rows})
