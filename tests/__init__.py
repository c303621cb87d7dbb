from . import test_client_code, test_client_code_concurrency, test_rules, test_security, test_translations

# isort: split
from . import test_callback, test_complaint, test_complaint_sla, test_complaint_stats
