from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import TransactionCase
from odoo.tests import new_test_user

from ..models.rules import add_months
from ..models.rules import anniversaries_between
from ..models.rules import anniversary_in_year
from ..models.rules import visit_due_date
from .common import CsCommon

CUSTOMER_MANAGER = "customer_service_dept.group_cs_customer_manager"


class CareCommon(CsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "cs_visit_days_key": 30,
                "cs_visit_days_general": 90,
                "cs_visit_days_potential": 180,
                "cs_visit_lead_days": 7,
                "cs_greeting_lead_days": 3,
                "cs_tz": "Asia/Shanghai",
            }
        )
        common = {
            "company_id": cls.company.id,
            "company_ids": [(6, 0, cls.company.ids)],
            "tz": "Asia/Shanghai",
        }
        cls.manager_li = new_test_user(cls.env, "cm_li", groups=CUSTOMER_MANAGER, **common)
        cls.manager_wang = new_test_user(cls.env, "cm_wang", groups=CUSTOMER_MANAGER, **common)
        cls.classes = {}

    def customer(self, name, customer_class="general", manager=None, first_contact=date(2026, 3, 9), **vals):
        partner = self.make_client(
            name=name,
            first_contact=first_contact,
            cs_customer_manager_id=(manager or self.manager_li).id,
            **vals,
        )
        self.classes[partner.id] = customer_class
        return partner

    def class_hook(self):
        """The customer classes of issue 16 item 1 stand in through the partner's class hook."""
        classes = self.classes
        return patch.object(
            type(self.env["res.partner"]),
            "_cs_care_class",
            lambda partner: classes.get(partner.commercial_partner_id.id, "general"),
        )

    def visit(self, customer, user=None, **vals):
        user = user or self.manager_li
        return (
            self.env["cs.customer.visit"]
            .with_user(user)
            .create({"partner_id": customer.id, "company_id": self.company.id, "user_id": user.id, **vals})
        )


class TestCareRules(TransactionCase):
    def test_visit_due_after_last_visit_else_after_first_contact(self):
        self.assertEqual(visit_due_date(date(2026, 5, 20), date(2026, 3, 9), 30), date(2026, 6, 19))
        self.assertEqual(visit_due_date(None, date(2026, 3, 9), 30), date(2026, 4, 8))

    def test_29_february_is_greeted_on_28_february_outside_leap_years(self):
        self.assertEqual(anniversary_in_year(date(1980, 2, 29), 2027), date(2027, 2, 28))
        self.assertEqual(anniversary_in_year(date(1980, 2, 29), 2028), date(2028, 2, 29))
        self.assertEqual(
            anniversaries_between(date(1980, 12, 31), date(2026, 12, 30), date(2027, 1, 2)), [date(2026, 12, 31)]
        )
        # a store opening next week has no anniversary this week
        self.assertEqual(anniversaries_between(date(2026, 6, 5), date(2026, 6, 1), date(2026, 6, 4)), [])

    def test_one_month_follow_up_stays_in_short_months(self):
        """Seed 000: 客戶入住新房之後一個月,電話回訪; 一年之日,上門進行檢查."""
        self.assertEqual(add_months(date(2026, 1, 31), 1), date(2026, 2, 28))
        self.assertEqual(add_months(date(2026, 11, 30), 12), date(2027, 11, 30))
        self.assertEqual(add_months(date(2026, 12, 15), 1), date(2027, 1, 15))


