"""Pure rules: no database, no registry needed."""

from datetime import date

from odoo.tests import BaseCase

from ..models.rules import clean_code_part, client_code_year_range, format_client_code


class TestClientCodeRules(BaseCase):
    def test_format_matches_the_department_example(self):
        self.assertEqual(
            format_client_code("Suizhou", date(2026, 3, 9), "Zengdu Store", 7),
            "Suizhou-202603-Zengdu Store-007",
        )

    def test_month_is_zero_padded(self):
        self.assertEqual(format_client_code("Wuhan", date(2026, 1, 31), "A", 1), "Wuhan-202601-A-001")

    def test_serial_1000_is_not_truncated(self):
        self.assertEqual(format_client_code("Wuhan", date(2026, 12, 1), "A", 1000), "Wuhan-202612-A-1000")

    def test_white_space_is_folded(self):
        self.assertEqual(clean_code_part("  Zengdu \t Store "), "Zengdu Store")
        self.assertEqual(
            format_client_code(" 随州 ", date(2026, 3, 9), "曾都  店", 12), "随州-202603-曾都 店-012"
        )

    def test_missing_parts_are_refused(self):
        for city, name, serial in (("", "A", 1), ("X", " ", 1), ("X", "A", 0)):
            with self.assertRaises(ValueError):
                format_client_code(city, date(2026, 1, 1), name, serial)

    def test_year_range(self):
        self.assertEqual(client_code_year_range(date(2026, 7, 4)), (date(2026, 1, 1), date(2026, 12, 31)))


# --- Complaints: deadline arithmetic (appended; imports kept with the tests they serve) ---
from datetime import datetime, timedelta  # noqa: E402

from ..models import rules  # noqa: E402


class TestComplaintDeadlineRules(BaseCase):
    received = datetime(2026, 3, 9, 2, 0)

    def test_deadlines_count_hours_from_the_received_time(self):
        self.assertEqual(rules.sla_deadline(self.received, 24), datetime(2026, 3, 10, 2, 0))
        self.assertEqual(rules.sla_deadline(self.received, 48), datetime(2026, 3, 11, 2, 0))
        self.assertEqual(rules.sla_deadline(self.received, 24 * 7), datetime(2026, 3, 16, 2, 0))
        self.assertEqual(rules.sla_deadline(self.received, 1.5), datetime(2026, 3, 9, 3, 30))

    def test_deadline_needs_a_received_time_and_positive_hours(self):
        with self.assertRaises(ValueError):
            rules.sla_deadline(None, 24)
        with self.assertRaises(ValueError):
            rules.sla_deadline(self.received, -1)

    def test_state_at_the_boundaries(self):
        due = rules.sla_deadline(self.received, 24)
        second = timedelta(seconds=1)
        self.assertEqual(rules.sla_state(due, None, due - second), "running")
        self.assertEqual(rules.sla_state(due, None, due), "running")
        self.assertEqual(rules.sla_state(due, None, due + second), "late")
        self.assertEqual(rules.sla_state(due, due, due + timedelta(days=9)), "met")
        self.assertEqual(rules.sla_state(due, due + second, due + second), "late")
        self.assertEqual(rules.sla_state(None, None, due), "running")

    def test_overall_state(self):
        self.assertEqual(rules.overall_sla_state(["met", "running", "late"]), "late")
        self.assertEqual(rules.overall_sla_state(["met", "running", "met"]), "running")
        self.assertEqual(rules.overall_sla_state(["met", "met", "met"]), "met")

    def test_member_callback_within_three_days_of_the_service(self):
        self.assertEqual(rules.callback_due_date(date(2026, 3, 30), True), date(2026, 4, 2))
        self.assertEqual(rules.callback_due_date(date(2026, 3, 30), False), date(2026, 4, 6))
        self.assertEqual(rules.callback_due_date(date(2026, 12, 30), True), date(2027, 1, 2))
        with self.assertRaises(ValueError):
            rules.callback_due_date(None, True)

    def test_month_range_and_rate(self):
        self.assertEqual(rules.month_range(2026, 12), (datetime(2026, 12, 1), datetime(2027, 1, 1)))
        self.assertEqual(rules.month_range(2026, 2), (datetime(2026, 2, 1), datetime(2026, 3, 1)))
        with self.assertRaises(ValueError):
            rules.month_range(2026, 13)
        self.assertEqual(rules.rate(1, 3), 33.3)
        self.assertEqual(rules.rate(0, 0), 0.0)
