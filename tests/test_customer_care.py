from ast import literal_eval
from datetime import date
from datetime import datetime
from datetime import timedelta

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import CsCommon

TODAY = date(2026, 11, 26)
# 10:00 in Suizhou (Asia/Shanghai) on TODAY
NOW = "2026-11-26 02:00:00"


def weekly(last, count, step=7):
    """``count`` order days ``step`` days apart, the last one on ``last`` (oldest first)."""
    return [last - timedelta(days=step * i) for i in reversed(range(count))]


@tagged("post_install", "-at_install")
class CustomerCareCommon(CsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "cs_class_months": 12,
                "cs_class_key_amount": 100000,
                "cs_class_general_amount": 10000,
                "cs_churn_history_orders": 10,
                "cs_churn_min_orders": 3,
                "cs_churn_interval_factor": 2.0,
                "cs_churn_recent_orders": 3,
                "cs_churn_volume_percent": 50,
                "cs_churn_stop_days": 60,
            }
        )
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)], "tz": "Asia/Shanghai"}
        # the customer manager of seed 002 is a salesperson
        cls.manager_sales = new_test_user(cls.env, "cm_wang", groups="sales_team.group_sale_salesman", **common)
        cls.product = cls.env["product.product"].create({"name": "Care tea", "type": "service", "list_price": 1})
        cls.Order = cls.env["sale.order"].with_company(cls.company)
        cls.steady = cls.make_customer("Steady Store")
        cls.slipping = cls.make_customer("Slipping Store")
        cls.stopped = cls.make_customer("Stopped Store")
        cls.newcomer = cls.make_customer("New Store")
        cls.shrinking = cls.make_customer("Shrinking Store")
        cls.prospect = cls.make_customer("Prospect Store", customer_rank=1)
        # steady: every 7 days, 12 orders of 1,000, the last three days ago
        cls.order_history(cls.steady, weekly(date(2026, 11, 23), 12), 1000)
        # slipping: every 7 days, 8 orders of 20,000, the last 23 days ago (the brief's example)
        cls.order_history(cls.slipping, weekly(date(2026, 11, 3), 8), 20000)
        # stopped: every 10 days, 5 orders of 500, the last on 1 September (86 days ago)
        cls.order_history(cls.stopped, weekly(date(2026, 9, 1), 5, step=10), 500)
        # new: one order of 50,000 yesterday
        cls.order_history(cls.newcomer, [date(2026, 11, 25)], 50000)
        # shrinking: on rhythm (every 7 days) but the last three orders are 2,000 instead of 10,000
        days = weekly(date(2026, 11, 24), 8)
        cls.order_history(cls.shrinking, days[:5], 10000)
        cls.order_history(cls.shrinking, days[5:], 2000)
        # an order not confirmed counts for nothing
        cls.Order.create(
            {
                "partner_id": cls.stopped.id,
                "company_id": cls.company.id,
                "date_order": datetime(2026, 11, 20, 2, 0),
                "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": 99999})],
            }
        )

    @classmethod
    def make_customer(cls, name, **vals):
        return cls.Partner.create(
            {
                "name": name,
                "is_company": True,
                "company_id": cls.company.id,
                "cs_customer_manager_id": cls.manager_sales.id,
                **vals,
            }
        )

    @classmethod
    def order_history(cls, partner, days, amount):
        orders = cls.Order.create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                    "state": "sale",
                    "date_order": datetime.combine(day, datetime.min.time()) + timedelta(hours=2),
                    "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount})],
                }
                for day in days
            ]
        )
        orders.flush_recordset()
        return orders

    def run_classes(self, now=NOW):
        # a new transaction for the cron: what the fixtures created is committed (tracking starts afresh)
        self.env.flush_all()
        self.env.cr.precommit.run()
        with freeze_time(now):
            return self.env["res.partner"]._cs_compute_customer_classes(self.company)

    def run_churn(self, now=NOW):
        with freeze_time(now):
            return self.env["res.partner"]._cs_compute_churn_warnings(self.company)


