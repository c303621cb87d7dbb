# mixins first: the models below inherit them
from . import cs_state_mixin

# isort: split
from . import calendar_event
from . import cs_callback
from . import cs_complaint
from . import cs_complaint_category
from . import cs_complaint_solution
from . import cs_complaint_stage
from . import cs_contact_report
from . import cs_department
from . import cs_job_ticket
from . import cs_job_time
from . import cs_return_reason
from . import cs_return_report
from . import cs_return_report_line
from . import cs_stock_count
from . import ir_sequence
from . import res_company
from . import res_company_complaint
from . import res_config_settings
from . import res_config_settings_complaint
from . import res_partner
from . import res_partner_complaint
from . import rules
from . import sale_order
from . import sale_order_line
from . import stock_picking
from . import stock_picking_callback
from . import stock_quant
from . import stock_scrap
from . import stock_warehouse
