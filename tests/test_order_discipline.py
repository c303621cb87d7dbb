"""Order follow-up and order discipline (issue 17, items 1, 2, 4 and 6): inquiries answered with a
quotation within their time limit, qualified orders and phone orders, change requests of confirmed
orders, and the daily out-of-stock confirmation. Each test acts as a user holding only its role."""

from datetime import date
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tests import new_test_user

from ..models.cs_state_mixin import cs_transition
from .common_stock import StockCommon
from .test_kpi_report import KpiCommon
from .test_service_requests import FRIDAY_17
from .test_service_requests import MONDAY_17
from .test_service_requests import ServiceRequestCommon

ESCALATION = "customer_service_dept.mail_activity_type_cs_request_escalation"
STOCK_ACTIVITY = "customer_service_dept.mail_activity_type_cs_stock_confirmation"


class OrderCommon(StockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)], "tz": "Asia/Shanghai"}
        cls.cs_clerk = new_test_user(cls.env, "od_cs_clerk", groups="customer_service_dept.group_cs_user", **common)
        cls.sale_manager = new_test_user(cls.env, "od_sale_manager", groups="sales_team.group_sale_manager", **common)
        cls.pipes = cls.env["product.category"].create({"name": "Steel Pipes"})
        cls.pipe.categ_id = cls.pipes
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Suizhou Pipe Works",
                "is_company": True,
                "client_code": "SZ-PW-0001",
                "street": "1 Jiefang Road",
                "city": "Suizhou",
                "phone": "+86 722 000 0001",
                "user_id": cls.salesman.id,
            }
        )

    def quotation(self, user, product=None, qty=1, partner=None, **vals):
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": (partner or self.client).id,
                    "user_id": self.salesman.id,
                    "order_line": [(0, 0, {"product_id": (product or self.tea).id, "product_uom_qty": qty})],
                    **vals,
                }
            )
        )


class TestOrderQualification(OrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_order_qualification = True

    def test_customer_without_client_code_is_refused_and_keeps_the_reason(self):
        """000 L345 「只有合格的标准订单才能得到处理」: an order of a customer without client code is not
        confirmed; it stays a quotation with its reason, found by searching the reason."""
        partner = self.env["res.partner"].create(
            {"name": "New Shop", "is_company": True, "street": "2 Main St", "city": "Suizhou", "phone": "123"}
        )
        order = self.quotation(self.salesman, partner=partner)
        action = order.action_confirm()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertEqual((order.state, order.cs_qualification_state), ("draft", "disqualified"))
        self.assertEqual(order.cs_disqualification_ids.mapped("rule"), ["customer"])
        self.assertIn("no client code", order.cs_disqualification_ids.message)
        found = (
            self.env["sale.order"]
            .with_user(self.cs_clerk)
            .search([("cs_disqualification_ids.message", "ilike", "client code")])
        )
        self.assertEqual(found, order)
        self.assertEqual(
            self.env["cs.order.disqualification"].with_user(self.salesman).search([("rule", "=", "customer")]).order_id,
            order,
        )
        with cs_transition("res.partner"):  # the client code's own flow is tested elsewhere
            partner.client_code = "SZ-NS-0002"
        order.with_user(self.salesman).action_confirm()
        self.assertEqual((order.state, order.cs_qualification_state), ("sale", "qualified"))
        self.assertFalse(order.cs_disqualification_ids)
        self.assertTrue(order.cs_disqualified_date, "the first refusal stays recorded (qualified order rate)")

    def test_price_off_the_list_needs_a_sales_managers_approval(self):
        """A price outside the price list (tea 12.00) is confirmed only after a sales manager approved it;
        the salesperson cannot approve it."""
        order = self.quotation(self.salesman, qty=5)
        order.order_line.with_user(self.salesman).price_unit = 10.0
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.cs_disqualification_ids.mapped("rule"), ["price"])
        self.assertFalse(order.with_user(self.salesman).can_cs_approve_prices)
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).action_cs_approve_prices()
        order.with_user(self.sale_manager).action_cs_approve_prices()
        self.assertEqual(order.order_line.cs_price_approved_by_id, self.sale_manager)
        # the price changed again after the approval: approved no more
        order.order_line.with_user(self.salesman).price_unit = 9.0
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")
        order.order_line.with_user(self.salesman).price_unit = 10.0
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_required_field_of_a_product_category(self):
        """Steel pipes need the customer's reference on the order; tea does not."""
        self.env["cs.order.required.field"].with_user(self.sale_manager).create(
            {
                "categ_id": self.pipes.id,
                "field_id": self.env["ir.model.fields"]._get("sale.order", "client_order_ref").id,
                "company_id": self.company.id,
            }
        )
        tea = self.quotation(self.cs_clerk)
        tea.action_confirm()
        self.assertEqual(tea.state, "sale")
        pipes = self.quotation(self.cs_clerk, product=self.pipe, qty=2)
        pipes.action_confirm()
        self.assertEqual(pipes.cs_disqualification_ids.mapped("rule"), ["category_field"])
        pipes.with_user(self.cs_clerk).client_order_ref = "PO-2026-17"
        pipes.with_user(self.cs_clerk).action_confirm()
        self.assertEqual(pipes.state, "sale")

    def test_qualification_fields_are_set_by_the_check_only(self):
        order = self.quotation(self.salesman)
        for env_order in (order.with_user(self.sale_manager), order.sudo()):
            for vals in ({"cs_qualification_state": "qualified"}, {"cs_phone_confirmed_date": datetime(2026, 3, 1)}):
                with self.assertRaisesRegex(UserError, "qualification check"):
                    env_order.write(vals)
        with self.assertRaisesRegex(UserError, "qualification check"):
            self.quotation(self.salesman, cs_qualification_state="qualified")
        with self.assertRaisesRegex(UserError, "approval only"):
            order.order_line.sudo().write({"cs_price_approved_by_id": self.sale_manager.id})


