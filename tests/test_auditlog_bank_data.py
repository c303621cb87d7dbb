"""Issue 11 item 5: the audit log of bank data through OCA ``auditlog``.

Who read, gave, changed or deleted an account number, a transfer bank number or
an ID card number of an agreement, a bank account or a retailer, and when; only
Customer Service managers and settlement accountants read that log.
"""

import logging

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from ..controllers.dataset import reads_audited_fields
from ..models.rules import luhn_complete
from . import rpc_matrix
from .common_rpc import execute_kw
from .common_settlement import ID_1
from .common_settlement import ID_2
from .common_settlement import SettlementCommon

AGREEMENT = "cs.settlement.agreement"


class AuditCommon:
    """Reading the log back, as the administrator (the audit, not the action under test)."""

    def audit_lines(self, record, method=None, field=None):
        domain = [("log_id.model_model", "=", record._name), ("log_id.res_id", "in", record.ids)]
        if method:
            domain.append(("log_id.method", "=", method))
        if field:
            domain.append(("field_name", "=", field))
        self.env.invalidate_all()
        return self.env["auditlog.log.line"].sudo().search(domain, order="id")


class TestBankDataAuditLog(AuditCommon, SettlementCommon):
    """001 L14 「建立客戶信息查閱權限制,未經許可,不得隨意調閱客戶檔案」 and 004 三(三)1
    「妥善保管客戶信息,不得泄露給任何無關人員」: who consulted or changed a retailer's bank
    account and ID card numbers, and when, is on record. ``self.cs_user`` holds only
    ``group_cs_user`` (tests/common.py)."""

    def test_rules_are_subscribed_at_install(self):
        """A fresh database logs: the three rules are confirmed, each limited to its numbers,
        and auditlog's "View logs" action shows only to the log's readers."""
        expected = {
            "auditlog_rule_cs_settlement_agreement": (
                AGREEMENT,
                {"account_number", "id_card_number", "transfer_number"},
            ),
            "auditlog_rule_res_partner_bank": ("res.partner.bank", {"acc_number", "sanitized_acc_number"}),
            "auditlog_rule_res_partner": ("res.partner", {"cs_id_card_number"}),
        }
        readers = (
            self.env.ref("customer_service_dept.group_cs_manager")
            | self.env.ref("customer_service_dept.group_cs_settlement_accountant")
            | self.env.ref("auditlog.group_auditlog_user")
        )
        for xmlid, (model, names) in expected.items():
            rule = self.env.ref(f"customer_service_dept.{xmlid}")
            self.assertEqual(rule.state, "confirmed", xmlid)
            self.assertEqual(rule.model_id.model, model)
            self.assertTrue(rule.log_read and rule.log_write and rule.log_create and rule.log_unlink)
            self.assertEqual(rule.log_type, "full")
            self.assertEqual(set(rule.cs_field_ids.mapped("name")), names)
            self.assertEqual(rule.action_id.group_ids, readers)
            self.assertTrue(getattr(type(self.env[model]).read, "origin", None), f"{model}.read is not logged")

    def test_a_rule_set_to_draft_stops_logging_and_restores_the_methods(self):
        """An administrator stops a rule (auditlog's Set to Draft, also what uninstalling does):
        the model's methods are auditlog-free again, ``search_read`` included."""
        rule = self.env.ref("customer_service_dept.auditlog_rule_cs_settlement_agreement")
        Agreement = type(self.env[AGREEMENT])
        self.addCleanup(rule._cs_subscribe, ["customer_service_dept.auditlog_rule_cs_settlement_agreement"])
        rule.set_to_draft()
        for name in ("read", "search_read", "write", "create", "unlink"):
            self.assertFalse(name in vars(Agreement), f"{name} is still patched")
        agreement = self.make_agreement()
        agreement.with_user(self.cs_user).read(["account_number"])
        self.env[AGREEMENT].with_user(self.cs_user).search_read([("id", "=", agreement.id)], ["account_number"])
        self.assertFalse(self.audit_lines(agreement))
        rule._cs_subscribe(["customer_service_dept.auditlog_rule_cs_settlement_agreement"])
        self.assertEqual(rule.state, "confirmed")
        agreement.with_user(self.cs_user).read(["account_number"])
        self.assertEqual(len(self.audit_lines(agreement, "read")), 1)

    def test_cs_user_read_of_an_account_number_is_logged(self):
        """A CS user reads an agreement's account number: one audit line names the user, the
        model, the record and the field, with the number read."""
        agreement = self.make_agreement()
        values = agreement.with_user(self.cs_user).read(["account_number", "state"])
        self.assertEqual(values[0]["account_number"], agreement.account_number)
        line = self.audit_lines(agreement, "read")
        self.assertEqual(len(line), 1, "only the number is logged, not the state")
        self.assertEqual(line.field_name, "account_number")
        self.assertEqual(line.old_value, agreement.account_number)
        log = line.log_id
        self.assertEqual(log.user_id, self.cs_user)
        self.assertEqual(log.model_id.model, AGREEMENT)
        self.assertEqual(log.res_id, agreement.id)
        self.assertEqual(log.name, agreement.display_name)
        self.assertTrue(log.create_date)

    def test_web_client_read_is_logged(self):
        """The form and the list of the web client read through ``web_read`` /
        ``web_search_read``: both are logged."""
        agreement = self.make_agreement()
        Agreement = self.env[AGREEMENT].with_user(self.cs_user)
        spec = {"account_number": {}, "id_card_number": {}, "partner_id": {"fields": {"display_name": {}}}}
        Agreement.browse(agreement.id).web_read(spec)
        self.assertEqual(
            sorted(self.audit_lines(agreement, "read").mapped("field_name")), ["account_number", "id_card_number"]
        )
        Agreement.web_search_read([("id", "=", agreement.id)], {"account_number": {}})
        self.assertEqual(len(self.audit_lines(agreement, "read", "account_number")), 2)

    def test_search_read_is_logged(self):
        """``search_read`` formats the records without ``read``: logged all the same."""
        agreement = self.make_agreement()
        self.env[AGREEMENT].with_user(self.cs_user).search_read([("id", "=", agreement.id)], ["transfer_number"])
        line = self.audit_lines(agreement, "read")
        self.assertEqual(line.mapped("field_name"), ["transfer_number"])
        self.assertEqual(line.log_id.user_id, self.cs_user)

    def test_caller_context_cannot_silence_the_log(self):
        """auditlog skips a read when the context holds ``auditlog_disabled_read``; a caller's
        context is the caller's, so the key is ignored outside auditlog's own processing."""
        agreement = self.make_agreement()
        quiet = self.env[AGREEMENT].with_user(self.cs_user).with_context(auditlog_disabled_read=True)
        quiet.browse(agreement.id).read(["account_number"])
        quiet.browse(agreement.id).web_read({"id_card_number": {}})
        quiet.search_read([("id", "=", agreement.id)], ["transfer_number"])
        self.assertEqual(
            sorted(self.audit_lines(agreement, "read").mapped("field_name")),
            ["account_number", "id_card_number", "transfer_number"],
        )

    def test_reading_other_fields_logs_nothing(self):
        """Only the numbers are audited: reading the state and the bank writes no log."""
        agreement = self.make_agreement()
        agreement.with_user(self.cs_user).read(["state", "bank_id", "account_holder"])
        self.assertFalse(self.audit_lines(agreement, "read"))
        retailer = self.make_retailer("Hubei Grocery")
        retailer.with_user(self.cs_user).read(["name", "cs_id_card_number"])
        self.assertFalse(self.audit_lines(retailer, "read"), "a contact without an ID card number reveals nothing")

    def test_write_of_the_account_number_logs_old_and_new(self):
        """A CS user corrects the account number of a draft agreement: the log keeps the
        old and the new number, the user and the field."""
        agreement = self.make_agreement()
        old = agreement.account_number
        new = luhn_complete("622700999999999999")
        agreement.with_user(self.cs_user).write({"account_number": new, "account_holder": "Zhang Si"})
        line = self.audit_lines(agreement, "write")
        self.assertEqual(len(line), 1, "the holder's name is not audited")
        self.assertEqual((line.field_name, line.old_value, line.new_value), ("account_number", old, new))
        self.assertEqual(line.log_id.user_id, self.cs_user)

    def test_numbers_given_at_creation_are_logged(self):
        agreement = self.make_agreement()
        lines = self.audit_lines(agreement, "create")
        self.assertEqual(
            {line.field_name: line.new_value for line in lines},
            {
                "account_number": agreement.account_number,
                "id_card_number": ID_1,
                "transfer_number": agreement.transfer_number,
            },
        )

    def test_retailer_id_card_number_read_and_change_are_logged(self):
        """The retailer profile's ID card number: a read and a correction by a CS user."""
        retailer = self.make_retailer("Suizhou Ginkgo Market", cs_id_card_number=ID_1)
        as_user = retailer.with_user(self.cs_user)
        self.assertEqual(as_user.read(["cs_id_card_number"])[0]["cs_id_card_number"], ID_1)
        read = self.audit_lines(retailer, "read")
        self.assertEqual(
            (read.field_name, read.old_value, read.log_id.user_id), ("cs_id_card_number", ID_1, self.cs_user)
        )
        as_user.write({"cs_id_card_number": ID_2, "cs_delivery_route": "Route 3"})
        write = self.audit_lines(retailer, "write")
        self.assertEqual((write.field_name, write.old_value, write.new_value), ("cs_id_card_number", ID_1, ID_2))
        # a contact's other changes are not audited
        as_user.write({"cs_delivery_route": "Route 4"})
        self.assertEqual(len(self.audit_lines(retailer, "write")), 1)

    def test_bank_account_number_read_change_and_deletion_are_logged(self):
        retailer = self.make_retailer("Xiangyang Corner Shop")
        bank_account = self.env["res.partner.bank"].create(
            {"partner_id": retailer.id, "acc_number": "6217 0000 1111 2222", "bank_id": self.ccb.id}
        )
        as_user = bank_account.with_user(self.cs_user)
        as_user.read(["acc_number"])
        read = self.audit_lines(bank_account, "read")
        self.assertEqual((read.field_name, read.old_value), ("acc_number", "6217 0000 1111 2222"))
        as_user.write({"acc_number": "6217 0000 1111 3333"})
        changed = self.audit_lines(bank_account, "write", "acc_number")
        self.assertEqual((changed.old_value, changed.new_value), ("6217 0000 1111 2222", "6217 0000 1111 3333"))
        as_user.unlink()
        deleted = self.audit_lines(bank_account, "unlink", "acc_number")
        self.assertEqual((deleted.old_value, deleted.log_id.user_id), ("6217 0000 1111 3333", self.cs_user))

    def test_cs_user_cannot_read_the_log(self):
        """The log of who read the numbers is not for the people who read them."""
        agreement = self.make_agreement()
        agreement.with_user(self.cs_user).read(["account_number"])
        for model in ("auditlog.log", "auditlog.log.line", "auditlog.log.line.view"):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.cs_user).search_read([], ["id"])
        for user in (self.employee, self.env.ref("base.public_user")):
            with self.assertRaises(AccessError):
                self.env["auditlog.log"].with_user(user).search_read([], ["id"])
        menu = self.env.ref("customer_service_dept.auditlog_log_line_view_menu_cs_bank_data")
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.cs_user)._visible_menu_ids())

    def test_manager_and_accountant_read_the_bank_data_log_only(self):
        """CS managers and settlement accountants read the lines of the bank data, through
        their menu; what other auditlog rules log stays with the administrators."""
        agreement = self.make_agreement()
        agreement.with_user(self.cs_user).read(["account_number"])
        users_model = self.env["ir.model"]._get("res.users")
        other = (
            self.env["auditlog.log"]
            .sudo()
            .create({"model_id": users_model.id, "res_id": self.cs_user.id, "method": "read", "user_id": self.env.uid})
        )
        menu = self.env.ref("customer_service_dept.auditlog_log_line_view_menu_cs_bank_data")
        for user in (self.cs_manager, self.accountant):
            logs = (
                self.env["auditlog.log"]
                .with_user(user)
                .search([("res_id", "in", (agreement.id, self.cs_user.id)), ("method", "=", "read")])
            )
            self.assertEqual(logs.mapped("model_model"), [AGREEMENT], user.login)
            self.assertEqual(logs.user_id, self.cs_user)
            lines = (
                self.env["auditlog.log.line.view"]
                .with_user(user)
                .search_read(
                    [("res_id", "=", agreement.id), ("model_model", "=", AGREEMENT), ("method", "=", "read")],
                    ["user_id", "method", "field_name", "old_value_text"],
                )
            )
            self.assertEqual(
                [(r["user_id"][0], r["method"], r["field_name"], r["old_value_text"]) for r in lines],
                [(self.cs_user.id, "read", "account_number", agreement.account_number)],
            )
            self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(user)._visible_menu_ids())
            with self.assertRaises(AccessError):
                logs.with_user(user).write({"name": "tampered"})
            with self.assertRaises(AccessError):
                logs.with_user(user).unlink()
        self.assertTrue(other.with_user(self.env.ref("base.user_admin")).read(["id"]))


