"""Issue 9: every role, every addon document, every operation, over real HTTP.

Each role's own user calls Odoo's JSON-RPC (``POST /jsonrpc``, service
``object``, ``execute_kw`` with the database, uid and password) on a real record of every addon
model, with a context holding every context key the addon's source reads, and
the outcome of each cell is compared with ``rpc_matrix.MATRIX``. Every
mismatch is collected and reported in one failure at the end.
"""

import ast
import base64
import logging
from datetime import timedelta
from pathlib import Path

from odoo import Command
from odoo import fields
from odoo.tests import HttpCase
from odoo.tests import get_db_name
from odoo.tests import new_test_user
from odoo.tests import tagged

from ..models.cs_state_mixin import cs_transition
from ..models.rules import luhn_complete
from . import rpc_matrix
from .common_rpc import execute_kw

_logger = logging.getLogger(__name__)

ADDON_DIR = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = ("models", "wizards", "report")
ID_CARD = "11010519491231002X"  # GB 11643-valid
DENIED = ("AccessError", "UserError", "ValidationError", "MissingError")
ODOO_STOCK_CONTEXT_KEYS = {"inventory_name", "inventory_mode", "inventory_report_mode", "from_inverse_qty"}


def _is_context(node):
    """``self.env.context``, ``self._context``, ``context``, ``ctx``."""
    if isinstance(node, ast.Attribute):
        return node.attr in ("context", "_context")
    return isinstance(node, ast.Name) and node.id in ("context", "ctx")


