from lxml import etree

from odoo.fields import Domain
from odoo.tests import new_test_user
from odoo.tests import tagged
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval

from .common_stock import StockCommon
from .common_tour import ROLE_GROUPS

MODULE = "customer_service_dept"


@tagged("post_install", "-at_install")
class TestMenusEveryRole(StockCommon):
    """Every menu the addon adds opens, in every view it offers, for every role
    that sees it: a role is a group that is enough on its own (CONVENTIONS,
    "Roles, browser tours")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(cls.env, f"menu_{role}", groups=group, tz="Asia/Shanghai")
            for role, group in ROLE_GROUPS.items()
        }
        # One record of each kind, so that each form is opened on a real record.
        report = cls.env["cs.return.report"].create(
            {
                "partner_id": cls.customer.id,
                "picking_id": cls.delivery.id,
                "user_id": cls.salesman.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": cls.tea.id,
                            "quantity": 2,
                            "price_unit": 12.0,
                            "reason_id": cls.env.ref("customer_service_dept.cs_return_reason_damaged").id,
                        },
                    )
                ],
            }
        )
        # fixture only (not under test): the flow as the administrator
        with report._cs_transition():
            report.action_submit()
            report.action_approve()
            report.line_ids.received_qty = 2
            report.action_confirm_reception()
            report.action_create_credit_note()
        cls.env["cs.complaint"].create(
            {
                "partner_id": cls.customer.id,
                "content": "Cartons arrived crushed",
                "sale_order_id": cls.order.id,
                "picking_id": cls.delivery.id,
            }
        )
        department = cls.env["cs.department"].create(
            {"name": "Menu Test Studio", "code": "MT", "member_ids": [(6, 0, cls.users["cs_user"].ids)]}
        )
        ticket = cls.env["cs.job.ticket"].create(
            {
                "title": "Spring poster",
                "partner_id": cls.customer.id,
                "department_id": department.id,
                "description": "<p>A1 poster</p>",
            }
        )
        cls.env["cs.job.time"].create({"ticket_id": ticket.id, "hours": 2.0, "user_id": cls.users["cs_user"].id})
        cls.env["stock.scrap"].create({"product_id": cls.tea.id, "scrap_qty": 1.0, "location_id": cls.stock.id})
        data = cls.env["ir.model.data"].search([("module", "=", MODULE), ("model", "=", "ir.ui.menu")])
        cls.menus = cls.env["ir.ui.menu"].browse(data.mapped("res_id")).exists()
        cls.menu_xmlids = dict(zip(data.mapped("res_id"), data.mapped("complete_name"), strict=True))

    # helpers -----------------------------------------------------------
    def _sees_by_groups(self, user, menu):
        """The menu and each of its parents are open to one of the user's groups."""
        groups = user.all_group_ids
        while menu:
            if menu.group_ids and not (menu.group_ids & groups):
                return False
            menu = menu.parent_id
        return True

    def _level_fields(self, node):
        """The field nodes of this level of an arch, not those of a sub-view."""
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "field":
                yield child
            else:
                yield from self._level_fields(child)

    def _spec(self, node, model):
        """Field specification the web client sends for an arch node."""
        spec = {}
        for field in self._level_fields(node):
            name = field.get("name")
            if name not in model._fields:
                continue
            f = model._fields[name]
            if f.type == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif f.type in ("one2many", "many2many"):
                sub = next((c for c in field if c.tag in ("list", "kanban")), None)
                comodel = self.env[f.comodel_name].with_user(model.env.user)
                spec[name] = {"fields": self._spec(sub, comodel) if sub is not None else {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    def _pick_every_many2one(self, arch, Model):
        """The user can search what an editable many2one of the form offers."""
        for field in self._level_fields(arch):
            f = Model._fields.get(field.get("name"))
            if not f or f.type != "many2one" or field.get("readonly") in ("1", "True", "true") or f.readonly:
                continue
            if field.get("invisible") in ("1", "True", "true"):
                continue
            self.env[f.comodel_name].with_user(Model.env.user).name_search("", limit=8)

    def _eval(self, text, user):
        ctx = {
            "uid": user.id,
            "user": user,
            "active_id": False,
            "active_ids": [],
            "context_today": lambda: safe_datetime.datetime.now(),
            "datetime": safe_datetime,
        }
        return safe_eval(text or "{}", ctx) if text else {}

    def _open(self, user, menu):
        action = menu.action
        label = f"{self.menu_xmlids[menu.id]} as {user.login}"
        if action._name == "ir.actions.server":
            return
        if action._name == "ir.actions.client":
            return
        self.assertEqual(action._name, "ir.actions.act_window", label)
        # as /web/action/load does
        values = action.sudo()._get_action_dict()
        context = self._eval(values.get("context") or "{}", user)
        if not isinstance(context, dict):
            context = {}
        domain = Domain(self._eval(values.get("domain") or "[]", user) or [])
        Model = self.env[values["res_model"]].with_user(user).with_context(**context)
        view_types = [vt for vt in (values.get("view_mode") or "list,form").split(",") if vt]
        if "form" not in view_types:
            view_types.append("form")
        views = Model.get_views([(False, vt) for vt in view_types] + [(False, "search")], {"load_filters": True})
        specs = {}
        for vt in view_types:
            arch = etree.fromstring(views["views"][vt]["arch"])
            specs[vt] = self._spec(arch, Model)
        first = None
        for vt in view_types:
            if vt in ("list", "kanban"):
                result = Model.web_search_read(domain, specs[vt], limit=80)
                if result["records"] and not first:
                    first = result["records"][0]["id"]
            elif vt in ("pivot", "graph"):
                Model.formatted_read_group(domain, [], ["__count"])
            elif vt == "calendar":
                Model.search_read(domain, list(specs[vt]), limit=80)
        if first and not Model._transient:
            Model.browse(first).web_read(specs["form"])
            if Model.has_access("write"):
                self._pick_every_many2one(etree.fromstring(views["views"]["form"]["arch"]), Model)
        elif Model.has_access("create"):
            # the client opens a new record's form only where the user may create
            Model.onchange({}, [], specs["form"])

    # tests -------------------------------------------------------------
    def test_every_menu_opens_for_every_role_that_sees_it(self):
        """A role is enough on its own: no menu shown to a role fails to load."""
        failures = []
        seen = 0
        for role, user in self.users.items():
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            for menu in self.menus.filtered("action"):
                if not self._sees_by_groups(user, menu):
                    if menu.group_ids & user.all_group_ids:
                        failures.append(
                            f"{role}: {self.menu_xmlids[menu.id]} is meant for it but a parent menu hides it"
                        )
                    continue
                seen += 1
                xmlid = self.menu_xmlids[menu.id]
                if menu.id not in visible:
                    failures.append(f"{role}: {xmlid} is offered by its groups but hidden (no access to its model)")
                    continue
                try:
                    with self.env.cr.savepoint():
                        self._open(user, menu)
                except Exception as exc:
                    failures.append(f"{role}: {xmlid}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        self.assertGreater(seen, 40)
        self.assertFalse(failures, "\n" + "\n".join(failures))

    def test_no_stub_app_for_any_role(self):
        """A menu the addon puts in another app (Sales, Inventory, Contacts) shows
        only to roles that use that app anyway (hold its user group): no stub app
        holding only our menus."""
        app_groups = {
            "sale.sale_menu_root": "sales_team.group_sale_salesman",
            "stock.menu_stock_root": "stock.group_stock_user",
            "contacts.menu_contacts": "base.group_user",
        }
        apps = {self.env.ref(xmlid).id: group for xmlid, group in app_groups.items()}
        failures = []
        for role, user in self.users.items():
            visible = self.env["ir.ui.menu"].browse(self.env["ir.ui.menu"].with_user(user)._visible_menu_ids())
            for menu in visible.filtered(lambda m: m.id in self.menu_xmlids):
                root = self.env["ir.ui.menu"].browse(int(menu.parent_path.split("/")[0]))
                if root.id in self.menu_xmlids:
                    continue
                self.assertIn(root.id, apps, f"{self.menu_xmlids[menu.id]} sits in an app this test does not know")
                if not user.has_group(apps[root.id]):
                    failures.append(f"{role}: {self.menu_xmlids[menu.id]} makes a stub {root.name} app")
        self.assertFalse(failures, "\n" + "\n".join(failures))

    def test_every_role_has_its_work_in_a_menu(self):
        """Each role finds its own work in an app of the addon, the order department included: 「主訪銷電話臨時
        更改由訂單部處理」 (seed 000): it reads the visit-sale phone changes it is told of."""

        def shown(user, own_app=True):
            """The addon's menus with an action that the web client shows the user: every ancestor visible too,
            the root being an app of the addon (``own_app``), not only a menu it adds to Sales or Inventory."""
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            return {
                menu.id
                for menu in self.menus.filtered("action")
                if all(int(i) in visible for i in menu.parent_path.strip("/").split("/"))
                and (not own_app or int(menu.parent_path.split("/")[0]) in self.menu_xmlids)
            }

        for role, user in self.users.items():
            # the salesperson and the storekeeper work in Sales and Inventory, where the addon adds its menus
            own_app = role not in ("salesperson", "warehouse_user")
            self.assertTrue(shown(user, own_app), f"{role} sees no menu of the addon where it works")
        self.assertIn(
            self.env.ref("customer_service_dept.cs_retailer_phone_change_menu_order").id,
            shown(self.users["order_department"]),
        )