class TestCustomerVisits(CareCommon):
    def test_daily_plan_proposes_due_visits_by_class_once(self):
        """Seed 002: 制定客户走访计划,按时登门服务. Frequencies: key 30, general 90, potential 180 days, proposed
        7 days ahead; first contact 9 March 2026 (general: 10 March)."""
        key = self.customer("Key Store", "key")
        general = self.customer("General Store", "general", first_contact=date(2026, 3, 10))
        potential = self.customer("Potential Store", "potential")
        visited = self.customer("Visited Key Store", "key")
        other = self.customer("Wang's Store", "general", manager=self.manager_wang, first_contact=date(2026, 1, 1))
        with self.class_hook():
            with freeze_time("2026-05-20 04:00:00"):
                done = self.visit(visited, findings="Sales steady")
                done.with_user(self.manager_li).action_done()
            self.assertEqual(done.done_date, date(2026, 5, 20))
            # 31 May 17:00 UTC is 1 June 01:00 in Shanghai: the company's today is 1 June, horizon 8 June
            with freeze_time("2026-05-31 17:00:00"):
                self.env["cs.customer.visit"]._cron_propose_visits()
                self.env["cs.customer.visit"]._cron_propose_visits()
        visits = self.env["cs.customer.visit"].search(
            [("partner_id", "in", (key | general | potential | visited | other).ids), ("state", "=", "planned")]
        )
        planned = {v.partner_id: v.planned_date for v in visits}
        self.assertEqual(
            planned,
            {
                key: date(2026, 4, 8),  # 9 March + 30: overdue
                general: date(2026, 6, 8),  # 10 March + 90: within the 7 days (Shanghai's 1 June + 7)
                other: date(2026, 4, 1),  # 1 January + 90 (31 + 28 + 31 = 90): Wang's customer, overdue
            },
        )
        self.assertEqual(visits.filtered(lambda v: v.partner_id == other).user_id, self.manager_wang)
        activity = visits.filtered(lambda v: v.partner_id == key).activity_ids
        self.assertEqual(activity.user_id, self.manager_li)
        self.assertEqual(activity.date_deadline, date(2026, 4, 8))
        # a cancelled proposal is not proposed again for the same due day
        key_visit = visits.filtered(lambda v: v.partner_id == key)
        key_visit.with_user(self.manager_li).action_cancel()
        with self.class_hook(), freeze_time("2026-06-02 02:00:00"):
            self.env["cs.customer.visit"]._cron_propose_visits()
        self.assertFalse(self.env["cs.customer.visit"].search([("partner_id", "=", key.id), ("state", "=", "planned")]))
        # the customer's form shows the next due day of its class (visited key customer: 20 May + 30)
        with self.class_hook():
            self.assertEqual(visited.cs_next_visit_date, date(2026, 6, 19))
            self.assertEqual(visited.cs_last_visit_date, date(2026, 5, 20))

    def test_visit_log_raises_requests_and_next_day_callback(self):
        """Seed 002: 对不能现场解决的需求,要认真做好纪录...并告之客户解决时限; seed 000: 隔日电话回访."""
        customer = self.customer("Zengdu Store", email="zengdu@example.com")
        with freeze_time("2026-06-10 02:00:00"):
            visit = self.visit(customer, planned_date=date(2026, 6, 10), purpose="need")
            visit.write(
                {
                    "findings": "Sales of Spring Tea dropped after the price change",
                    "competitor_info": "A rival offers free delivery",
                    "market_info": "Two new supermarkets on the street",
                    "materials": "Leaflets, one calendar",
                    "need_ids": [(0, 0, {"name": "Display rack repair", "promised_date": "2026-06-15"})],
                }
            )
            self.assertTrue(visit.can_done)
            visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.done_date, date(2026, 6, 10))
        request = visit.need_ids.request_id
        self.assertEqual(len(request), 1)
        self.assertEqual(
            (request.request_type, request.channel, request.partner_id, request.promised_date, request.subject),
            ("request", "visit", customer, date(2026, 6, 15), "Display rack repair"),
        )
        told = request.message_ids.filtered(lambda m: customer in m.partner_ids)
        self.assertTrue(told, "the customer is told the promised date")
        self.assertIn("2026-06-15", told[0].body)
        callback = visit.callback_id
        self.assertEqual(
            (callback.source, callback.partner_id, callback.due_date, callback.state, callback.user_id),
            ("visit", customer, date(2026, 6, 11), "planned", self.manager_li),
        )
        self.assertEqual(visit.request_count, 1)
        with self.assertRaises(UserError):  # the request of a need is the visit's, for sudo too
            visit.need_ids.sudo().write({"request_id": False})

    def test_appointment_is_a_calendar_event_on_the_planned_day(self):
        """Seed 002: 预约与准备. The appointment: 10:00 Shanghai (02:00 UTC) on the planned day, with the customer."""
        customer = self.customer("Zengdu Store")
        visit = self.visit(customer, planned_date=date(2026, 6, 12))
        visit.action_make_appointment()
        event = visit.event_id
        self.assertEqual(str(event.start), "2026-06-12 02:00:00")
        self.assertEqual(event.partner_ids, self.manager_li.partner_id | customer)
        self.assertEqual(event.user_id, self.manager_li)
        visit.action_make_appointment()
        self.assertEqual(visit.event_id, event, "one appointment per visit")

    def test_visit_done_needs_findings_and_promised_dates(self):
        customer = self.customer("Zengdu Store")
        visit = self.visit(customer)
        with self.assertRaisesRegex(UserError, "Findings"):
            visit.action_done()
        visit.write({"findings": "Fine", "need_ids": [(0, 0, {"name": "New shelf"})]})
        with self.assertRaisesRegex(UserError, "Promised Date"):
            visit.action_done()
        self.assertEqual(visit.state, "planned")
        self.assertFalse(visit.need_ids.request_id)

    def test_state_and_log_of_a_done_visit_change_for_nobody(self):
        customer = self.customer("Zengdu Store")
        visit = self.visit(customer, findings="Fine")
        with self.assertRaises(UserError):
            visit.write({"state": "done"})
        with self.assertRaises(UserError):
            visit.with_user(self.cs_manager).sudo().write({"state": "cancelled"})
        with self.assertRaises(UserError):
            self.env["cs.customer.visit"].with_user(self.manager_li).create(
                {"partner_id": customer.id, "company_id": self.company.id, "state": "done"}
            )
        visit.action_done()
        with self.assertRaises(UserError):
            visit.write({"findings": "Something else"})
        with self.assertRaises(UserError):
            visit.sudo().write({"partner_id": self.customer("Other").id})
        with self.assertRaises(UserError):
            visit.write({"need_ids": [(0, 0, {"name": "Late need", "promised_date": "2026-12-01"})]})
        with self.assertRaises(UserError):
            visit.action_cancel()

    def test_a_manager_sees_only_his_customers_visits(self):
        li_customer = self.customer("Li's Store")
        wang_customer = self.customer("Wang's Store", manager=self.manager_wang)
        li_visit = self.visit(li_customer)
        wang_visit = self.visit(wang_customer, user=self.manager_wang)
        Visit = self.env["cs.customer.visit"]
        self.assertEqual(Visit.with_user(self.manager_li).search([]), li_visit)
        with self.assertRaises(AccessError):
            wang_visit.with_user(self.manager_li).read(["findings"])
        with self.assertRaises(AccessError):
            wang_visit.with_user(self.manager_li).write({"findings": "Seen"})
        self.assertEqual(Visit.with_user(self.cs_manager).search([]), li_visit | wang_visit)
        with self.assertRaises(AccessError):
            Visit.with_user(self.cs_user).search([])
        self.assertTrue(self.cs_manager.has_group(CUSTOMER_MANAGER))
        self.assertTrue(self.manager_li.has_group("customer_service_dept.group_cs_user"))
        self.assertFalse(self.manager_li.has_group("customer_service_dept.group_cs_manager"))

    def test_overview_counts_due_and_overdue_per_manager(self):
        """The managers' overview: visits due (today or before) and overdue (before today), company time."""
        li_a = self.customer("Li A")
        li_b = self.customer("Li B", "key")
        wang_a = self.customer("Wang A", manager=self.manager_wang)
        self.visit(li_a, planned_date=date(2026, 6, 1))
        self.visit(li_b, planned_date=date(2026, 6, 2))
        self.visit(wang_a, user=self.manager_wang, planned_date=date(2026, 6, 9))
        self.env.flush_all()
        Report = self.env["cs.customer.care.report"].with_user(self.cs_manager)
        # 1 June 17:00 UTC is 2 June in Shanghai
        with freeze_time("2026-06-01 17:00:00"):
            rows = Report._read_group(
                [("company_id", "=", self.company.id)],
                ["user_id"],
                ["customer_count:sum", "due_count:sum", "overdue_count:sum"],
            )
        self.assertEqual(
            {user: counts for user, *counts in rows},
            {self.manager_li: [2, 2, 1], self.manager_wang: [1, 0, 0]},
        )
        with self.assertRaises(AccessError):
            Report.with_user(self.manager_li).search([])


