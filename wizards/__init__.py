from . import cs_job_weekly_report
