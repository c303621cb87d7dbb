from . import test_client_code, test_client_code_concurrency, test_rules, test_security, test_translations
