"""Pure rules: no database, no registry needed."""

from datetime import date
from datetime import datetime
from datetime import timedelta

from odoo.tests import BaseCase

from ..models import rules
from ..models.rules import account_problems
from ..models.rules import clean_code_part
from ..models.rules import client_code_year_range
from ..models.rules import contact_report_due
from ..models.rules import earliest_due_date
from ..models.rules import format_client_code
from ..models.rules import format_job_number
from ..models.rules import format_revision_number
from ..models.rules import id_card_check_digit
from ..models.rules import inventory_days
from ..models.rules import is_valid_department_code
from ..models.rules import is_valid_id_card
from ..models.rules import luhn_complete
from ..models.rules import luhn_ok
from ..models.rules import month_range
from ..models.rules import month_weeks
from ..models.rules import normalize_abc_passbook
from ..models.rules import normalize_account
from ..models.rules import normalize_account_number
from ..models.rules import normalize_id_card
from ..models.rules import parse_result_outcome
from ..models.rules import percent
from ..models.rules import week_bounds


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
        self.assertEqual(format_client_code(" 随州 ", date(2026, 3, 9), "曾都  店", 12), "随州-202603-曾都 店-012")

    def test_missing_parts_are_refused(self):
        for city, name, serial in (("", "A", 1), ("X", " ", 1), ("X", "A", 0)):
            with self.assertRaises(ValueError):
                format_client_code(city, date(2026, 1, 1), name, serial)

    def test_year_range(self):
        self.assertEqual(client_code_year_range(date(2026, 7, 4)), (date(2026, 1, 1), date(2026, 12, 31)))


class TestJobTicketRules(BaseCase):
    def test_job_number_pads_month_and_serial(self):
        self.assertEqual(format_job_number(date(2026, 3, 2), "CR", 7), "202603-CR-07")
        self.assertEqual(format_job_number(date(2026, 11, 30), "AE", 12), "202611-AE-12")

    def test_job_number_serial_100_is_not_truncated(self):
        self.assertEqual(format_job_number(date(2026, 1, 5), "CR", 100), "202601-CR-100")

    def test_bad_department_codes_are_refused(self):
        for code in ("", "cr", "C-R", "TOOLONG"):
            self.assertFalse(is_valid_department_code(code), code)
            with self.assertRaises(ValueError):
                format_job_number(date(2026, 1, 5), code, 1)
        self.assertTrue(is_valid_department_code("CR"))

    def test_revision_keeps_job_number(self):
        self.assertEqual(format_revision_number("202603-CR-07", 1), "202603-CR-07/R1")
        self.assertEqual(format_revision_number("202603-CR-07", 12), "202603-CR-07/R12")

    def test_month_range_handles_february_and_december(self):
        self.assertEqual(month_range(date(2028, 2, 10)), (date(2028, 2, 1), date(2028, 2, 29)))
        self.assertEqual(month_range(date(2026, 12, 31)), (date(2026, 12, 1), date(2026, 12, 31)))

    def test_earliest_due_date(self):
        self.assertEqual(earliest_due_date(date(2026, 3, 30), 3), date(2026, 4, 2))
        self.assertEqual(earliest_due_date(date(2026, 3, 30), -1), date(2026, 3, 30))

    def test_contact_report_due_48_hours_later(self):
        self.assertEqual(contact_report_due(datetime(2026, 3, 6, 15, 30)), datetime(2026, 3, 8, 15, 30))

    def test_week_bounds_monday_to_sunday(self):
        self.assertEqual(week_bounds(date(2026, 11, 27)), (date(2026, 11, 23), date(2026, 11, 29)))
        self.assertEqual(week_bounds(date(2026, 11, 23)), (date(2026, 11, 23), date(2026, 11, 29)))


class TestKpiRules(BaseCase):
    def test_percent(self):
        self.assertEqual(percent(3, 4), 75.0)
        self.assertEqual(percent(1, 3), 33.33)
        self.assertIsNone(percent(0, 0))

    def test_inventory_days(self):
        # 30,000 of stock, 9,000 shipped at cost over 30 days: 300 a day, 100 days of stock
        self.assertEqual(inventory_days(30000, 9000, 30), 100.0)
        self.assertIsNone(inventory_days(30000, 0, 30))

    def test_month_weeks_end_with_the_month(self):
        weeks = month_weeks(date(2026, 2, 10))
        self.assertEqual(weeks[0], (date(2026, 2, 1), date(2026, 2, 7)))
        self.assertEqual(weeks[3], (date(2026, 2, 22), date(2026, 2, 28)))
        self.assertEqual(month_weeks(date(2026, 3, 31))[3], (date(2026, 3, 22), date(2026, 3, 31)))


