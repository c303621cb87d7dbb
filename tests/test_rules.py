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
