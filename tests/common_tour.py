from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

# The groups of each role of the department, as its users hold them: nothing more.
ROLE_GROUPS = {
    "cs_user": "customer_service_dept.group_cs_user",
    "cs_manager": "customer_service_dept.group_cs_manager",
    "settlement_accountant": "customer_service_dept.group_cs_settlement_accountant",
    "order_department": "customer_service_dept.group_cs_order_department",
    "salesperson": "sales_team.group_sale_salesman",
    "warehouse_user": "stock.group_stock_user",
    "customer_manager": "customer_service_dept.group_cs_customer_manager",
    "market_director": "customer_service_dept.group_cs_market_director",
}


@tagged("post_install", "-at_install")
class CsTourCase(HttpCase):
    """Browser tours as the department's users: Chinese (zh_CN) interface, Shanghai time.

    ``cs_tour_user(login, role)`` makes a user holding only that role's groups;
    ``self.start_tour("/odoo", name, login=login)`` runs a tour of
    ``static/tests/tours`` as that user (the password is the login).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["web", "customer_service_dept"], ["zh_CN"], overwrite=True)

    @classmethod
    def cs_tour_user(cls, login, role, **values):
        return new_test_user(
            cls.env,
            login,
            groups=ROLE_GROUPS[role],
            lang="zh_CN",
            tz="Asia/Shanghai",
            **values,
        )
