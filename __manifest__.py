{
    "name": "Customer Service Department",
    "summary": "Client codes, job tickets, retailer e-settlement, returns and "
    "complaints for a customer service department",
    "version": "19.0.1.0.0",
    "category": "Services",
    "author": "customer_service_dept developers",
    "website": "https://example.com/customer_service_dept",
    "license": "LGPL-3",
    "depends": ["mail", "contacts", "sale_management", "stock", "sale_stock"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/customer_service_dept_security.xml",
        "security/ir.model.access.csv",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "application": True,
}
