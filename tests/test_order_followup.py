import re
from datetime import date
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common_stock import StockCommon


class FollowupCommon(StockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)], "tz": "Asia/Shanghai"}
        cls.specialist = new_test_user(
            cls.env, "followup_specialist", groups="customer_service_dept.group_cs_user", **common
        )
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Wuhan Pipe Works",
                "is_company": True,
                "email": "buyer@wuhan-pipe.example.com",
                "user_id": cls.salesman.id,
                "cs_specialist_id": cls.specialist.id,
            }
        )

    def _order(self, qty=4):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "user_id": self.salesman.id,
                "client_order_ref": "PO-7731",
                "order_line": [(0, 0, {"product_id": self.pipe.id, "product_uom_qty": qty, "price_unit": 80.0})],
            }
        )
        order.action_confirm()
        return order

    def _ship(self, order, carrier="Deppon Logistics", tracking="DP20260310001", arrival=date(2026, 3, 12)):
        """The storekeeper fills in the carrier and ships everything."""
        picking = order.picking_ids.with_user(self.warehouse_user)
        picking.write({"cs_carrier_name": carrier, "cs_tracking_ref": tracking, "cs_expected_arrival": arrival})
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking.with_env(self.env)


@freeze_time("2026-03-10 02:00:00")
class TestShipmentNotice(FollowupCommon):
    def test_shipping_mails_the_customer_carrier_tracking_number_and_arrival(self):
        """Seed 004 订单跟踪: 在订单发货后, 及时将物流单号、物流公司、预计到货时间等物流信息告知客户."""
        picking = self._ship(self._order())
        self.assertEqual(picking.cs_notice_date, datetime(2026, 3, 10, 2, 0))
        self.assertEqual(picking.cs_arrival_state, "pending")
        message = picking.message_ids.filtered(lambda m: "Deppon Logistics" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn("DP20260310001", message.body)
        self.assertIn("03/12/2026", message.body)
        self.assertIn(f"/cs/arrival/{picking.id}/", message.body)
        self.assertEqual(message.partner_ids, self.client)

    def test_what_the_customer_was_told_is_frozen_and_the_flow_fields_are_the_system_s(self):
        picking = self._ship(self._order())
        with self.assertRaisesRegex(UserError, "already told"):
            picking.with_user(self.warehouse_user).cs_tracking_ref = "CHANGED"
        for user in (self.specialist, self.cs_manager):
            with self.assertRaisesRegex(UserError, "change only through"):
                picking.with_user(user).sudo().write({"cs_arrival_state": "confirmed"})

    def test_a_delivery_without_e_mail_is_still_noticed_and_can_be_confirmed_by_phone(self):
        self.client.email = False
        picking = self._ship(self._order())
        self.assertEqual(picking.cs_arrival_state, "pending")
        self.assertFalse(picking.message_ids.filtered(lambda m: "Deppon Logistics" in (m.body or "")))


@freeze_time("2026-03-10 02:00:00")
class TestArrivalConfirmation(FollowupCommon):
    def _record(self, picking, user, result="ok", note=None):
        action = picking.with_user(user).action_cs_confirm_arrival()
        wizard = (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create({"result": result, "via": "call", "customer_contact": "Mr. Li", "note": note})
        )
        return wizard.action_record()

    def test_specialist_records_the_customer_s_answer_after_a_call(self):
        picking = self._ship(self._order())
        self._record(picking, self.specialist)
        self.assertEqual(
            (
                picking.cs_arrival_state,
                picking.cs_arrival_via,
                picking.cs_arrival_by,
                picking.cs_arrival_recorded_by_id,
            ),
            ("confirmed", "call", "Mr. Li", self.specialist),
        )

    def test_storekeeper_and_salesperson_do_not_record_the_customer_s_answer(self):
        picking = self._ship(self._order())
        for user in (self.warehouse_user, self.salesman):
            with self.assertRaises(UserError):
                picking.with_user(user).action_cs_confirm_arrival()

    def test_a_problem_on_arrival_opens_a_service_request_for_the_specialist(self):
        picking = self._ship(self._order())
        self._record(picking, self.specialist, "problem", "Two pipes bent at one end")
        self.assertEqual(picking.cs_arrival_state, "problem")
        request = self.env["cs.service.request"].search([("partner_id", "=", self.client.id)])
        self.assertEqual((request.request_type, request.user_id), ("request", self.specialist))
        self.assertIn("Two pipes bent", str(request.description))

    def test_unconfirmed_delivery_is_chased_once_two_days_after_expected_arrival(self):
        """Expected 12 March; 2 days' grace (setting): on 14 March (Beijing) nothing yet, on 15 March the
        specialist gets one call activity; a second run adds none."""
        picking = self._ship(self._order())

        def calls():
            return picking.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
            )

        with freeze_time("2026-03-14 15:00:00"):  # 23:00 on 14 March in Beijing
            self.env["stock.picking"]._cron_cs_chase_arrivals()
        self.assertFalse(calls())
        with freeze_time("2026-03-14 16:30:00"):  # 00:30 on 15 March in Beijing
            self.env["stock.picking"]._cron_cs_chase_arrivals()
            self.env["stock.picking"]._cron_cs_chase_arrivals()
        self.assertEqual((len(calls()), calls().user_id), (1, self.specialist))


