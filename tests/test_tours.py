from datetime import timedelta

from odoo import fields
from odoo.addons.customer_service_dept.models.cs_state_mixin import cs_transition
from odoo.tests import tagged

from .common_stock import StockCommon
from .common_tour import CsTourCase


@tagged("post_install", "-at_install")
class TestRoleTours(CsTourCase, StockCommon):
    """Each role does its day's work in the browser with only its own groups, in
    Chinese and Shanghai time (CONVENTIONS, "Roles, browser tours")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_storekeeper = cls.cs_tour_user("tour_storekeeper", "warehouse_user")
        cls.tour_salesman = cls.cs_tour_user("tour_salesman", "salesperson")
        cls.tour_member = cls.cs_tour_user("tour_member", "cs_user")
        cls.tour_dept_manager = cls.cs_tour_user("tour_dept_manager", "cs_user")
        # the customer and its delivered order are the tour salesperson's
        with cs_transition("res.partner"):  # fixture: the code as if assigned
            cls.customer.write({"user_id": cls.tour_salesman.id, "client_code": "SZ0042ZD"})
        cls.order.user_id = cls.tour_salesman
        cls.damaged = cls.env.ref("customer_service_dept.cs_return_reason_damaged")

    def _approved_return(self):
        report = self.env["cs.return.report"].create(
            {
                "partner_id": self.customer.id,
                "picking_id": self.delivery.id,
                "user_id": self.tour_salesman.id,
                "line_ids": [
                    (0, 0, {"product_id": self.tea.id, "quantity": 2, "price_unit": 12.0, "reason_id": self.damaged.id})
                ],
            }
        )
        # fixture (not under test): submitted and approved as the administrator
        with report._cs_transition():
            report.action_submit()
            report.action_approve()
        return report

    def _ticket(self, state):
        department = self.env["cs.department"].create(
            {
                "name": "Tour Studio",
                "code": "TS",
                "manager_ids": [(6, 0, self.tour_dept_manager.ids)],
                "member_ids": [(6, 0, self.tour_member.ids)],
            }
        )
        ticket = self.env["cs.job.ticket"].create(
            {
                "title": "Spring poster",
                "partner_id": self.customer.id,
                "department_id": department.id,
                "user_id": self.tour_dept_manager.id,
                "description": "<p>A1 poster and two banners</p>",
                "brief": "<p>Fresh, green, spring sale</p>",
                "date_due": fields.Date.today() + timedelta(days=30),
            }
        )
        with ticket._cs_transition():
            ticket.action_submit()
            if state == "approved":
                ticket.action_approve()
        self.assertEqual(ticket.state, state)
        return ticket

    def test_warehouse_user_receives_a_return_scraps_and_prints_shipments(self):
        """「倉務員確認退貨箱數及退貨原因」; 「殘損分析報告需包括…殘損原因及處理建議」; 「客戶服務經理審批殘損申請」:
        the storekeeper files a damage for approval (its reason proposes the handling), scraps the pipes the
        manager approved and reads them in the damage analysis; 「倉管員每天…填好每日發貨報告」"""
        report = self._approved_return()
        self.env["stock.scrap.reason.tag"].create({"name": "Crushed carton", "cs_handling": "destroy"})
        approved = self.file_damage(self.pipe, 2, "customer_service_dept.scrap_reason_handling", "discount")
        approved.with_user(self.cs_manager).action_cs_approve()
        self.start_tour("/odoo", "cs_warehouse_tour", login="tour_storekeeper")
        self.assertEqual(report.state, "received")
        self.assertEqual(report.line_ids.received_qty, 2)
        scrap = self.env["stock.scrap"].search([("product_id", "=", self.tea.id)], order="id desc", limit=1)
        self.assertEqual(
            (scrap.state, scrap.scrap_qty, scrap.scrap_reason_tag_ids.name, scrap.cs_handling),
            ("requested", 1, "Crushed carton", "destroy"),
        )
        self.assertEqual((scrap.create_uid, scrap.cs_requested_by_id), (self.tour_storekeeper, self.tour_storekeeper))
        self.assertTrue(scrap.name.startswith("SP/"), scrap.name)
        self.assertEqual((approved.state, approved.write_uid), ("done", self.tour_storekeeper))
        self.assertEqual(self.pipe.with_context(location=self.warehouse.cs_damaged_location_id.id).qty_available, 2)
        report = self.env["cs.daily.shipment.report"].search([("create_uid", "=", self.tour_storekeeper.id)])
        self.assertEqual(report.date, self.company._cs_today())

    def test_salesperson_files_a_return_from_the_delivery(self):
        """「業務員填寫退貨報告」: the salesperson files it on the delivery and sees the client code."""
        self.env["cs.return.reason"].create({"name": "Crushed in transit"})
        self.start_tour(
            f"/odoo/action-sale.action_orders/{self.order.id}", "cs_salesperson_tour", login="tour_salesman"
        )
        report = self.env["cs.return.report"].search([("picking_id", "=", self.delivery.id)])
        self.assertEqual(len(report), 1)
        self.assertEqual((report.state, report.user_id), ("submitted", self.tour_salesman))
        self.assertEqual((report.line_ids.product_id, report.line_ids.quantity), (self.tea, 1))

    def test_job_member_logs_hours_and_writes_a_contact_report(self):
        """「聯絡報告…48小時內送交客戶相關人員」: a member of the job department records time and a contact report."""
        ticket = self._ticket("approved")
        self.start_tour("/odoo", "cs_job_member_tour", login="tour_member")
        self.assertEqual(ticket.time_ids.user_id, self.tour_member)
        self.assertEqual(ticket.time_ids.hours, 2.5)
        contact = self.env["cs.contact.report"].search([("user_id", "=", self.tour_member.id)])
        self.assertEqual((contact.state, contact.partner_id), ("sent", self.customer))

    def test_department_manager_approves_a_ticket(self):
        """The job department's manager approves a submitted ticket from its form."""
        ticket = self._ticket("submitted")
        self.start_tour(
            f"/odoo/action-customer_service_dept.cs_job_ticket_action/{ticket.id}",
            "cs_job_manager_tour",
            login="tour_dept_manager",
        )
        self.assertEqual((ticket.state, ticket.approved_by_id), ("approved", self.tour_dept_manager))
