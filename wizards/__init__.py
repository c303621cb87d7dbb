from . import cs_callback_plan_wizard
from . import cs_complaint_escalate_wizard
from . import cs_complaint_stats_wizard
from . import cs_job_weekly_report
from . import cs_kpi_report
from . import cs_stock_analysis_export