class TestReceiptsWithinTwoHours(FollowupCommon):
    def test_receipt_not_posted_two_hours_after_arrival_gives_the_storekeeper_an_activity(self):
        """Seed 000 入仓流程: 收货后, 系统2小时内更新记录. Arrived 10:00 Beijing (02:00 UTC): at 11:59 nothing,
        at 12:01 one to-do for the receipt's responsible storekeeper, once."""
        receipt_type = self.warehouse.in_type_id
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": receipt_type.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock.id,
                "scheduled_date": datetime(2026, 3, 10, 2, 0),
                "user_id": self.warehouse_user.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.tea.id,
                            "product_uom_qty": 20,
                            "location_id": self.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": self.stock.id,
                        },
                    )
                ],
            }
        )
        receipt.action_confirm()

        def todos():
            return receipt.activity_ids.filtered(lambda a: a.user_id == self.warehouse_user)

        with freeze_time("2026-03-10 03:59:00"):
            self.env["stock.picking"]._cron_cs_chase_receipts()
        self.assertFalse(todos())
        with freeze_time("2026-03-10 04:01:00"):
            self.env["stock.picking"]._cron_cs_chase_receipts()
            self.env["stock.picking"]._cron_cs_chase_receipts()
        self.assertEqual(len(todos()), 1)


@freeze_time("2026-03-10 02:00:00")
class TestCloseOut(FollowupCommon):
    def _invoice(self, order):
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    def test_an_order_closes_when_delivered_confirmed_signed_and_invoiced(self):
        """Seed 004 订单结案: 当订单货物全部交付客户且客户确认无问题后, 客服人员…对订单进行结案处理."""
        order = self._order()
        self.assertEqual(order.cs_followup_state, "to_deliver")
        picking = self._ship(order)
        self.assertEqual(order.cs_followup_state, "to_confirm")
        picking._cs_record_arrival(True, "call", "Mr. Li", "", user=self.specialist)
        self.assertEqual(order.cs_followup_state, "to_confirm", "the signed slip is still missing (送货签收)")
        picking.with_user(self.warehouse_user).write(
            {"cs_signed_slip": b"JVBERi0xLjQK", "cs_signed_slip_name": "signed.pdf"}
        )
        self.assertEqual(order.cs_followup_state, "to_invoice")
        with self.assertRaisesRegex(UserError, "cannot be closed yet"):
            order.with_user(self.specialist).action_cs_close_out()
        self._invoice(order)
        self.assertEqual(order.cs_followup_state, "to_close")
        with self.assertRaises(UserError):
            order.with_user(self.salesman).action_cs_close_out()
        order.with_user(self.specialist).action_cs_close_out()
        self.assertEqual((order.cs_followup_state, order.cs_closed_by_id), ("closed", self.specialist))
        callback = order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(callback.user_id, self.specialist, "对已结案订单进行客户回访")

    def test_nobody_closes_an_order_by_writing_it(self):
        order = self._order()
        with self.assertRaisesRegex(UserError, "Close Out"):
            order.with_user(self.cs_manager).sudo().write({"cs_closed_date": datetime(2026, 3, 10)})

    def test_open_follow_ups_are_listed_per_specialist(self):
        self._order()
        self._ship(self._order())
        groups = (
            self.env["sale.order"]
            .with_user(self.specialist)
            ._read_group(
                [("cs_followup_state", "not in", (False, "closed")), ("partner_id", "=", self.client.id)],
                ["cs_specialist_id", "cs_followup_state"],
                ["__count"],
            )
        )
        self.assertEqual(
            sorted((user.id, state, count) for user, state, count in groups),
            sorted([(self.specialist.id, "to_deliver", 1), (self.specialist.id, "to_confirm", 1)]),
        )

    def test_delivery_slip_names_the_original_order_and_has_the_signature_block(self):
        """Seed 000: 送货签收方法: 原始订单."""
        order = self._order()
        picking = self._ship(order)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.warehouse_user)
            ._render_qweb_html("stock.action_report_delivery", picking.ids)[0]
            .decode()
        )
        self.assertIn("Original Order", html)
        self.assertIn(order.name, html)
        self.assertIn("PO-7731", html)
        self.assertIn("Received in good order by (signature)", html)
        self.assertIn("DP20260310001", html)


@tagged("post_install", "-at_install")
class TestArrivalLink(FollowupCommon, HttpCase):
    """The customer answers from the shipment notice's link, without an account."""

    def setUp(self):
        super().setUp()
        self.picking = self._ship(self._order())

    def _form(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_the_customer_confirms_receipt_from_the_link(self):
        url = self.picking._cs_arrival_url().replace(self.picking.get_base_url(), "")
        token = self._form(url)
        page = self.url_open(url, data={"csrf_token": token, "result": "ok", "name": "Mr. Zhang", "note": ""})
        self.assertEqual(page.status_code, 200)
        self.picking.invalidate_recordset()
        self.assertEqual(
            (self.picking.cs_arrival_state, self.picking.cs_arrival_via, self.picking.cs_arrival_by),
            ("confirmed", "link", "Mr. Zhang"),
        )

    def test_a_wrong_token_opens_nothing(self):
        self.assertEqual(self.url_open(f"/cs/arrival/{self.picking.id}/not-the-token").status_code, 404)
        self.assertEqual(self.url_open(f"/cs/arrival/{self.picking.id + 999}/x").status_code, 404)