# --- Complaints: deadline arithmetic (appended; imports kept with the tests they serve) ---


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
        self.assertEqual(rules.month_datetimes(2026, 12), (datetime(2026, 12, 1), datetime(2027, 1, 1)))
        self.assertEqual(rules.month_datetimes(2026, 2), (datetime(2026, 2, 1), datetime(2026, 3, 1)))
        with self.assertRaises(ValueError):
            rules.month_datetimes(2026, 13)
        self.assertEqual(rules.rate(1, 3), 33.3)
        self.assertEqual(rules.rate(0, 0), 0.0)


class TestSettlementRules(BaseCase):
    def test_abc_passbook_prefixes_17_18_19_are_stripped(self):
        for prefix in ("17", "18", "19"):
            self.assertEqual(normalize_abc_passbook(f"{prefix}-123456789"), "123456789")
        self.assertEqual(normalize_account("103", "passbook", " 18-1234 5678 "), "12345678")

    def test_other_prefixes_and_cards_are_kept(self):
        self.assertEqual(normalize_abc_passbook("16-123"), "16-123")
        self.assertEqual(normalize_account("103", "card", "18-123"), "18-123")
        self.assertEqual(normalize_account("105", "passbook", "18-123"), "18-123")

    def test_account_spaces_are_stripped(self):
        self.assertEqual(normalize_account_number(" 6222 0202\t0000 1234 "), "6222020200001234")
        self.assertEqual(normalize_account_number(None), "")

    def test_icbc_needs_the_180_account(self):
        self.assertEqual(account_problems("102", "card", "6222020200001234567"), ["icbc_not_180"])
        self.assertEqual(account_problems("102", "passbook", "1809000012345678901"), [])

    def test_luhn(self):
        self.assertTrue(luhn_ok("4111111111111111"))
        self.assertTrue(luhn_ok("79927398713"))
        self.assertFalse(luhn_ok("4111111111111112"))
        self.assertFalse(luhn_ok("41111x"))
        self.assertEqual(account_problems("105", "card", "4111111111111112"), ["luhn"])
        self.assertEqual(account_problems("105", "card", "4111111111111111"), [])
        self.assertEqual(account_problems("105", "passbook", "4111111111111111112"), [])
        self.assertEqual(account_problems("105", "card", "4111-1111"), ["not_digits"])

    def test_id_card_check_digit(self):
        self.assertEqual(id_card_check_digit("11010519491231002"), "X")
        self.assertTrue(is_valid_id_card("11010519491231002X"))
        self.assertTrue(is_valid_id_card("11010519491231002x"))
        self.assertTrue(is_valid_id_card("440524188001010014"))
        self.assertFalse(is_valid_id_card("440524188001010015"))
        self.assertFalse(is_valid_id_card("44052418800101001"))
        self.assertFalse(is_valid_id_card("4405241880010100X4"))
        self.assertEqual(normalize_id_card(" 11010519491231002x "), "11010519491231002X")
        with self.assertRaises(ValueError):
            id_card_check_digit("123")

    def test_result_outcomes(self):
        self.assertEqual(parse_result_outcome("1,234.50"), ("signed", 1234.5))
        self.assertEqual(parse_result_outcome(-12), ("signed", -12.0))
        self.assertEqual(parse_result_outcome("-0.01"), ("signed", -0.01))
        self.assertEqual(parse_result_outcome(" 客户代码与银行账号不对应 "), ("failed", "mismatch"))
        self.assertEqual(parse_result_outcome("客户不属于本单位"), ("failed", "not_unit"))
        self.assertEqual(parse_result_outcome("其他错误"), ("failed", "other"))
        self.assertIsNone(parse_result_outcome("garbage"))
        self.assertIsNone(parse_result_outcome(""))
        self.assertIsNone(parse_result_outcome(None))


class TestLuhnComplete(BaseCase):
    def test_completed_numbers_pass_the_check(self):
        for prefix in ("622700000000000000", "622848040256489001", "4"):
            number = luhn_complete(prefix)
            self.assertTrue(number.startswith(prefix))
            self.assertTrue(luhn_ok(number))
        self.assertEqual(luhn_complete("622848040256489001"), "6228480402564890018")