class TestPhoneOrders(OrderCommon):
    def test_phone_order_waits_for_its_salesperson(self):
        """000 L345 「客户或销售员电话订单最后必须由销售员确认」: the specialist enters the customer's phone
        order with who called; it is confirmed only after the order's salesperson confirmed it (not the
        specialist, not another salesperson). The rule holds without the qualification setting."""
        self.assertFalse(self.company.cs_order_qualification)
        order = self.quotation(
            self.cs_clerk, qty=3, cs_phone_order=True, cs_phone_caller="customer", cs_caller_name="Wang Fang"
        )
        order.with_user(self.cs_clerk).action_confirm()
        self.assertEqual((order.state, order.cs_disqualification_ids.rule), ("draft", "phone"))
        self.assertFalse(order.with_user(self.cs_clerk).can_cs_confirm_phone_order)
        for user in (self.cs_clerk, self.other_salesman):
            with self.assertRaises(AccessError):
                order.with_user(user).action_cs_confirm_phone_order()
        self.assertTrue(order.with_user(self.salesman).can_cs_confirm_phone_order)
        with freeze_time("2026-03-10 02:00:00"):
            order.with_user(self.salesman).action_cs_confirm_phone_order()
        self.assertEqual(
            (order.cs_phone_confirmed_by_id, order.cs_phone_confirmed_date),
            (self.salesman, datetime(2026, 3, 10, 2, 0)),
        )
        order.with_user(self.cs_clerk).action_confirm()
        self.assertEqual((order.state, order.cs_qualification_state), ("sale", "qualified"))

    def test_phone_order_records_who_called(self):
        order = self.quotation(self.cs_clerk, cs_phone_order=True)
        with self.assertRaisesRegex(UserError, "who called"):
            order.with_user(self.salesman).action_cs_confirm_phone_order()


class TestQualifiedOrderRateWithRefusals(KpiCommon):
    def test_refused_order_counts_once_as_not_qualified(self):
        """000 L345 and L347 「操作员提供合格订单率」: an order refused at confirmation as not qualified counts
        in the period it was first submitted, as not qualified, even when it is confirmed later.

        By hand (March 2026, Beijing): O1 confirmed 2 March as entered: qualified. O2 phone order refused
        3 March, confirmed by its salesperson and confirmed 4 March: not qualified, counted once. O3 phone
        order refused 5 March, never confirmed: not qualified. O5 refused 27 February, confirmed 2 March:
        February's. Week 1: 1 / 3 = 33.33 %; month 1 / 3 = 33.33 %."""
        phone = {"cs_phone_order": True, "cs_phone_caller": "salesperson", "cs_caller_name": "Salesman Li"}
        o1 = self._order(self.tea, 1, "2026-03-02 02:00:00")
        orders = {}
        for key, when in (("o2", "2026-03-03 02:00:00"), ("o3", "2026-03-05 02:00:00"), ("o5", "2026-02-27 02:00:00")):
            with freeze_time(when):
                order = (
                    self.env["sale.order"]
                    .with_user(self.cs_clerk)
                    .create(
                        {
                            "partner_id": self.customer.id,
                            "user_id": self.salesman.id,
                            "order_line": [(0, 0, {"product_id": self.tea.id, "product_uom_qty": 1})],
                            **phone,
                        }
                    )
                )
                order.action_confirm()
            self.assertEqual(order.state, "draft")
            orders[key] = order
        for key, when in (("o2", "2026-03-04 02:00:00"), ("o5", "2026-03-02 03:00:00")):
            with freeze_time(when):
                orders[key].with_user(self.salesman).action_cs_confirm_phone_order()
                orders[key].with_user(self.cs_clerk).action_confirm()
            self.assertEqual(orders[key].state, "sale")
        qualified = self._print(date(2026, 3, 1), "2026-04-03 02:00:00")[1]["qualified"]
        self.assertEqual(
            (qualified["week1"].numerator, qualified["week1"].denominator, qualified["week1"].value_text),
            (1, 3, "33.33"),
        )
        self.assertEqual((qualified["month"].numerator, qualified["month"].denominator), (1, 3))
        records = qualified["month"].action_open_records()
        self.assertEqual(self.env["sale.order"].search(records["domain"]), o1 | orders["o2"] | orders["o3"])


