import base64

from odoo.tests import tagged

from ..models.rules import luhn_complete
from .common_settlement import ID_1
from .common_stock import StockCommon
from .common_tour import CsTourCase


@tagged("post_install", "-at_install")
class TestOfficeTours(CsTourCase, StockCommon):
    """The office roles do their day's work in the browser with only their own groups, in Chinese and
    Shanghai time (CONVENTIONS, "Roles, browser tours"): the Customer Service specialist, the Customer
    Service manager and the settlement accountant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_specialist = cls.cs_tour_user("tour_specialist", "cs_user")
        cls.tour_investigator = cls.cs_tour_user("tour_investigator", "cs_user")
        cls.tour_cs_manager = cls.cs_tour_user("tour_cs_manager", "cs_manager")
        cls.tour_accountant = cls.cs_tour_user("tour_accountant", "settlement_accountant")
        cls.customer.write({"city": "Suizhou"})
        cls.ccb = cls.env.ref("customer_service_dept.res_bank_ccb")
        cls.quality = cls.env.ref("customer_service_dept.cs_complaint_category_product_quality")

    # --- fixtures, reached through the action methods as the administrator ------------------
    @classmethod
    def _retailer(cls, name, code):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "cs_is_retailer": True,
                "cs_retailer_code": code,
                "cs_registered_name": "Zhang San",
                # the marketing profile is maintained: signing goes in step with it (000-81)
                "cs_visit_phone": f"139{code[-8:]}",
                "cs_market_department": "Zengdu market department",
                "cs_market_type": "city",
                "cs_customer_type": "individual",
                "cs_business_format": "convenience",
                "cs_delivery_route": "Route 1",
                "cs_order_method": "phone",
                "cs_customer_manager_id": cls.env.ref("base.user_admin").id,
                "cs_id_card_number": ID_1,
            }
        )

    @classmethod
    def _agreement(cls, retailer, transfer, serial, **vals):
        attachments = cls.env["ir.attachment"].create(
            [
                {"name": "page1.pdf", "datas": base64.b64encode(b"%PDF-1.4 test")},
                {"name": "copies.jpg", "datas": base64.b64encode(b"%PDF-1.4 test")},
            ]
        )
        return cls.env["cs.settlement.agreement"].create(
            {
                "partner_id": retailer.id,
                "bank_id": cls.ccb.id,
                "account_holder": "Zhang San",
                "account_number": luhn_complete(f"622700{serial:012d}"),
                "account_kind": "card",
                "transfer_number": transfer,
                "id_card_number": ID_1,
                "page1_attachment_ids": [(6, 0, attachments[0].ids)],
                "photocopy_attachment_ids": [(6, 0, attachments[1].ids)],
                **vals,
            }
        )

    def _proposed_complaint(self):
        complaint = self.env["cs.complaint"].create(
            {
                "partner_id": self.customer.id,
                "content": "Cartons arrived crushed",
                "category_id": self.quality.id,
                "sale_order_id": self.order.id,
                "picking_id": self.delivery.id,
            }
        )
        complaint.action_judge_valid()
        complaint.write({"responsible_department": "Logistics", "responsible_user_id": self.tour_investigator.id})
        complaint.action_investigate()
        complaint.write({"solution_ids": [(0, 0, {"name": "Replace the goods"})]})
        complaint.action_propose()
        self.assertEqual(complaint.stage_kind, "solution_proposed")
        return complaint

    def _submitted_return(self):
        damaged = self.env.ref("customer_service_dept.cs_return_reason_damaged")
        report = self.env["cs.return.report"].create(
            {
                "partner_id": self.customer.id,
                "picking_id": self.delivery.id,
                "user_id": self.salesman.id,
                "line_ids": [
                    (0, 0, {"product_id": self.tea.id, "quantity": 2, "price_unit": 12.0, "reason_id": damaged.id})
                ],
            }
        )
        with report._cs_transition():
            report.action_submit()
        self.assertEqual(report.state, "submitted")
        return report

    def _sent_batch(self):
        agreements = self._agreement(self._retailer("Dongguan Kiosk", "421300000101"), "TOUR-0001", 101)
        agreements |= self._agreement(self._retailer("Xihe Corner Shop", "421300000102"), "TOUR-0002", 102)
        agreements.action_verify()
        action = agreements.action_create_batches()
        batch = self.env["cs.settlement.batch"].browse(action["domain"][0][2])
        batch.action_send()
        self.assertEqual(batch.state, "sent")
        return batch

    # --- tours ---------------------------------------------------------------------------------
    def test_specialist_codes_registers_investigates_plans_and_prepares_an_agreement(self):
        """「客戶代碼: 城市名稱 - 接觸時間 - 客戶名稱 - 年度編號」 (000-26); 「確定責任部門和責任人」 (004-35);
        「提取需要統一回訪的客戶資料,統計整理後分配到各客服專員」 (000-111); 「轉賬銀行編號、身份證及銀行賬號的核對…
        電子檔、協議書…復印件一起核對…一般以復印件為主」 (000-77): a Customer Service user does the day's
        front-office work with only that group."""
        retailer = self._retailer("Tour Retailer", "421300000201")
        # the electronic file has a typo in the holder: the photocopy wins
        agreement = self._agreement(retailer, "TOUR-0201", 201, account_holder="Zhang Shan")
        self.start_tour(
            f"/odoo/action-customer_service_dept.res_partner_action_client/{self.customer.id}",
            "cs_office_specialist_tour",
            login="tour_specialist",
        )
        self.assertTrue(self.customer.client_code)
        complaint = self.env["cs.complaint"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(complaint), 1)
        self.assertEqual(
            (complaint.channel, complaint.sale_order_id, complaint.picking_id, complaint.create_uid),
            ("phone", self.order, self.delivery, self.tour_specialist),
        )
        self.assertEqual((complaint.validity, complaint.stage_kind), ("valid", "investigating"))
        self.assertEqual(complaint.responsible_user_id, self.tour_investigator)
        self.assertEqual(complaint.activity_ids.user_id, self.tour_investigator)
        callback = self.env["cs.callback"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual((callback.source, callback.user_id, callback.state), ("plan", self.tour_specialist, "planned"))
        self.assertEqual(
            (agreement.state, agreement.account_holder, agreement.verified_by_id),
            ("verified", "Zhang San", self.tour_specialist),
        )
        self.assertTrue(any("Zhang Shan" in (body or "") for body in agreement.message_ids.mapped("body")))

    def test_manager_approves_a_solution_and_a_return_and_reads_the_analyses(self):
        """「明確各類人員處理顧客投訴的權限和變通范圍」 (001-07: only managers approve solutions); 「經理批准」
        (000-148); 「客戶服務部重要衡量指標跟蹤表」 (000-158): the manager approves with only the manager group,
        then opens the KPI table and the complaint analysis."""
        complaint = self._proposed_complaint()
        report = self._submitted_return()
        self.start_tour(
            f"/odoo/action-customer_service_dept.cs_complaint_action/{complaint.id}",
            "cs_office_manager_tour",
            login="tour_cs_manager",
        )
        self.assertEqual(complaint.approved_solution_id, complaint.solution_ids)
        self.assertEqual(complaint.solution_ids.approved_by_id, self.tour_cs_manager)
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.approved_by_id, self.tour_cs_manager)
        self.assertTrue(report.return_picking_id)

    def test_accountant_prints_a_batch_imports_bank_results_and_reads_failures(self):
        """「“余額(元)”欄中對應的是具體的數值則證明簽約成功」 (000-80); 「“客戶不屬於本單位”或者“其他錯誤”…
        重新核實…」 (000-87): the settlement accountant works the batch at the bank with only that group; the
        bank's result file fails one agreement and signs the other, and the failure shows its next action. The file
        is the balance query's export as it comes (「“零售客户余额查询”…“余额(元)”栏」): a title line, extra columns."""
        batch = self._sent_batch()
        first, second = batch.agreement_ids.sorted("transfer_number")
        self.start_tour("/odoo", "cs_office_accountant_tour", login="tour_accountant")
        self.assertEqual((first.state, first.failure_reason), ("failed", "not_unit"))
        self.assertIn("belongs to this unit", first.next_action)
        self.assertEqual(second.state, "signed")
        self.assertEqual(batch.state, "done")
        results = self.env["cs.settlement.result"].search([("batch_id", "=", batch.id)])
        self.assertEqual(set(results.mapped("create_uid")), {self.tour_accountant})
        # the balance query's export: a title line above the titles, so the results are lines 3 and 4
        self.assertEqual(results.sorted("line_no").mapped("line_no"), [3, 4])
        self.assertEqual(batch.line_ids.sorted("sequence").mapped("outcome"), ["failed", "signed"])