def _string(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def context_keys_of_source(source):
    """The context keys a Python source reads, and the ``cs_`` keys it sets.

    Read: ``context.get("x")``, ``context["x"]``, ``"x" in context``; set:
    ``with_context(x=...)``, ``with_context({"x": ...})``, ``dict(context, x=...)``.
    """
    read, written = set(), set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "with_context":
                written |= {kw.arg for kw in node.keywords if kw.arg}
                for arg in node.args:
                    if isinstance(arg, ast.Dict):
                        written |= {k for k in map(_string, arg.keys) if k}
            elif isinstance(func, ast.Attribute) and func.attr == "get" and _is_context(func.value):
                if node.args and _string(node.args[0]):
                    read.add(_string(node.args[0]))
            elif isinstance(func, ast.Name) and func.id == "dict" and node.args and _is_context(node.args[0]):
                written |= {kw.arg for kw in node.keywords if kw.arg}
        elif isinstance(node, ast.Subscript) and _is_context(node.value) and _string(node.slice):
            read.add(_string(node.slice))
        elif isinstance(node, ast.Compare) and _string(node.left) and node.comparators:
            if isinstance(node.ops[0], ast.In | ast.NotIn) and _is_context(node.comparators[0]):
                read.add(_string(node.left))
    return read | {key for key in written if key.startswith("cs_")}


def addon_context_keys():
    """Every context key the addon's Python source (models, wizards, reports) reads or sets."""
    keys = set()
    for folder in SOURCE_FOLDERS:
        for path in sorted((ADDON_DIR / folder).glob("*.py")):
            keys |= context_keys_of_source(path.read_text(encoding="utf-8"))
    return keys


@tagged("post_install", "-at_install")
class TestSecurityRpcMatrix(HttpCase):
    """The role x document x operation matrix, called over HTTP as each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        base = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)], "tz": "Asia/Shanghai"}
        cls.users = {
            role: new_test_user(cls.env, f"rpc_{role}", groups=rpc_matrix.ROLE_GROUPS[role], **base)
            for role in rpc_matrix.ROLES
        }
        # the keys the addon reads, and those of Odoo's inventory adjustment that the addon's approval
        # takes over (the Apply dialog's reason label, inventory mode): none may open a guard
        cls.context_keys = addon_context_keys() | ODOO_STOCK_CONTEXT_KEYS
        # Setup, not the action under test: the action methods bring each record to its
        # state; the transition only spares the setup a half-migrated action's own guard.
        with cs_transition(*rpc_matrix.MATRIX, "res.partner"):
            cls._build_fixtures()

    # ------------------------------------------------------------------ fixtures
    @classmethod
    def _build_fixtures(cls):
        """One real record per addon model, brought to its state by the action methods (as the admin)."""
        env, users = cls.env, cls.users
        today = fields.Date.context_today(env["res.users"])
        client = env["res.partner"].create(
            {"name": "RPC Zengdu Store", "city": "Suizhou", "is_company": True, "company_id": cls.company.id}
        )

        # job department, ticket, time, contact report
        Department = env["cs.department"]
        department = Department.create(
            {
                "name": "RPC Creative",
                "code": "RPCCR",
                "manager_ids": [Command.set(users["job_manager"].ids)],
                "member_ids": [Command.set(users["job_member"].ids)],
            }
        )
        spare_department = Department.create({"name": "RPC Spare", "code": "RPCSP"})
        ticket = (
            env["cs.job.ticket"]
            .with_user(users["cs_user"])
            .create(
                {
                    "title": "Spring poster",
                    "partner_id": client.id,
                    "department_id": department.id,
                    "description": "<p>A1 poster and two banners</p>",
                    "brief": "<p>Fresh, green, spring sale</p>",
                    "date_due": today + timedelta(days=40),
                }
            )
        )
        submitted_ticket = ticket.copy({"title": "Summer poster"})
        (ticket | submitted_ticket).action_submit()
        ticket.with_user(users["job_manager"]).action_approve()
        ticket = ticket.with_user(env.user)
        job_time = env["cs.job.time"].create({"ticket_id": ticket.id, "user_id": users["cs_user"].id, "hours": 2})
        contact = env["cs.contact.report"].create(
            {
                "name": "Kick-off meeting",
                "partner_id": client.id,
                "user_id": users["cs_user"].id,
                "team_user_ids": [Command.set(users["job_member"].ids)],
                "discussion": "<p>Spring campaign</p>",
                "conclusions": "<p>A1 poster</p>",
                "participant_ids": [
                    Command.create({"name": "Ms Wang", "email": "wang@rpc.example.com", "parent_id": client.id})
                ],
            }
        )
        contact.action_send()
        sent_log = env["cs.job.weekly.report.log"].create(
            {"company_id": cls.company.id, "week": "2026-03-02", "kind": "monday", "partner_id": client.id}
        )

        # complaint with an approved solution, a done callback, spare stage / category
        complaint, other_complaint = env["cs.complaint"].create(
            [
                {
                    "partner_id": client.id,
                    "content": content,
                    "category_id": env.ref("customer_service_dept.cs_complaint_category_product_quality").id,
                    "user_id": users["cs_user"].id,
                }
                for content in ("Cartons arrived crushed", "Wrong colour")
            ]
        )
        for item, proposal in ((complaint, "Replace the goods"), (other_complaint, "Repaint")):
            item.action_judge_valid()
            item.write({"responsible_department": "Logistics", "responsible_user_id": users["cs_user"].id})
            item.action_investigate()
            item.write({"solution_ids": [Command.create({"name": proposal})]})
            item.action_propose()
        solution = complaint.solution_ids
        solution.action_approve()
        proposed_solution = other_complaint.solution_ids
        callback = env["cs.callback"].create(
            {"partner_id": client.id, "result": "satisfied", "service_date": today - timedelta(days=5)}
        )
        callback.action_done()
        stage = env["cs.complaint.stage"].create({"name": "RPC spare stage", "sequence": 90})
        category = env["cs.complaint.category"].create({"name": "RPC spare category"})

        # an approved return report of the salesperson on a delivered order
        reason = env["cs.return.reason"].create({"name": "RPC spare reason"})
        damaged = env.ref("customer_service_dept.cs_return_reason_damaged")
        warehouse = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        product = env["product.product"].create(
            {"name": "RPC Spring Tea", "is_storable": True, "list_price": 12.0, "invoice_policy": "delivery"}
        )
        pipe = env["product.product"].create(
            {"name": "RPC Steel Pipe", "is_storable": True, "list_price": 80.0, "invoice_policy": "delivery"}
        )
        for item in product | pipe:
            env["stock.quant"]._update_available_quantity(item, warehouse.lot_stock_id, 100)
        customer = env["res.partner"].create(
            {"name": "RPC Guangshui Store", "is_company": True, "user_id": users["salesperson"].id}
        )
        order = env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": users["salesperson"].id,
                "order_line": [
                    Command.create({"product_id": item.id, "product_uom_qty": 10, "price_unit": 12})
                    for item in product | pipe
                ],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        delivery.move_ids.picked = True
        delivery.button_validate()
        report = (
            env["cs.return.report"]
            .with_user(users["salesperson"])
            .create(
                {
                    "partner_id": customer.id,
                    "picking_id": delivery.id,
                    "line_ids": [
                        Command.create(
                            {"product_id": product.id, "quantity": 2, "reason_id": damaged.id, "price_unit": 12.0}
                        )
                    ],
                }
            )
        )
        submitted_report = report.copy(
            {"line_ids": [Command.create({"product_id": pipe.id, "quantity": 1, "reason_id": damaged.id})]}
        )
        (report | submitted_report).action_submit()
        report = report.with_user(env.user)
        report.action_approve()
        stock_count = env["cs.stock.count"].create(
            {
                "product_id": product.id,
                "location_id": warehouse.lot_stock_id.id,
                "system_qty": 100,
                "counted_qty": 99,
                "user_id": users["stock_user"].id,
            }
        )
        # an inventory adjustment the stock user filed from Physical Inventory, waiting for approval
        quant = (
            env["stock.quant"]
            .with_user(users["stock_user"])
            .search([("product_id", "=", product.id), ("location_id", "=", warehouse.lot_stock_id.id)])
        )
        quant.inventory_quantity = 97
        adjustment = env["cs.stock.adjustment"].browse(
            env["stock.inventory.adjustment.name"]
            .with_user(users["stock_user"])
            .create({"quant_ids": [Command.set(quant.ids)], "inventory_adjustment_name": "RPC weekly count"})
            .action_apply()["res_id"]
        )

        # e-settlement: an agreement signed at the bank, its batch, the imported result
        ccb = env.ref("customer_service_dept.res_bank_ccb")
        Partner = env["res.partner"]
        retailers = Partner.create(
            [
                {
                    "name": f"RPC Retailer {i}",
                    "is_company": True,
                    "cs_is_retailer": True,
                    "cs_retailer_code": f"42139900000{i}",
                    "cs_registered_name": "Zhang San",
                    "cs_visit_phone": f"1380000000{i}",
                    "cs_order_method": "phone",
                    # a maintained marketing profile: signing goes in step with it
                    "cs_market_department": "Zengdu market department",
                    "cs_market_type": "city",
                    "cs_customer_type": "individual",
                    "cs_business_format": "convenience",
                    "cs_delivery_route": "Route 1",
                    "cs_customer_manager_id": env.ref("base.user_admin").id,
                    "cs_id_card_number": ID_CARD,
                }
                for i in range(5)
            ]
        )
        pdf = base64.b64encode(b"%PDF-1.4 test")
        attachments = env["ir.attachment"].create(
            [{"name": "page1.pdf", "datas": pdf}, {"name": "copy.pdf", "datas": pdf}]
        )
        agreement, draft_agreement, at_bank_agreement = env["cs.settlement.agreement"].create(
            [
                {
                    "partner_id": retailer.id,
                    "bank_id": ccb.id,
                    "account_holder": "Zhang San",
                    "account_number": luhn_complete(f"62270000000000000{i}"),
                    "account_kind": "card",
                    "transfer_number": f"RPC0000{i}",
                    "id_card_number": ID_CARD,
                    "page1_attachment_ids": [Command.set(attachments[:1].ids)],
                    "photocopy_attachment_ids": [Command.set(attachments[1:].ids)],
                }
                for i, retailer in ((1, retailers[0]), (4, retailers[3]), (5, retailers[4]))
            ]
        )
        at_bank_agreement.action_verify()
        env["cs.settlement.batch"].browse(at_bank_agreement.action_create_batches()["domain"][0][2]).action_send()
        agreement.action_verify()
        batch = env["cs.settlement.batch"].browse(agreement.action_create_batches()["domain"][0][2])
        batch.action_send()
        content = f'转账银行编号,签约结果\n{retailers[0].cs_retailer_code},"1,200.00"\n'
        env["cs.settlement.import"].with_user(users["accountant"]).create(
            {"file": base64.b64encode(content.encode()), "file_name": "rpc.csv", "batch_id": batch.id}
        ).action_import()
        result = agreement.result_ids
        phone_change = env["cs.retailer.phone.change"].create(
            {"partner_id": retailers[1].id, "new_phone": "13900000009", "kind": "long_term"}
        )
        # the market department director's four-party interaction (四员互动) is attached
        interaction = env["ir.attachment"].create({"name": "四员互动.jpg", "datas": base64.b64encode(b"4")})
        phone_change.action_submit()
        phone_change.interaction_attachment_ids = [Command.link(interaction.id)]
        phone_change.action_confirm()
        waiting_change = phone_change.create(
            {"partner_id": retailers[1].id, "new_phone": "13900000008", "kind": "long_term"}
        )
        waiting_change.action_submit()
        waiting_change.interaction_attachment_ids = [Command.link(interaction.id)]
        retailers[2].cs_order_method = "visit"
        method_change = env["cs.order.method.change"].search([("partner_id", "=", retailers[2].id)])
        method_change.action_review()

        # an answered inquiry of the CS user, a new one to answer, a team and a deadline rule
        Request = env["cs.service.request"].with_user(users["cs_user"])
        service_request, new_request = Request.create(
            [
                {"partner_id": client.id, "subject": subject, "answer": "<p>120 yuan per box</p>"}
                for subject in ("Price of the spring tea", "Price of the summer tea")
            ]
        )
        service_request.action_answer()
        service_request = service_request.with_user(env.user)
        team, spare_team = env["cs.service.team"].create(
            [{"name": "RPC Service", "company_id": cls.company.id}, {"name": "RPC Spare Service"}]
        )
        deadline, spare_deadline = env["cs.service.deadline"].create(
            [
                {"request_type": "request", "channel": "visit", "hours": 8, "company_id": cls.company.id},
                {"request_type": "request", "channel": "letter", "hours": 48, "company_id": cls.company.id},
            ]
        )

        # order discipline (issue 17): a reason of a refused order, a category rule, a change waiting for the
        # customer, and an inquiry line of the CS user's open inquiry
        order = env["sale.order"].create(
            {"partner_id": customer.id, "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})]}
        )
        disqualification = env["cs.order.disqualification"].create(
            {"order_id": order.id, "rule": "customer", "message": "No client code", "date": fields.Datetime.now()}
        )
        client_ref = env["ir.model.fields"]._get("sale.order", "client_order_ref")
        pipes = env["product.category"].create({"name": "RPC Steel Pipes"})
        required_field = env["cs.order.required.field"].create(
            {"categ_id": pipes.id, "field_id": client_ref.id, "company_id": cls.company.id}
        )
        with cs_transition("cs.order.change"):
            order_change = env["cs.order.change"].create(
                {
                    "order_id": order.id,
                    "change_type": "quantity",
                    "old_value": "1 Units",
                    "new_value": "2 Units",
                    "changed_by_id": users["cs_user"].id,
                    "change_date": fields.Datetime.now(),
                }
            )
        inquiry_line = env["cs.service.request.line"].create(
            {"request_id": new_request.id, "product_id": product.id, "quantity": 5}
        )

        # a done visit of the CS manager (a customer manager) whose need became a service request
        visit = (
            env["cs.customer.visit"]
            .with_user(users["cs_manager"])
            .create(
                {
                    "partner_id": client.id,
                    "findings": "Steady sales",
                    "need_ids": [Command.create({"name": "RPC rack", "promised_date": today + timedelta(days=5)})],
                }
            )
        )
        visit.action_done()
        holiday = env["cs.holiday"].create({"name": "RPC holiday", "date": today})
        reminder = env["cs.relationship.reminder"].create(
            {
                "partner_id": client.id,
                "customer_id": client.id,
                "company_id": cls.company.id,
                "occasion": "birthday",
                "occasion_date": today,
                "user_id": users["cs_manager"].id,
            }
        )

        assert agreement.state == "signed" and batch.state == "done" and result, "settlement fixture"
        assert visit.state == "done" and visit.need_ids.request_id, "visit fixture"
        # announcements (公告发布): a customer manager announcement published to every retailer, and a draft
        announcement_type, spare_announcement_type = env["cs.announcement.type"].create(
            [
                {"name": name, "kind": "customer_manager", "company_id": cls.company.id}
                for name in ("RPC 客户经理公告", "RPC 备用公告类型")
            ]
        )
        announcement, draft_announcement = env["cs.announcement"].create(
            [
                {"name": name, "body": "<p>RPC</p>", "type_id": announcement_type.id, "company_id": cls.company.id}
                for name in ("RPC 春节订货安排", "RPC 价格调整通知")
            ]
        )
        announcement.action_publish()

        assert ticket.state == "approved" and report.state == "approved" and solution.state == "approved"
        assert contact.state == "sent" and callback.state == "done" and phone_change.state == "done"
        assert method_change.reviewed and adjustment.state == "to_approve"
        assert submitted_ticket.state == "submitted" and submitted_report.state == "submitted"
        assert proposed_solution.state == "proposed" and waiting_change.state == "to_confirm"
        assert draft_agreement.state == "draft" and at_bank_agreement.state == "sent"
        cls.action_records = {
            ("cs.job.ticket", "action_approve"): submitted_ticket,
            ("cs.complaint.solution", "action_approve"): proposed_solution,
            ("cs.return.report", "action_approve"): submitted_report,
            ("cs.settlement.agreement", "action_verify"): draft_agreement,
            ("cs.settlement.agreement", "action_mark_signed"): at_bank_agreement,
            ("cs.retailer.phone.change", "action_confirm"): waiting_change,
            ("cs.service.request", "action_answer"): new_request,
            ("cs.stock.adjustment", "action_approve"): adjustment,
            ("cs.announcement", "action_publish"): draft_announcement,
            ("cs.announcement", "action_withdraw"): announcement,
        }

        # valid values, so that a refusal comes from the guard and not from a check of the value
        cls.value_overrides = {
            ("cs.callback", "done_date"): fields.Date.to_string(today - timedelta(days=2)),
            ("cs.return.report.line", "product_id"): pipe.id,
            ("cs.settlement.agreement", "account_number"): luhn_complete("622700000000000003"),
        }

        def spec(record, create, write_record=None, unlink_record=None):
            return {
                "record": record,
                "write_record": write_record or record,
                "unlink_record": unlink_record or record,
                "create": create,
            }

        cls.fixtures = {
            "cs.department": spec(department, {"name": "RPC New", "code": "RPCNW"}, spare_department, spare_department),
            "cs.job.ticket": spec(ticket, {"title": "Banner", "partner_id": client.id, "department_id": department.id}),
            "cs.job.time": spec(job_time, {"ticket_id": ticket.id, "hours": 1.0}),
            "cs.contact.report": spec(contact, {"name": "Phone call", "partner_id": client.id}),
            "cs.contact.report.confirmation": spec(
                contact.confirmation_ids, {"report_id": contact.id, "partner_id": client.id}
            ),
            "cs.job.weekly.report.log": spec(
                sent_log,
                {"company_id": cls.company.id, "week": "2026-03-09", "kind": "monday", "partner_id": client.id},
            ),
            "cs.complaint": spec(complaint, {"partner_id": client.id, "content": "Late delivery"}),
            "cs.complaint.solution": spec(solution, {"complaint_id": complaint.id, "name": "Refund"}),
            "cs.complaint.stage": spec(stage, {"name": "RPC new stage"}),
            "cs.complaint.category": spec(category, {"name": "RPC new category"}),
            "cs.callback": spec(callback, {"partner_id": client.id}),
            "cs.return.reason": spec(reason, {"name": "RPC new reason"}),
            "cs.return.report": spec(report, {"partner_id": customer.id, "picking_id": delivery.id}),
            "cs.return.report.line": spec(
                report.line_ids[:1],
                {"report_id": report.id, "product_id": product.id, "quantity": 1, "reason_id": damaged.id},
            ),
            "cs.settlement.agreement": spec(
                agreement,
                {
                    "partner_id": retailers[1].id,
                    "bank_id": ccb.id,
                    "account_holder": "Li Si",
                    "account_number": luhn_complete("622700000000000002"),
                    "account_kind": "card",
                    "transfer_number": "RPC00002",
                },
            ),
            "cs.settlement.batch": spec(batch, {"bank_id": ccb.id}),
            "cs.settlement.result": spec(result, {"key": retailers[1].cs_retailer_code, "outcome": "signed"}),
            "cs.settlement.batch.line": spec(
                agreement.batch_line_ids, {"batch_id": batch.id, "agreement_id": agreement.id, "outcome": "signed"}
            ),
            "cs.retailer.phone.change": spec(phone_change, {"partner_id": retailers[1].id, "new_phone": "13700000007"}),
            "cs.order.method.change": spec(method_change, {"partner_id": retailers[1].id, "new_method": "online"}),
            "cs.service.request": spec(service_request, {"partner_id": client.id, "subject": "Saturday delivery?"}),
            "cs.service.team": spec(team, {"name": "RPC New Service"}, spare_team, spare_team),
            "cs.service.deadline": spec(
                deadline,
                {"request_type": "request", "channel": "other", "hours": 2, "company_id": cls.company.id},
                spare_deadline,
                spare_deadline,
            ),
            "cs.stock.count": spec(
                stock_count, {"product_id": product.id, "location_id": warehouse.lot_stock_id.id, "counted_qty": 1}
            ),
            "cs.order.disqualification": spec(
                disqualification,
                {"order_id": order.id, "rule": "price", "message": "RPC", "date": "2026-03-10 02:00:00"},
            ),
            "cs.order.required.field": spec(required_field, {"categ_id": pipes.id, "field_id": client_ref.id}),
            "cs.order.change": spec(
                order_change,
                {
                    "order_id": order.id,
                    "change_type": "date",
                    "changed_by_id": users["cs_user"].id,
                    "change_date": "2026-03-10 02:00:00",
                },
            ),
            "cs.service.request.line": spec(
                inquiry_line, {"request_id": new_request.id, "product_id": product.id, "quantity": 2}
            ),
            "cs.stock.adjustment": spec(adjustment, {"reason": "RPC count", "company_id": cls.company.id}),
            "cs.customer.visit": spec(visit, {"partner_id": client.id}),
            "cs.customer.visit.need": spec(
                visit.need_ids,
                {"visit_id": visit.id, "name": "RPC need", "promised_date": fields.Date.to_string(today)},
            ),
            "cs.holiday": spec(holiday, {"name": "RPC new holiday", "date": "2026-12-01"}),
            "cs.relationship.reminder": spec(
                reminder,
                {
                    "partner_id": client.id,
                    "company_id": cls.company.id,
                    "occasion": "anniversary",
                    "occasion_date": fields.Date.to_string(today),
                },
            ),
            "cs.announcement.type": spec(
                announcement_type,
                {"name": "RPC 网上订货公告", "kind": "customer_manager"},
                spare_announcement_type,
                spare_announcement_type,
            ),
            "cs.announcement": spec(announcement, {"name": "RPC 新公告", "type_id": announcement_type.id}),
            "cs.announcement.recipient": spec(
                announcement.recipient_ids[:1],
                {"announcement_id": announcement.id, "partner_id": client.id, "company_id": cls.company.id},
            ),
            "cs.stock.adjustment.line": spec(
                adjustment.line_ids,
                {"adjustment_id": adjustment.id, "product_id": pipe.id, "location_id": warehouse.lot_stock_id.id},
            ),
        }

    @classmethod
    def _other_value(cls, record, fname):
        """A valid JSON value for ``fname`` that differs from the record's."""
        field = record._fields[fname]
        value = record[fname]
        if field.type == "many2one":
            other = (
                cls.env[field.comodel_name].with_context(active_test=False).search([("id", "!=", value.id)], limit=1)
            )
            return other.id
        if field.type == "selection":
            selection = field._description_selection(cls.env)
            return next(key for key, _label in selection if key != value)
        if field.type == "boolean":
            return not value
        if field.type in ("integer", "float", "monetary"):
            return (value or 0) + 1
        if field.type == "date":
            return "2020-01-02"
        if field.type == "datetime":
            return "2020-01-02 03:04:05"
        if field.type == "html":
            return "<p>Changed over RPC</p>"
        return "Changed over RPC"

    # ------------------------------------------------------------------ HTTP
    def _call(self, role, model, method, args, kwargs=None):
        """One JSON-RPC ``execute_kw`` as ``role``; the database is rolled back to before it."""
        user = self.users[role]
        kwargs = {**(kwargs or {}), "context": dict.fromkeys(self.context_keys, True)}
        self.cr.execute("SAVEPOINT rpc_matrix_cell")
        try:
            answer = execute_kw(self, user, user.login, model, method, args, kwargs)
        finally:
            # the request ran in a savepoint of the test cursor: undo what the call did
            self.cr.execute("ROLLBACK TO SAVEPOINT rpc_matrix_cell")
            self.cr.execute("RELEASE SAVEPOINT rpc_matrix_cell")
        reply = answer
        if "error" not in reply:
            return "ok", ""
        data = reply["error"].get("data") or {}
        name = (data.get("name") or "").rsplit(".", 1)[-1]
        message = (data.get("message") or reply["error"].get("message") or "").strip().splitlines()
        message = message[0][:160] if message else ""
        if name in DENIED:
            return "denied", f"{name}: {message}"
        return f"error {name}", message

    def _run_cell(self, role, model, operation, fname):
        spec = self.fixtures[model]
        if operation == "read":
            record = spec["record"]
            names = ["display_name"] + [f for f in (rpc_matrix.MATRIX[model]["state"],) if f]
            return self._call(role, model, "read", [record.ids, names])
        if operation == "create":
            return self._call(role, model, "create", [[spec["create"]]])
        if operation == "unlink":
            return self._call(role, model, "unlink", [spec["unlink_record"].ids])
        if operation == "action":
            return self._call(role, model, fname, [self.action_records[(model, fname)].ids])
        record = spec["record"] if fname else spec["write_record"]
        fname = fname or rpc_matrix.WRITE_FIELDS[model]
        vals = {fname: self.values[(model, fname)]}
        return self._call(role, model, "write", [record.ids, vals])

    def _state_of(self, model):
        record = self.fixtures[model]["record"]
        state = rpc_matrix.MATRIX[model]["state"]
        return (bool(record.exists()), str(record[state]) if state else None)

    # ------------------------------------------------------------------ test
    def test_every_role_every_document_every_operation(self):
        """Issue 9: read, create, write of each protected field, write of the state and
        unlink of a real record of every addon model, as each role, over HTTP, with
        every context key of the addon set; the outcome of each cell is the matrix's."""
        self.assertTrue(self.context_keys, "no context key found in the addon's source")
        sample = (
            "a = self.env.context.get('k_get')\nb = self._context['k_item']\nc = 'k_in' in ctx\n"
            "d = x.with_context(cs_kw=1, lang='zh_CN')\ne = x.with_context({'cs_dict': 1})\n"
            "f = dict(self.env.context, cs_dict_kw=1)\n"
        )
        self.assertEqual(context_keys_of_source(sample), {"k_get", "k_item", "k_in", "cs_kw", "cs_dict", "cs_dict_kw"})
        _logger.info("RPC matrix context keys: %s", ", ".join(sorted(self.context_keys)))

        # every addon model with a table has a row (new models cannot be forgotten)
        model_names = self.env["ir.model.data"].search(
            [("module", "=", "customer_service_dept"), ("model", "=", "ir.model")]
        )
        addon_models = {
            name
            for name in self.env["ir.model"].browse(model_names.mapped("res_id")).mapped("model")
            if name in self.env
            and self.env[name]._original_module == "customer_service_dept"
            and not self.env[name]._abstract
            and not self.env[name]._transient
            and self.env[name]._auto
        }
        self.assertEqual(
            addon_models - set(rpc_matrix.MATRIX),
            set(),
            "addon models without a row in tests/rpc_matrix.py: add their expected access",
        )
        self.assertEqual(set(rpc_matrix.MATRIX) - addon_models, set(), "rows of rpc_matrix.py for no model")

        # a real password login works for every role
        for role, user in self.users.items():
            response = self.url_open(
                "/web/session/authenticate",
                json={"jsonrpc": "2.0", "params": {"db": get_db_name(), "login": user.login, "password": user.login}},
                timeout=60,
            )
            self.assertEqual(response.json().get("result", {}).get("uid"), user.id, f"password login of {role}")

        self.values = {}
        for model, spec in self.fixtures.items():
            row = rpc_matrix.MATRIX[model]
            for fname in (*row["protected"], row["state"], rpc_matrix.WRITE_FIELDS.get(model)):
                if fname:
                    record = spec["record"] if fname != rpc_matrix.WRITE_FIELDS.get(model) else spec["write_record"]
                    self.values[(model, fname)] = self.value_overrides.get((model, fname)) or self._other_value(
                        record, fname
                    )
        # /jsonrpc warns once per call that it is deprecated in Odoo 19: keep the log readable
        rpc_logger = logging.getLogger("odoo.addons.rpc.controllers.jsonrpc")
        self.addCleanup(rpc_logger.setLevel, rpc_logger.level)
        rpc_logger.setLevel(logging.ERROR)
        states = {model: self._state_of(model) for model in self.fixtures}
        self.env.flush_all()

        mismatches, lines, reasons = [], [], {}
        for model in rpc_matrix.MATRIX:
            for operation, fname, allowed in rpc_matrix.operations(model):
                label = rpc_matrix.cell_label(operation, fname)
                row = []
                for role in rpc_matrix.ROLES:
                    expected = "ok" if role in allowed else "denied"
                    actual, detail = self._run_cell(role, model, operation, fname)
                    mark = "ok" if actual == "ok" else "no"
                    if detail and operation != "read":
                        reasons.setdefault(f"{model} {label}", set()).add(detail[:140])
                    if actual != expected:
                        mark += "!"
                        mismatches.append(f"{model} | {role} | {label} | expected {expected} | got {actual} {detail}")
                    row.append(mark)
                lines.append(f"{model:26} {label:36} " + " ".join(f"{m:4}" for m in row))
        # each call was rolled back: every record is still there, in its state
        self.env.invalidate_all()
        self.assertEqual({model: self._state_of(model) for model in self.fixtures}, states)
        header = f"{'model':26} {'operation':36} " + " ".join(f"{r[:4]:4}" for r in rpc_matrix.ROLES)
        _logger.info("RPC access matrix (actual; ! = not the expected outcome)\n%s\n%s", header, "\n".join(lines))
        _logger.info(
            "RPC access matrix: why cells were refused\n%s",
            "\n".join(f"{cell}: {' / '.join(sorted(why))}" for cell, why in reasons.items()),
        )
        if mismatches:
            self.fail(f"{len(mismatches)} cells of the access matrix are not as expected:\n" + "\n".join(mismatches))