class TestRelationshipCalendar(CareCommon):
    def test_dates_and_holidays_greet_ahead_once_a_year(self):
        """Seed 000: 記住客戶生日...問候; seed 002: 节假日问候. Three days ahead, once a year per date."""
        customer = self.customer("Zengdu Store", cs_store_opening_date=date(2019, 9, 24))
        contact = self.Partner.create({"name": "Zhang San", "parent_id": customer.id, "cs_birthday": date(1980, 9, 25)})
        leap = self.Partner.create({"name": "Leap Li", "parent_id": customer.id, "cs_birthday": date(1980, 2, 29)})
        mid_autumn = self.env.ref("customer_service_dept.cs_holiday_mid_autumn_2026")
        self.assertEqual(mid_autumn.date, date(2026, 9, 25))
        Partner = self.env["res.partner"]
        # 21 September 17:00 UTC: 22 September in Shanghai, window 22 to 25 September
        with freeze_time("2026-09-21 17:00:00"):
            Partner._cron_relationship_calendar()
            Partner._cron_relationship_calendar()
        reminders = self.env["cs.relationship.reminder"].search([("customer_id", "=", customer.id)])
        self.assertEqual(
            sorted((r.partner_id.name, r.occasion, str(r.occasion_date)) for r in reminders),
            [
                ("Zengdu Store", "holiday", "2026-09-25"),
                ("Zengdu Store", "store_opening", "2026-09-24"),
                ("Zhang San", "birthday", "2026-09-25"),
            ],
        )
        self.assertEqual(reminders.user_id, self.manager_li)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", (customer | contact).ids)]
        )
        self.assertEqual(len(activities), 3)
        self.assertEqual(activities.user_id, self.manager_li)
        self.assertEqual(contact.activity_ids.date_deadline, date(2026, 9, 25))
        # the next year again; 29 February on 28 February 2027
        with freeze_time("2027-02-25 02:00:00"):
            Partner._cron_relationship_calendar()
        self.assertEqual(leap.activity_ids.date_deadline, date(2027, 2, 28))
        with freeze_time("2027-09-22 02:00:00"):
            Partner._cron_relationship_calendar()
        self.assertEqual(
            sorted(str(d) for d in contact.activity_ids.mapped("date_deadline")), ["2026-09-25", "2027-09-25"]
        )


