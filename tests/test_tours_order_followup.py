from odoo.tests import tagged

from .common_tour import CsTourCase


@tagged("post_install", "-at_install")
class TestOrderFollowupTour(CsTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.specialist = cls.cs_tour_user("tour_followup_specialist", "cs_user")
        cls.storekeeper = cls.cs_tour_user("tour_followup_storekeeper", "warehouse_user")
        cls.client = cls.env["res.partner"].create(
            {
                "name": "武汉钢管销售公司",
                "is_company": True,
                "email": "buyer@wuhan-pipe.example.com",
                "cs_specialist_id": cls.specialist.id,
            }
        )
        cls.pipe = cls.env["product.product"].create(
            {"name": "无缝钢管 DN50", "is_storable": True, "list_price": 80.0, "invoice_policy": "order"}
        )
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.env["stock.quant"]._update_available_quantity(cls.pipe, warehouse.lot_stock_id, 100)
        if not cls.env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", cls.env.company.id)]):
            cls.env["account.chart.template"].try_loading("generic_coa", cls.env.company, install_demo=False)
        cls.inquiry = (
            cls.env["cs.service.request"]
            .with_user(cls.specialist)
            .create(
                {
                    "partner_id": cls.client.id,
                    "request_type": "inquiry",
                    "channel": "phone",
                    "subject": "DN50 无缝钢管报价",
                    "line_ids": [(0, 0, {"product_id": cls.pipe.id, "specification": "DN50 x 3.5", "quantity": 20})],
                }
            )
        )

    def test_specialist_takes_an_inquiry_to_a_closed_order(self):
        """Seed 004: 在订单发货后, 及时将物流单号、物流公司…告知客户; 当订单货物全部交付客户且客户确认无问题后,
        客服人员…对订单进行结案处理."""
        self.start_tour(
            f"/odoo/action-customer_service_dept.cs_service_request_action/{self.inquiry.id}",
            "cs_order_followup_tour",
            login="tour_followup_specialist",
        )
        order = self.env["sale.order"].search([("partner_id", "=", self.client.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        delivery = order.picking_ids
        self.assertEqual(
            (delivery.state, delivery.cs_tracking_ref, delivery.cs_arrival_state, delivery.cs_arrival_by),
            ("done", "DP20260310001", "confirmed", "李经理"),
        )
        self.assertEqual(order.cs_followup_state, "to_confirm", "the signed slip is still missing")
        # the storekeeper keeps the signed slip, accounting invoices
        delivery.with_user(self.storekeeper).write(
            {"cs_signed_slip": b"JVBERi0xLjQK", "cs_signed_slip_name": "signed.pdf"}
        )
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(order.cs_followup_state, "to_close")
        self.start_tour(
            "/odoo/action-customer_service_dept.cs_order_followup_action",
            "cs_order_closeout_tour",
            login="tour_followup_specialist",
        )
        self.assertEqual((order.cs_followup_state, order.cs_closed_by_id), ("closed", self.specialist))
