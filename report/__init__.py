from . import cs_callback_summary_xlsx
from . import cs_complaint_report
from . import cs_damage_analysis
from . import cs_retailer_change_report
from . import cs_return_analysis