class TestCustomerClasses(CustomerCareCommon):
    def test_classes_by_sales_of_the_period(self):
        """Seed 004 三(二)3: 「根據客戶的購買頻率、購買金額、潛在價值等因素，將客戶分為重點客戶、一般客戶和潛在客戶」.

        Key from 100,000, general from 10,000 of confirmed (untaxed) sales in the last 12 months.
        """
        self.run_classes()
        self.assertEqual(self.slipping.cs_customer_class, "key")  # 8 x 20,000 = 160,000
        self.assertEqual(self.slipping.cs_class_amount, 160000)
        self.assertEqual(self.steady.cs_customer_class, "general")  # 12 x 1,000 = 12,000
        self.assertEqual(self.newcomer.cs_customer_class, "general")  # 50,000
        self.assertEqual(self.shrinking.cs_customer_class, "general")  # 5 x 10,000 + 3 x 2,000 = 56,000
        self.assertEqual(self.stopped.cs_customer_class, "potential")  # 5 x 500; the quotation does not count
        self.assertEqual(self.stopped.cs_class_amount, 2500)
        self.assertEqual(self.prospect.cs_customer_class, "potential")  # no sale
        self.assertTrue(self.slipping.cs_key_customer, "a key customer gets priority")
        self.assertFalse(self.steady.cs_key_customer)

    def test_old_sales_leave_the_period(self):
        """The period is rolling: a year later the slipping customer's sales have left it."""
        self.run_classes()
        self.run_classes("2027-11-10 02:00:00")  # 8 orders from 15 Sept to 3 Nov 2026: all before 11 Nov 2026
        self.assertEqual(self.slipping.cs_customer_class, "potential")
        self.assertFalse(self.slipping.cs_key_customer, "the key mark follows the class")

    def test_class_change_is_tracked_and_run_again_changes_nothing(self):
        self.run_classes()
        self.assertEqual(self.run_classes(), {}, "a second run the same day changes no class")
        self.run_classes("2027-11-10 02:00:00")  # the slipping customer: key -> potential
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        tracked = self.slipping.message_ids.tracking_value_ids
        self.assertEqual(
            sorted(
                (t.field_id.name, t.old_value_char, t.new_value_char, t.old_value_integer, t.new_value_integer)
                for t in tracked
            ),
            [
                ("cs_customer_class", "Key Customer", "Potential Customer", 0, 0),
                ("cs_key_customer", False, False, 1, 0),
            ],
            "the change of class and of the key mark, not the first class",
        )

    def test_manual_key_mark_kept_until_the_class_changes(self):
        """The manual key mark of a Customer Service user stays until the class next changes."""
        self.run_classes()
        self.prospect.with_user(self.cs_user).cs_key_customer = True
        self.run_classes()
        self.assertEqual(self.prospect.cs_customer_class, "potential")
        self.assertTrue(self.prospect.cs_key_customer, "kept while the class stays")
        self.order_history(self.prospect, [TODAY], 20000)
        self.run_classes()
        self.assertEqual(self.prospect.cs_customer_class, "general")
        self.assertFalse(self.prospect.cs_key_customer, "the class changed: the mark follows it")

    def test_nobody_writes_the_class_by_hand(self):
        self.run_classes()
        for user in (self.cs_user, self.cs_manager):
            with self.assertRaises(UserError):
                self.steady.with_user(user).write({"cs_customer_class": "key"})
        with self.assertRaises(UserError):
            self.steady.sudo().write({"cs_churn_state": "warning"})
        self.assertEqual(self.steady.cs_customer_class, "general")

    def test_key_customers_first_in_the_care_list(self):
        """Seed 004 priority for key customers: first in the customer-care lists."""
        self.run_classes()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.res_partner_action_care")
        view = self.env.ref("customer_service_dept.res_partner_view_list_care")
        Partner = self.env["res.partner"].with_user(self.cs_user)
        partners = Partner.search([*literal_eval(action["domain"]), ("name", "like", "Store")], order=_list_order(view))
        self.assertEqual(partners[0], self.slipping)
        groups = Partner._read_group(
            [("id", "in", (self.steady | self.slipping | self.stopped | self.prospect).ids)],
            ["cs_customer_class"],
            ["__count"],
        )
        self.assertEqual(
            dict(groups),
            {"key": 1, "general": 1, "potential": 2},
        )