class TestOrderChanges(OrderCommon):
    def _confirmed(self):
        with freeze_time("2026-03-09 02:00:00"):
            order = self.quotation(self.cs_clerk, qty=3)
            order.action_confirm()
        self.assertEqual(order.state, "sale")
        return order

    def test_changes_of_a_confirmed_order_are_logged_and_confirmed_with_the_customer(self):
        """Seed 004 五(三) 「如果客户提出订单变更需求,如产品规格调整、数量增减、交货期变更等,客服人员要及时记录
        客户变更要求」: quantity, delivery date and an added product of a confirmed order are logged, each
        waiting for the reason and the customer's confirmation (how, who, when)."""
        draft = self.quotation(self.cs_clerk, qty=3)
        draft.order_line.with_user(self.cs_clerk).product_uom_qty = 4
        self.assertFalse(draft.cs_change_ids, "a quotation's changes are not order changes")
        order = self._confirmed()
        with freeze_time("2026-03-10 02:00:00"):
            with Form(order.with_user(self.cs_clerk)) as form:
                with form.order_line.edit(0) as line:
                    line.product_uom_qty = 5
                form.commitment_date = datetime(2026, 3, 12, 2, 0)
            order.with_user(self.cs_clerk).write({"order_line": [(0, 0, {"product_id": self.pipe.id})]})
        changes = order.cs_change_ids.sorted(lambda c: (c.change_type, c.id))
        self.assertEqual(
            [(c.change_type, c.old_value, c.new_value, c.changed_by_id, c.state) for c in changes],
            [
                ("date", "", "2026-03-12 10:00", self.cs_clerk, "to_confirm"),
                ("line_added", "", "Steel Pipe × 1", self.cs_clerk, "to_confirm"),
                ("quantity", "3 Units", "5 Units", self.cs_clerk, "to_confirm"),
            ],
        )
        change = changes.filtered(lambda c: c.change_type == "quantity").with_user(self.cs_clerk)
        with self.assertRaisesRegex(UserError, "fill in"):
            change.action_confirm_with_customer()
        with freeze_time("2026-03-10 03:00:00"):
            change.write(
                {
                    "reason": "Customer's site needs two more",
                    "customer_contact": "Wang Fang (buyer)",
                    "confirmation_channel": "phone",
                    "customer_confirmed_date": datetime(2026, 3, 10, 2, 30),
                }
            )
            change.action_confirm_with_customer()
        self.assertEqual(
            (change.state, change.recorded_by_id, change.recorded_date),
            ("confirmed", self.cs_clerk, datetime(2026, 3, 10, 3, 0)),
        )
        for env_change in (change.with_user(self.sale_manager), change.sudo()):
            with self.assertRaises(UserError):
                env_change.write({"reason": "Something else"})
            with self.assertRaises(UserError):
                env_change.write({"state": "to_confirm"})
        with self.assertRaises(UserError):
            self.env["cs.order.change"].with_user(self.cs_clerk).create(
                {
                    "order_id": order.id,
                    "change_type": "quantity",
                    "changed_by_id": self.cs_clerk.id,
                    "change_date": datetime(2026, 3, 10),
                }
            )

    def test_the_change_history_prints_with_the_order(self):
        order = self._confirmed()
        with freeze_time("2026-03-10 02:00:00"):
            order.order_line.with_user(self.cs_clerk).product_uom_qty = 7
            order.cs_change_ids.with_user(self.cs_clerk).write(
                {
                    "reason": "Second site",
                    "customer_contact": "Wang Fang",
                    "confirmation_channel": "email",
                    "customer_confirmed_date": datetime(2026, 3, 10, 1, 0),
                }
            )
            order.cs_change_ids.with_user(self.cs_clerk).action_confirm_with_customer()
            order.order_line.with_user(self.cs_clerk).product_uom_qty = 8
        html = (
            self.env["ir.actions.report"]
            .with_user(self.cs_clerk)
            ._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
            .decode()
        )
        self.assertIn('name="cs_order_changes"', html)
        for text in ("3 Units", "7 Units", "8 Units", "Second site", "Wang Fang", "03/10/2026 09:00"):
            self.assertIn(text, html)
        self.assertIn("To confirm with the customer", html, "the second change waits for the customer")


