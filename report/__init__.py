from . import cs_retailer_change_report
