from . import res_company, res_config_settings, res_partner, rules, sale_order, stock_picking

# isort: split
from . import (
    cs_callback,
    cs_complaint,
    cs_complaint_category,
    cs_complaint_solution,
    cs_complaint_stage,
    res_company_complaint,
    res_config_settings_complaint,
    res_partner_complaint,
    stock_picking_callback,
)
