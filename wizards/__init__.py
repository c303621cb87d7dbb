from . import cs_job_weekly_report
from . import cs_kpi_report
from . import cs_stock_analysis_export
