from . import (
    test_callback,
    test_client_code,
    test_client_code_concurrency,
    test_complaint,
    test_complaint_sla,
    test_complaint_stats,
    test_rules,
    test_security,
    test_translations,
)