@tagged("post_install", "-at_install")
class TestBankDataAuditLogRpc(AuditCommon, HttpCase):
    """The same over the wire, as the role's own client: Odoo's JSON-RPC and the web client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        base = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)], "tz": "Asia/Shanghai"}
        cls.users = {
            role: new_test_user(cls.env, f"audit_{role}", groups=rpc_matrix.ROLE_GROUPS[role], **base)
            for role in rpc_matrix.ROLES
            if role not in ("job_member", "job_manager")
        }
        retailer = cls.env["res.partner"].create(
            {
                "name": "Audit Zengdu Store",
                "is_company": True,
                "company_id": cls.company.id,
                "cs_is_retailer": True,
                "cs_retailer_code": "421300990001",
                "cs_registered_name": "Zhang San",
            }
        )
        cls.agreement = cls.env[AGREEMENT].create(
            {
                "partner_id": retailer.id,
                "company_id": cls.company.id,
                "bank_id": cls.env.ref("customer_service_dept.res_bank_ccb").id,
                "account_holder": "Zhang San",
                "account_number": luhn_complete("622700000000990001"),
                "account_kind": "card",
                "transfer_number": "T990001",
                "id_card_number": ID_1,
            }
        )
        # /jsonrpc warns once per call that it is deprecated in Odoo 19
        rpc_logger = logging.getLogger("odoo.addons.rpc.controllers.jsonrpc")
        cls.addClassCleanup(rpc_logger.setLevel, rpc_logger.level)
        rpc_logger.setLevel(logging.ERROR)

    def test_rpc_read_of_an_account_number_is_logged(self):
        """A CS user reads the account number over JSON-RPC, asking auditlog not to log:
        the line is written all the same, naming the user, the record and the field."""
        user = self.users["cs_user"]
        answer = execute_kw(
            self,
            user,
            user.login,
            AGREEMENT,
            "read",
            [self.agreement.ids, ["account_number"]],
            {"context": {"auditlog_disabled_read": True}},
        )
        self.assertEqual(
            answer.get("result"), [{"id": self.agreement.id, "account_number": self.agreement.account_number}]
        )
        line = self.audit_lines(self.agreement, "read")
        self.assertEqual((line.field_name, line.old_value), ("account_number", self.agreement.account_number))
        self.assertEqual((line.log_id.user_id, line.log_id.res_id), (user, self.agreement.id))

        execute_kw(
            self, user, user.login, AGREEMENT, "search_read", [[("id", "=", self.agreement.id)], ["id_card_number"]]
        )
        self.assertEqual(self.audit_lines(self.agreement, "read", "id_card_number").log_id.user_id, user)

    def _web_call(self, model, method, args, kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def test_web_client_read_is_logged_in_one_go(self):
        """The web client reads through ``web_read`` and ``search_read``, which Odoo serves on a
        read-only cursor (with a replica, and in tests): a read that reaches a logged number, on
        the agreement itself or in the retailer's list of agreements, gets a read/write cursor,
        so the log is written without Odoo failing the request and retrying it."""
        user = self.users["cs_user"]
        self.authenticate(user.login, user.login)
        retailer = self.agreement.partner_id
        with self.assertNoLogs("odoo.http", "WARNING"), self.assertNoLogs("odoo.sql_db", "ERROR"):
            result = self._web_call(
                AGREEMENT, "web_read", [self.agreement.ids], {"specification": {"account_number": {}, "state": {}}}
            )
            nested = self._web_call(
                "res.partner",
                "web_read",
                [retailer.ids],
                {"specification": {"name": {}, "cs_settlement_agreement_ids": {"fields": {"id_card_number": {}}}}},
            )
            self._web_call(AGREEMENT, "search_read", [[("id", "=", self.agreement.id)], ["transfer_number"]], {})
        self.assertEqual(result[0]["account_number"], self.agreement.account_number)
        self.assertEqual(nested[0]["cs_settlement_agreement_ids"][0]["id_card_number"], ID_1)
        lines = self.audit_lines(self.agreement, "read")
        self.assertEqual(lines.mapped("field_name"), ["account_number", "id_card_number", "transfer_number"])
        self.assertEqual(lines.log_id.user_id, user)
        self.assertEqual(
            lines.log_id.http_request_id.mapped("name"),
            [
                f"/web/dataset/call_kw/{AGREEMENT}/web_read",
                "/web/dataset/call_kw/res.partner/web_read",
                f"/web/dataset/call_kw/{AGREEMENT}/search_read",
            ],
        )

    def test_only_reads_of_logged_fields_need_a_read_write_cursor(self):
        """A contact list without ID card numbers keeps Odoo's read-only cursor; a list or a
        group that shows one does not."""
        env = self.env(user=self.users["cs_user"])
        partner_list = {"display_name": {}, "email": {}, "parent_id": {"fields": {"display_name": {}}}}
        self.assertFalse(
            reads_audited_fields(env, "res.partner", "web_search_read", [[]], {"specification": partner_list})
        )
        self.assertFalse(reads_audited_fields(env, "res.partner", "web_read", [[1], partner_list], {}))
        self.assertTrue(reads_audited_fields(env, "res.partner", "web_read", [[1], {"cs_id_card_number": {}}], {}))
        self.assertTrue(
            reads_audited_fields(
                env,
                "cs.settlement.batch",
                "web_read_group",
                [[], ["bank_id"]],
                {"unfold_read_specification": {"agreement_ids": {"fields": {"account_number": {}}}}},
            )
        )
        self.assertFalse(
            reads_audited_fields(env, "cs.settlement.batch", "web_search_read", [[]], {"specification": {"name": {}}})
        )

    def test_only_cs_managers_and_accountants_read_the_log_over_rpc(self):
        """Every role asks for the audit log over JSON-RPC: only the CS manager and the
        settlement accountant get it."""
        reader = self.users["cs_user"]
        self.agreement.with_user(reader).read(["account_number"])
        self.env.flush_all()
        allowed = {}
        for role, user in self.users.items():
            answer = execute_kw(
                self,
                user,
                user.login,
                "auditlog.log.line.view",
                "search_read",
                [[("res_id", "=", self.agreement.id), ("method", "=", "read")], ["user_id", "field_name"]],
            )
            if "error" in answer:
                self.assertIn("AccessError", answer["error"]["data"]["name"], role)
                allowed[role] = None
            else:
                allowed[role] = [(r["user_id"][0], r["field_name"]) for r in answer["result"]]
            log = execute_kw(self, user, user.login, "auditlog.log", "search_count", [[]])
            self.assertEqual("error" in log, allowed[role] is None, role)
        self.assertEqual(
            allowed,
            {
                role: [(reader.id, "account_number")] if role in ("cs_manager", "accountant") else None
                for role in self.users
            },
        )
