from . import cs_job_weekly_report
from . import cs_settlement_change
from . import cs_settlement_import
from . import cs_settlement_three_way