class TestPlausibleDates(BaseCase):
    def test_years_1990_to_2100_are_plausible_the_others_typing_slips(self):
        self.assertTrue(rules.is_plausible_date(date(1990, 1, 1)))
        self.assertTrue(rules.is_plausible_date(datetime(2100, 12, 31, 23, 59)))
        self.assertFalse(rules.is_plausible_date(date(1989, 12, 31)))
        self.assertFalse(rules.is_plausible_date(datetime(2101, 1, 1, 0, 0)))
        self.assertFalse(rules.is_plausible_date(date(202, 3, 9)))


class TestTimeZoneEdges(BaseCase):
    """Days, weeks and months cut in a time zone, as naive UTC bounds [start, end)."""

    def test_beijing_day_starts_at_16_utc_the_day_before(self):
        self.assertEqual(
            rules.local_day_utc(date(2026, 3, 10), "Asia/Shanghai"),
            (datetime(2026, 3, 9, 16, 0), datetime(2026, 3, 10, 16, 0)),
        )
        self.assertEqual(rules.local_day_utc(date(2026, 3, 10), "UTC"), (datetime(2026, 3, 10), datetime(2026, 3, 11)))

    def test_week_runs_monday_to_sunday_midnight_local(self):
        # Wednesday 11 March 2026: the week of Monday 9 March
        self.assertEqual(
            rules.local_week_utc(date(2026, 3, 11), "Asia/Shanghai"),
            (datetime(2026, 3, 8, 16, 0), datetime(2026, 3, 15, 16, 0)),
        )

    def test_month_edges_december_and_february(self):
        self.assertEqual(
            rules.local_month_utc(date(2026, 12, 31), "Asia/Shanghai"),
            (datetime(2026, 11, 30, 16, 0), datetime(2026, 12, 31, 16, 0)),
        )
        self.assertEqual(
            rules.local_month_utc(date(2028, 2, 10), "Asia/Shanghai"),
            (datetime(2028, 1, 31, 16, 0), datetime(2028, 2, 29, 16, 0)),
        )

    def test_summer_time_day_is_23_hours(self):
        start, end = rules.local_day_utc(date(2026, 3, 29), "Europe/Paris")
        self.assertEqual((start, end), (datetime(2026, 3, 28, 23, 0), datetime(2026, 3, 29, 22, 0)))

    def test_local_date_and_time_of_a_utc_instant(self):
        self.assertEqual(rules.local_date(datetime(2026, 3, 9, 23, 30), "Asia/Shanghai"), date(2026, 3, 10))
        self.assertEqual(rules.local_date(datetime(2026, 3, 9, 15, 59), "Asia/Shanghai"), date(2026, 3, 9))
        self.assertEqual(
            rules.local_datetime(datetime(2026, 3, 10, 2, 0), "Asia/Shanghai"), datetime(2026, 3, 10, 10, 0)
        )

    def test_no_time_zone_means_china(self):
        self.assertEqual(rules.local_midnight_utc(date(2026, 3, 10), None), datetime(2026, 3, 9, 16, 0))
        with self.assertRaises(ValueError):
            rules.local_days_utc(date(2026, 3, 10), date(2026, 3, 9), "UTC")


class TestCallbackSummaryRule(BaseCase):
    """回访规范 (seed 000): 必须保证会员客户的100%的回访; 必须保证在三天之内回访."""

    def test_cancelled_are_ignored_and_open_late_counts_late(self):
        rows = [
            {"caller": "a", "member": True, "due": date(2026, 3, 5), "done": None, "state": "planned", "result": None},
            {
                "caller": "a",
                "member": False,
                "due": date(2026, 3, 5),
                "done": None,
                "state": "cancelled",
                "result": None,
            },
            {"caller": "b", "member": False, "due": date(2026, 3, 9), "done": None, "state": "planned", "result": None},
        ]
        total = rules.callback_summary(rows, date(2026, 3, 6))["total"]
        # one member callback not made (0 of 1), the other one still within its deadline
        self.assertEqual((total["due"], total["late"], total["open"], total["member_rate"]), (2, 1, 2, 0.0))
        self.assertIsNone(total["satisfaction_rate"])

    def test_nothing_due_gives_no_rates(self):
        total = rules.callback_summary([], date(2026, 3, 6))["total"]
        self.assertEqual((total["due"], total["on_time_rate"], total["member_rate"]), (0, None, None))