class TestChurnWarnings(CustomerCareCommon):
    def test_warning_customers_by_hand_computed_rhythm(self):
        """Seed 002: 「定期統計、分析、監控客戶業務使用…的變化狀況，對確有離網傾向的客戶實施“離網關懷工程”，
        實行客戶離網必訪制度」; 「挽留預警客戶」.

        Usual interval = median of the last intervals; warning after 2 x the interval; stopped after 60 days.
        """
        self.run_churn()
        self.assertFalse(self.steady.cs_churn_state, "3 days since the last order, usual 7")
        self.assertEqual(self.steady.cs_usual_order_interval, 7)
        self.assertEqual(self.steady.cs_last_order_date, date(2026, 11, 23))
        self.assertEqual(self.slipping.cs_churn_state, "warning")
        self.assertEqual(self.slipping.cs_churn_reason, "usual interval 7 days, last order 23 days ago")
        self.assertEqual(self.slipping.cs_churn_since, TODAY)
        self.assertEqual(self.stopped.cs_churn_state, "churned")
        self.assertEqual(self.stopped.cs_churn_reason, "No order for 86 days (stopped ordering after 60 days)")
        self.assertEqual(self.shrinking.cs_churn_state, "warning")
        self.assertEqual(
            self.shrinking.cs_churn_reason, "usual order amount 10,000.00, last 3 orders 2,000.00 on average"
        )
        self.assertFalse(self.newcomer.cs_churn_state, "one order: no usual rhythm yet")
        self.assertFalse(self.prospect.cs_churn_state)

    def test_customer_manager_gets_one_mandatory_visit_per_episode(self):
        """Seed 002 离网必访: the customer manager must visit; once per episode, not every day."""
        self.run_churn()
        self.run_churn("2026-11-27 02:00:00")
        Activity = self.env["mail.activity"].with_user(self.manager_sales)
        activities = Activity.search([("user_id", "=", self.manager_sales.id), ("res_model", "=", "res.partner")])
        warning = self.env.ref("customer_service_dept.mail_activity_type_cs_warning_visit")
        churn = self.env.ref("customer_service_dept.mail_activity_type_cs_churn_visit")
        self.assertEqual(
            sorted((a.res_id, a.activity_type_id.id) for a in activities),
            sorted([(self.slipping.id, warning.id), (self.shrinking.id, warning.id), (self.stopped.id, churn.id)]),
        )
        self.assertEqual(
            self.slipping.cs_churn_reason,
            "usual interval 7 days, last order 24 days ago",
            "the reasoning follows the days",
        )

    def test_recovered_customer_leaves_the_warning_list(self):
        self.run_churn()
        self.order_history(self.slipping, [TODAY], 20000)
        self.run_churn()
        self.assertFalse(self.slipping.cs_churn_state)
        self.assertFalse(self.slipping.cs_churn_since)
        self.assertFalse(self.slipping.cs_churn_reason)
        self.assertEqual(self.slipping.cs_last_order_date, TODAY)

    def test_warning_list_as_the_roles(self):
        """The warning list (menu under customer care) as a CS user; key customers first."""
        self.run_classes()
        self.run_churn()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.res_partner_action_churn")
        view = self.env.ref("customer_service_dept.res_partner_view_list_churn")
        for user in (self.cs_user, self.manager_sales):
            partners = (
                self.env["res.partner"]
                .with_user(user)
                .search(
                    [*literal_eval(action["domain"]), ("company_id", "=", self.company.id)], order=_list_order(view)
                )
            )
            self.assertEqual(partners[0], self.slipping, "the key customer first")
            self.assertEqual(set(partners.ids), {self.slipping.id, self.shrinking.id, self.stopped.id})