class TestOutOfStockConfirmation(OrderCommon):
    """000 L348 「对于缺货的品种,操作员需填写每日订单确订」. Stock: tea 90 (100 - 10 delivered)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_tz = "Asia/Shanghai"
        cls.company.cs_order_operator_id = cls.cs_clerk
        cls.order_short = (
            cls.env["sale.order"]
            .with_user(cls.cs_clerk)
            .create(
                {
                    "partner_id": cls.client.id,
                    "user_id": cls.salesman.id,
                    "order_line": [
                        (0, 0, {"product_id": cls.tea.id, "product_uom_qty": 95}),
                        (0, 0, {"product_id": cls.pipe.id, "product_uom_qty": 10}),
                    ],
                }
            )
        )
        cls.order_short.action_confirm()

    def _run(self, when):
        with freeze_time(when):
            self.env["sale.order.line"]._cron_cs_stock_confirmation()

    def _activities(self):
        return self.order_short.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(STOCK_ACTIVITY))

    def test_daily_list_in_the_companys_morning(self):
        """95 tea ordered, 90 in stock: 5 missing; the pipes are served. The list is made once a day from
        07:00 Beijing (23:00 UTC the day before), with one activity for the operator."""
        tea, pipe = self.order_short.order_line
        self._run("2026-03-10 22:30:00")  # 06:30 in Beijing
        self.assertFalse(tea.cs_stock_to_confirm)
        self._run("2026-03-10 23:30:00")  # 07:30 on 11 March in Beijing
        self.assertEqual(
            (tea.cs_stock_to_confirm, tea.cs_shortage_date, tea.cs_shortage_qty), (True, date(2026, 3, 11), 5.0)
        )
        self.assertFalse(pipe.cs_stock_to_confirm)
        activity = self._activities()
        self.assertEqual((activity.user_id, activity.date_deadline), (self.cs_clerk, date(2026, 3, 11)))
        self._run("2026-03-11 05:00:00")
        self.assertEqual(len(self._activities()), 1, "one list a day, one activity an order")
        listed = self.env["sale.order.line"].with_user(self.cs_clerk).search([("cs_stock_to_confirm", "=", True)])
        self.assertEqual(listed, tea)

    def test_operator_records_the_customers_decision(self):
        """The operator confirms with the customer: wait (listed again the next day while still short),
        substitute (needs the substitute) — recorded on the line with who and when."""
        tea = self.order_short.order_line[0]
        self._run("2026-03-10 23:30:00")
        with freeze_time("2026-03-11 02:00:00"):
            tea.with_user(self.cs_clerk).action_cs_stock_wait()
        self.assertEqual(
            (tea.cs_stock_decision, tea.cs_stock_decision_by_id, tea.cs_stock_decision_date, tea.cs_stock_to_confirm),
            ("wait", self.cs_clerk, datetime(2026, 3, 11, 2, 0), False),
        )
        self.assertFalse(self._activities(), "done when every line is confirmed")
        self._run("2026-03-11 23:30:00")
        self.assertTrue(tea.cs_stock_to_confirm, "still short the next day: confirmed again")
        self.assertEqual(self._activities().date_deadline, date(2026, 3, 12))
        with self.assertRaisesRegex(UserError, "Substitute"):
            tea.with_user(self.cs_clerk).action_cs_stock_substitute()
        tea.with_user(self.cs_clerk).cs_substitute_product_id = self.other
        tea.with_user(self.cs_clerk).action_cs_stock_substitute()
        self._run("2026-03-12 23:30:00")
        self.assertFalse(tea.cs_stock_to_confirm, "a substitute is final")
        with self.assertRaisesRegex(UserError, "out-of-stock check"):
            tea.sudo().write({"cs_stock_to_confirm": True})


class TestInquiryQuotation(ServiceRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tea_product = cls.env["product.product"].create({"name": "Seamless Pipe", "list_price": 50.0})

    def inquiry(self, user=None, received=FRIDAY_17, channel="email"):
        request = self.new_request(user=user, received=received, channel=channel, subject="Pipe price")
        with freeze_time(received):
            request.with_user(user or self.cs_user).write(
                {
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.tea_product.id,
                                "specification": "Φ89×4.5",
                                "quantity": 20,
                                "requested_date": date(2026, 3, 30),
                            },
                        )
                    ]
                }
            )
        return request

    def test_email_inquiry_quoted_within_one_working_day(self):
        """Seed 004 「郵件咨詢應在一個工作日內回復」: an e-mail inquiry of Friday 17:00 (Beijing) is due Monday
        17:00; the quotation sent Monday 16:00 answers it in time."""
        request = self.inquiry()
        self.assertEqual(request.reply_due, MONDAY_17)
        with freeze_time("2026-03-16 02:00:00"):
            action = request.with_user(self.cs_user).action_cs_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(
            (order.cs_service_request_id, order.origin, order.partner_id), (request, request.name, self.customer)
        )
        self.assertEqual(order.order_line.product_uom_qty, 20)
        self.assertIn("Φ89×4.5", order.order_line.name)
        self.assertEqual(request.state, "in_progress")
        with freeze_time("2026-03-16 08:00:00"):
            order.with_user(self.cs_user).action_quotation_sent()
        self.assertEqual(
            (request.state, request.reply_date, request.reply_sla_state),
            ("answered", datetime(2026, 3, 16, 8, 0), "met"),
        )
        with self.assertRaises(UserError):
            request.line_ids.with_user(self.cs_user).quantity = 30

    def test_inquiry_not_quoted_in_time_escalates(self):
        request = self.inquiry()
        with freeze_time("2026-03-16 02:00:00"):
            order = self.env["sale.order"].browse(
                request.with_user(self.cs_user).action_cs_create_quotation()["res_id"]
            )
        with freeze_time("2026-03-16 10:00:00"):
            self.Request._cron_escalate_late()
        activity = request.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(ESCALATION))
        self.assertEqual(activity.user_id, self.supervisor)
        with freeze_time("2026-03-17 02:00:00"):
            order.with_user(self.cs_user).action_quotation_sent()
        self.assertEqual((request.state, request.reply_sla_state), ("answered", "late"))

    def test_quotation_is_linked_by_the_button_only(self):
        request = self.inquiry()
        with self.assertRaisesRegex(UserError, "Create Quotation"):
            self.env["sale.order"].with_user(self.cs_user).create(
                {"partner_id": self.customer.id, "cs_service_request_id": request.id}
            )

    def test_conversion_rate_per_specialist_and_month(self):
        """Inquiry-to-order conversion, per specialist and month (Beijing): March, cs_user 2 inquiries, one
        confirmed: 50 %; other specialist 1 inquiry quoted not confirmed: 0 %; cs_user's inquiry of
        1 April 07:00 Beijing (31 March 23:00 UTC) confirmed: April 100 %."""
        a = self.inquiry()
        self.inquiry()
        c = self.inquiry(user=self.other_specialist)
        d = self.inquiry(received=datetime(2026, 3, 31, 23, 0))
        for request, confirm in ((a, True), (c, False), (d, True)):
            with freeze_time("2026-04-01 02:00:00"):
                user = request.user_id
                order = self.env["sale.order"].browse(request.with_user(user).action_cs_create_quotation()["res_id"])
                if confirm:
                    order.with_user(user).action_confirm()
        self.env.flush_all()
        Report = self.env["cs.inquiry.conversion.report"].with_user(self.cs_user).with_context(tz="Asia/Shanghai")
        groups = Report._read_group(
            [("company_id", "=", self.company.id)],
            ["user_id", "received_date:month"],
            ["inquiry_count:sum", "order_count:sum", "conversion_rate:avg"],
        )
        self.assertEqual(
            sorted((user.login, month.month, n, o, rate) for user, month, n, o, rate in groups),
            [("cs_user", 3, 2, 1, 50.0), ("cs_user", 4, 1, 1, 100.0), ("cs_user_2", 3, 1, 0, 0.0)],
        )