class TestDeliveryFollowUps(TransactionCase):
    def test_category_switches_plan_one_month_and_one_year_callbacks(self):
        """Seed 000 (装修 chapter): 客戶入住新房之後一個月電話回訪; 客戶入住新房一年之日,上門進行檢查."""
        env = self.env
        company = env.company
        manager = new_test_user(env, "cm_zhao", groups=CUSTOMER_MANAGER, tz="Asia/Shanghai")
        storekeeper = new_test_user(env, "store_zhao", groups="stock.group_stock_user", tz="Asia/Shanghai")
        decoration = env["product.category"].create(
            {"name": "Decoration", "cs_follow_up_month": True, "cs_follow_up_year": True}
        )
        plain = env["product.category"].create({"name": "Plain"})
        tiles = env["product.product"].create({"name": "Tiles", "is_storable": True, "categ_id": decoration.id})
        nails = env["product.product"].create({"name": "Nails", "is_storable": True, "categ_id": plain.id})
        stock = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1).lot_stock_id
        for product in (tiles, nails):
            env["stock.quant"]._update_available_quantity(product, stock, 10)
        customer = env["res.partner"].create(
            {"name": "Home Owner", "is_company": True, "cs_customer_manager_id": manager.id}
        )

        def deliver(product):
            order = env["sale.order"].create(
                {"partner_id": customer.id, "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})]}
            )
            order.action_confirm()
            picking = order.picking_ids.with_user(storekeeper)
            picking.move_ids.quantity = 1
            picking.move_ids.picked = True
            picking.button_validate()
            return picking

        # 31 January 18:00 UTC is 1 February 02:00 in Shanghai, the storekeeper's day
        with freeze_time("2026-01-31 18:00:00"):
            picking = deliver(tiles)
            plain_picking = deliver(nails)
        callbacks = env["cs.callback"].search([("follow_up_picking_id", "=", picking.id)])
        self.assertEqual(
            sorted((c.follow_up_months, c.method, str(c.due_date), c.user_id.login) for c in callbacks),
            [(1, "phone", "2026-03-01", "cm_zhao"), (12, "visit", "2027-02-01", "cm_zhao")],
        )
        self.assertEqual(callbacks.mapped("source"), ["follow_up", "follow_up"])
        self.assertFalse(env["cs.callback"].search([("follow_up_picking_id", "=", plain_picking.id)]))
        picking._cs_plan_follow_ups()
        self.assertEqual(env["cs.callback"].search_count([("follow_up_picking_id", "=", picking.id)]), 2)