class TestCustomerHandover(CustomerCareCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)], "tz": "Asia/Shanghai"}
        cls.leaving = new_test_user(cls.env, "cs_leaving", groups="customer_service_dept.group_cs_user", **common)
        cls.heir_a = new_test_user(cls.env, "cs_heir_a", groups="customer_service_dept.group_cs_user", **common)
        cls.heir_b = new_test_user(cls.env, "cs_heir_b", groups="customer_service_dept.group_cs_user", **common)
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.c1 = cls.make_customer("Handover One", lang="zh_CN")
        cls.c2 = cls.make_customer("Handover Two")
        cls.c3 = cls.make_customer("Handover Three")
        cls.c4 = cls.make_customer("Handover Four")
        (cls.c1 | cls.c2 | cls.c3).sudo().write({"cs_customer_manager_id": cls.leaving.id})
        (cls.c3 | cls.c4).sudo().write({"cs_specialist_id": cls.leaving.id})
        cls.steady.sudo().write({"cs_specialist_id": cls.heir_a.id})  # heir A already has one customer
        template = cls.env.ref("customer_service_dept.mail_template_cs_customer_handover")
        template.with_context(lang="zh_CN").subject = "您的新联系人"
        cls.callback = cls.env["cs.callback"].create(
            {"partner_id": cls.c1.id, "user_id": cls.leaving.id, "company_id": cls.company.id}
        )
        cls.complaint = cls.env["cs.complaint"].create(
            {"partner_id": cls.c2.id, "user_id": cls.leaving.id, "company_id": cls.company.id, "content": "Late"}
        )
        cls.request = cls.env["cs.service.request"].create(
            {"partner_id": cls.c3.id, "user_id": cls.leaving.id, "company_id": cls.company.id, "subject": "Price"}
        )
        cls.visit = cls.env["cs.customer.visit"].create(
            {"partner_id": cls.c1.id, "user_id": cls.leaving.id, "company_id": cls.company.id}
        )
        cls.other_request = cls.env["cs.service.request"].create(
            {"partner_id": cls.steady.id, "user_id": cls.leaving.id, "company_id": cls.company.id, "subject": "Tea"}
        )

    def wizard(self, user):
        return (
            self.env["cs.customer.handover.wizard"]
            .with_user(user)
            .with_company(self.company)
            .create({"from_user_id": self.leaving.id, "user_ids": [(6, 0, (self.heir_a | self.heir_b).ids)]})
        )

    def test_handover_balances_tells_and_plans_the_introduction(self):
        """Seed 001: 「負責與客戶聯系的員工調離公司時,應由公司及時通知有關客戶,
        并指派其員工頂替調離員工迅速與客戶建立聯系」;
        seed 000 資料處理: 「按照負責客戶數量均衡…分配」, 「應在一周內與客戶進行溝通」.
        """
        with freeze_time(NOW):
            wizard = self.wizard(self.cs_manager)
            self.assertEqual(wizard.partner_count, 4)
            wizard.action_hand_over()
        # loads A 1, B 0: c1 -> B, c2 -> A, c3 -> B, c4 -> A
        self.assertEqual(self.c1.cs_customer_manager_id, self.heir_b)
        self.assertEqual(self.c2.cs_customer_manager_id, self.heir_a)
        self.assertEqual(self.c3.cs_customer_manager_id, self.heir_b)
        self.assertEqual(self.c3.cs_specialist_id, self.heir_b)
        self.assertEqual(self.c4.cs_specialist_id, self.heir_a)
        self.assertEqual(self.c4.cs_customer_manager_id, self.manager_sales, "not the leaver's role: kept")
        self.assertEqual(self.callback.user_id, self.heir_b, "the open callback follows the customer")
        self.assertEqual(self.complaint.user_id, self.heir_a, "the open complaint follows the customer")
        self.assertEqual(self.request.user_id, self.heir_b, "the open request follows the customer")
        self.assertEqual(self.visit.user_id, self.heir_b, "the planned visit follows the customer")
        self.assertEqual(self.other_request.user_id, self.leaving, "not one of the handed-over customers")
        notice_c1 = self.c1.message_ids.filtered(lambda m: self.c1 in m.partner_ids)
        self.assertEqual(notice_c1.subject, "您的新联系人", "in the customer's language")
        self.assertIn("cs_heir_b", notice_c1.body)
        notice_c2 = self.c2.message_ids.filtered(lambda m: self.c2 in m.partner_ids)
        self.assertIn("your new contact person", notice_c2.subject)
        introduction = self.env.ref("customer_service_dept.mail_activity_type_cs_introduction")
        activities = self.env["mail.activity"].search(
            [("activity_type_id", "=", introduction.id), ("res_id", "in", (self.c1 | self.c2).ids)]
        )
        self.assertEqual(
            sorted((a.res_id, a.user_id.id, a.date_deadline) for a in activities),
            sorted([(self.c1.id, self.heir_b.id, date(2026, 12, 3)), (self.c2.id, self.heir_a.id, date(2026, 12, 3))]),
        )

    def test_handover_refused_for_a_cs_user(self):
        with self.assertRaises(AccessError):
            self.wizard(self.cs_user)
        wizard = self.wizard(self.cs_manager)
        with self.assertRaises(AccessError):
            wizard.with_user(self.cs_user).action_hand_over()
        self.assertEqual(self.c1.cs_customer_manager_id, self.leaving)


def _list_order(view):
    return etree.fromstring(view.arch.encode()).get("default_order")
