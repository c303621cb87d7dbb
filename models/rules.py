"""Business rules of the department that need no database.

Every rule from the department's rulebooks that can be stated without Odoo
lives here as a small pure function, tested in tests/test_rules.py. Models
call these; they never re-implement them.
"""

import calendar
import math
import re
import unicodedata
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

import pytz

_SPACES = re.compile(r"\s+")


def clean_code_part(text):
    """Trim and fold inner white space of one part of a client code.

    Hyphens inside a part are kept (the code is read by people, not split
    by machines); white space is folded so "Zengdu  Store " and "Zengdu Store"
    give the same code.
    """
    return _SPACES.sub(" ", (text or "").strip())


def format_client_code(city, first_contact, name, serial):
    """Client code ``CITY-YYYYMM-NAME-NNN`` (客户代码).

    >>> format_client_code("Suizhou", date(2026, 3, 9), "Zengdu Store", 7)
    'Suizhou-202603-Zengdu Store-007'

    The serial is padded to three digits and never truncated: the 1000th
    client of a year is ``1000``.
    """
    city = clean_code_part(city)
    name = clean_code_part(name)
    if not city:
        raise ValueError("city")
    if not name:
        raise ValueError("name")
    if serial < 1:
        raise ValueError("serial")
    return f"{city}-{first_contact:%Y%m}-{name}-{serial:03d}"


def client_code_year_range(first_contact):
    """First and last day of the year whose serial a client draws from."""
    return date(first_contact.year, 1, 1), date(first_contact.year, 12, 31)


# --- Job tickets (客户服务部流程及工作方式 AE) -------------------------------

_DEPT_CODE = re.compile(r"^[A-Z0-9]{1,6}$")


def is_valid_department_code(code):
    """Department codes are 1-6 capital letters or digits (``CR``, ``AE``)."""
    return bool(code and _DEPT_CODE.match(code))


def format_job_number(day, department_code, serial):
    """Job number ``YYYYMM-<department>-NN``.

    >>> format_job_number(date(2026, 3, 2), "CR", 7)
    '202603-CR-07'

    NN restarts every month and is counted per department; it is padded to
    two digits and never truncated (the 100th job of a month is ``100``).
    """
    if not is_valid_department_code(department_code):
        raise ValueError("department_code")
    if serial < 1:
        raise ValueError("serial")
    return f"{day:%Y%m}-{department_code}-{serial:02d}"


def format_revision_number(job_number, revision):
    """A follow-up modification keeps the job number: ``202603-CR-07/R1``."""
    if revision < 1:
        raise ValueError("revision")
    return f"{job_number}/R{revision}"


def month_range(day):
    """First and last day of the month of ``day`` (a job number's serial range)."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


# Dates people type: anything outside these years is a typing slip (e.g. 0202 for 2026).
PLAUSIBLE_YEARS = (1990, 2100)


def is_plausible_date(value):
    """True for a date or datetime within the years 1990 to 2100 included."""
    return PLAUSIBLE_YEARS[0] <= value.year <= PLAUSIBLE_YEARS[1]


def earliest_due_date(today, lead_days):
    """The earliest due date a new job may ask for: today plus the lead time."""
    return today + timedelta(days=max(lead_days, 0))


def contact_report_due(contact_time, hours=48):
    """A contact report is due 48 hours after the meeting or call."""
    return contact_time + timedelta(hours=hours)


def week_bounds(day):
    """Monday and Sunday of the week holding ``day`` (the weekly status report)."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


# --- Service KPIs (客户服务部重要衡量指标跟踪表) ------------------------------


def percent(part, whole):
    """``part`` of ``whole`` in %, or None when there is nothing to measure."""
    return round(100.0 * part / whole, 2) if whole else None


def inventory_days(stock_value, cost_of_goods_shipped, days):
    """Stock value ÷ average daily cost of goods shipped; None without shipments."""
    if not cost_of_goods_shipped or days <= 0:
        return None
    return round(stock_value / (cost_of_goods_shipped / days), 1)


def month_weeks(day):
    """Weeks 1 to 4 of the month of ``day``: days 1-7, 8-14, 15-21 and 22 to the end."""
    first, last = month_range(day)
    starts = [first + timedelta(days=7 * i) for i in range(4)]
    ends = [start + timedelta(days=6) for start in starts[:3]] + [last]
    return list(zip(starts, ends, strict=True))


# --- Complaints: service-level deadlines (顾客投诉时限) -------------------------
#
# The department promises a reply within 24 hours, a solution within 48 hours
# and a follow-up callback within one week of receiving a complaint; member
# customers get a callback within three days of any service.

SLA_MET = "met"
SLA_LATE = "late"
SLA_RUNNING = "running"
# a deadline that does not apply: a complaint judged not valid is measured on its reply only
SLA_NA = "na"


def sla_deadline(received, hours):
    """Deadline ``hours`` after ``received`` (calendar time, no working calendar).

    >>> sla_deadline(datetime(2026, 3, 9, 10, 0), 24)
    datetime.datetime(2026, 3, 10, 10, 0)
    """
    if received is None:
        raise ValueError("received")
    if hours < 0:
        raise ValueError("hours")
    return received + timedelta(hours=hours)


def sla_state(due, done, now):
    """``met``, ``late`` or ``running`` for one deadline.

    Done at the deadline itself is met; done after it is late. Not done yet:
    running up to and including the deadline, late from the next instant.
    No deadline at all is running (nothing can be late against it).
    """
    if done:
        if due and done > due:
            return SLA_LATE
        return SLA_MET
    if due and now > due:
        return SLA_LATE
    return SLA_RUNNING


def overall_sla_state(states):
    """One state for several deadlines: late wins, then running, else met (``na`` deadlines count for nothing)."""
    states = [state for state in states if state != SLA_NA]
    if SLA_LATE in states:
        return SLA_LATE
    if SLA_RUNNING in states:
        return SLA_RUNNING
    return SLA_MET


def callback_due_date(service_date, member, member_days=3, other_days=7):
    """Day by which a customer must have been called back after a service.

    Member customers (会员顾客) within ``member_days`` (the guide says three),
    others within ``other_days``.

    >>> callback_due_date(date(2026, 3, 30), True)
    datetime.date(2026, 4, 2)
    """
    if service_date is None:
        raise ValueError("service_date")
    return service_date + timedelta(days=member_days if member else other_days)


def callback_has_short_delay(member, source, all_services):
    """The callback is due within the short (three-day) delay.

    Seed 000 回访规范 「必须保证在三天之内回访」: member customers always; every other
    service callback too when the company applies the rule to all services
    (``all_services``). A complaint's callback keeps the complaint's own delay.

    >>> callback_has_short_delay(False, "delivery", True)
    True
    >>> callback_has_short_delay(False, "complaint", True)
    False
    >>> callback_has_short_delay(False, "order", False)
    False
    """
    return bool(member or (all_services and source != "complaint"))


def time_window_label(start, end):
    """``"14:00–17:00"`` for a window given in hours (floats), ``""`` without one.

    >>> time_window_label(14.0, 17.5)
    '14:00–17:30'
    >>> time_window_label(9.25, 9.25)
    '09:15'
    >>> time_window_label(0, 0)
    ''
    """
    if not (start or end):
        return ""

    def hhmm(hours):
        minutes = round((hours or 0.0) * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    if start == end:
        return hhmm(start)
    return f"{hhmm(start)}–{hhmm(end)}"


def balanced_assignment(loads, count):
    """Who gets each of ``count`` new clients, balancing the number of clients per person.

    Seed 000 资料处理 「按照负责客户数量均衡…的原则，分配给相关客服专员」: each client goes
    to the person with the fewest clients so far (ties: first in ``loads`` order).
    ``loads`` maps each person to the number of clients already assigned.

    >>> balanced_assignment({"a": 2, "b": 0, "c": 1}, 4)
    ['b', 'b', 'c', 'a']
    """
    loads = dict(loads)
    if not loads:
        raise ValueError("loads")
    order = {person: index for index, person in enumerate(loads)}
    result = []
    for _i in range(count):
        person = min(loads, key=lambda p: (loads[p], order[p]))
        loads[person] += 1
        result.append(person)
    return result


def callback_summary(callbacks, today):
    """Figures of the callback summary report (回访总结报告) for the callbacks due in a period.

    ``callbacks`` are dicts with ``caller`` (any hashable), ``member`` (bool), ``due`` and ``done``
    (dates or None), ``state`` ("planned", "done", "cancelled") and ``result`` ("satisfied",
    "average", "not_satisfied" or None). Cancelled callbacks are not counted. A callback is on time
    when it was made by its due date; it is late when made after it, or still not made after it
    (seed 000: 必须保证在三天之内回访). Members are counted apart (必须保证会员客户的100%的回访).
    Returns ``{"total": {...}, "callers": {caller: {...}}}``, each with ``due``, ``done``,
    ``on_time``, ``late``, ``open``, ``members_due``, ``members_done``, the three results,
    ``member_rate``, ``on_time_rate`` and ``satisfaction_rate`` (satisfied ÷ callbacks with a result;
    None when there is nothing to measure).

    >>> callback_summary([{"caller": 1, "member": True, "due": date(2026, 3, 5), "done": date(2026, 3, 4),
    ...   "state": "done", "result": "satisfied"}], date(2026, 4, 1))["total"]["satisfaction_rate"]
    100.0
    """

    def empty():
        return dict.fromkeys(
            ("due", "done", "on_time", "late", "open", "members_due", "members_done", *CALLBACK_RESULT_KEYS),
            0,
        )

    total, callers = empty(), {}
    for callback in callbacks:
        if callback["state"] == "cancelled":
            continue
        for figures in (total, callers.setdefault(callback["caller"], empty())):
            figures["due"] += 1
            figures["members_due"] += bool(callback["member"])
            due, done = callback["due"], callback["done"]
            if callback["state"] == "done":
                figures["done"] += 1
                figures["members_done"] += bool(callback["member"])
                late = bool(due and done and done > due)
                figures["late" if late else "on_time"] += 1
                if callback["result"] in CALLBACK_RESULT_KEYS:
                    figures[callback["result"]] += 1
            else:
                figures["open"] += 1
                figures["late"] += bool(due and today > due)
    for figures in (total, *callers.values()):
        rated = sum(figures[key] for key in CALLBACK_RESULT_KEYS)
        figures["member_rate"] = percent(figures["members_done"], figures["members_due"])
        figures["on_time_rate"] = percent(figures["on_time"], figures["due"])
        figures["satisfaction_rate"] = percent(figures["satisfied"], rated)
    return {"total": total, "callers": callers}


CALLBACK_RESULT_KEYS = ("satisfied", "average", "not_satisfied")


def month_datetimes(year, month):
    """First instant of the month and first instant of the next (naive datetimes)."""
    if not 1 <= month <= 12:
        raise ValueError("month")
    start = datetime(year, month, 1)
    end = datetime(year + 1, 1, 1) if month == 12 else datetime(year, month + 1, 1)
    return start, end


def rate(part, whole):
    """Percentage rounded to one decimal for the statistics table; 0.0 when there is nothing to count
    (the KPI table uses ``percent``, which tells "nothing to measure" apart)."""
    return round(percent(part, whole), 1) if whole else 0.0


# --- Time zones: periods are cut where the people live ---------------------
#
# Odoo stores datetimes as naive UTC. A day, a week or a month a person reads
# starts at midnight in their time zone (a clerk in Beijing: 16:00 UTC the day
# before), so a period is cut locally and converted to UTC for the domain.
# Bounds are half-open: ``start <= value < end``.

DEFAULT_TZ = "Asia/Shanghai"


def _zone(tz_name):
    return pytz.timezone(tz_name or DEFAULT_TZ)


def local_midnight_utc(day, tz_name):
    """The instant ``day`` starts in ``tz_name``, as a naive UTC datetime.

    >>> local_midnight_utc(date(2026, 3, 10), "Asia/Shanghai")
    datetime.datetime(2026, 3, 9, 16, 0)
    """
    local = _zone(tz_name).localize(datetime.combine(day, time.min), is_dst=False)
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def local_days_utc(first_day, last_day, tz_name):
    """Days ``first_day`` to ``last_day`` (both included) in ``tz_name`` as UTC bounds [start, end)."""
    if last_day < first_day:
        raise ValueError("last_day")
    return local_midnight_utc(first_day, tz_name), local_midnight_utc(last_day + timedelta(days=1), tz_name)


def local_day_utc(day, tz_name):
    """One local day as UTC bounds [start, end) (the daily shipment report)."""
    return local_days_utc(day, day, tz_name)


def local_week_utc(day, tz_name):
    """The Monday-to-Sunday week holding ``day``, local, as UTC bounds [start, end)."""
    return local_days_utc(*week_bounds(day), tz_name)


def local_month_utc(day, tz_name):
    """The calendar month holding ``day``, local, as UTC bounds [start, end)."""
    return local_days_utc(*month_range(day), tz_name)


def local_datetime(value, tz_name):
    """A naive UTC datetime as the naive wall-clock time of ``tz_name``.

    >>> local_datetime(datetime(2026, 3, 10, 2, 0), "Asia/Shanghai")
    datetime.datetime(2026, 3, 10, 10, 0)
    """
    return pytz.utc.localize(value).astimezone(_zone(tz_name)).replace(tzinfo=None)


def local_date(value, tz_name):
    """The local calendar day of a naive UTC datetime ("today" for ``value=now``)."""
    return local_datetime(value, tz_name).date()


# 「倉管員每天下午4:30點前填好每日發貨報告」 (seed 000 L355): the daily shipment report's hour.
DAILY_SHIPMENT_REPORT_TIME = 16.5


def daily_report_due(local_now, report_time, last_sent):
    """Whether a once-a-day report is due: the local clock ``local_now`` (naive wall-clock time)
    has reached ``report_time`` (hours, 16.5 = 16:30) and that day was not sent yet (``last_sent``,
    the last day sent, or None).

    >>> daily_report_due(datetime(2026, 3, 10, 16, 29), 16.5, date(2026, 3, 9))
    False
    >>> daily_report_due(datetime(2026, 3, 10, 16, 30), 16.5, date(2026, 3, 9))
    True
    >>> daily_report_due(datetime(2026, 3, 10, 23, 59), 16.5, date(2026, 3, 10))
    False
    """
    if last_sent and last_sent >= local_now.date():
        return False
    return local_now.hour * 60 + local_now.minute >= round(report_time * 60)


# --- Service requests: inquiries and requests (咨询, 需求) -------------------
#
# Seed 003: 客户回复24小时内解答 ... 所有电子邮件在24小时内回复 (questions answered
# and every e-mail replied within 24 hours); seed 004: 郵件咨詢應在一個工作日內回復
# (an e-mail inquiry within one working day); seed 002: a need that a visit could
# not solve is recorded and the customer told its deadline (告之客户解决时限).
# The hours of a rule either run round the clock (``sla_deadline``) or only on
# working days (``working_day_deadline``): one working day is 24 hours of them.

WORKDAYS = (0, 1, 2, 3, 4)  # Monday to Friday
# A reference of a service request as it appears in a mail subject: REQ/2026/00042
REQUEST_REFERENCE = re.compile(r"\bREQ/[0-9]{4}/[0-9]{5,}\b")
# A mail's Date header older than this is not believed (a sender's wrong clock)
MAIL_DATE_MAX_AGE = timedelta(days=7)


def is_working_day(day, holidays=(), workdays=WORKDAYS, extra_workdays=()):
    """A working day: Monday to Friday (``workdays``), not a public holiday, or an
    adjusted working day (调休, ``extra_workdays``)."""
    if day in extra_workdays:
        return True
    return day.weekday() in workdays and day not in holidays


def working_day_deadline(received, hours, tz_name, holidays=(), workdays=WORKDAYS, extra_workdays=()):
    """Deadline ``hours`` after ``received`` (naive UTC) counting only the time of
    working days in ``tz_name``; returned as naive UTC.

    One working day is 24 such hours: a mail received on Friday at 17:00 in
    Beijing is due on Monday at 17:00; received on Saturday, it is due at the
    end of Monday.

    >>> working_day_deadline(datetime(2026, 3, 13, 9, 0), 24, "Asia/Shanghai")
    datetime.datetime(2026, 3, 16, 9, 0)
    """
    if received is None:
        raise ValueError("received")
    if hours < 0:
        raise ValueError("hours")
    zone = _zone(tz_name)
    cursor = local_datetime(received, tz_name)
    remaining = timedelta(hours=hours)
    # a year without a single working day is a wrong calendar, not a deadline
    for _day in range(366 + int(hours // 24) * 7):
        day = cursor.date()
        day_end = datetime.combine(day + timedelta(days=1), time.min)
        if is_working_day(day, holidays, workdays, extra_workdays):
            if remaining <= day_end - cursor:
                local = zone.localize(cursor + remaining, is_dst=False)
                return local.astimezone(pytz.utc).replace(tzinfo=None)
            remaining -= day_end - cursor
        cursor = day_end
    raise ValueError("holidays")


def service_deadline(received, hours, working_days, tz_name, holidays=()):
    """Reply deadline of a service request under one rule of its type and channel."""
    if working_days:
        return working_day_deadline(received, hours, tz_name, holidays)
    return sla_deadline(received, hours)


def mail_received_time(header_date, now):
    """When the reply clock of an e-mail starts: its Date header, unless the header
    is missing, in the future or older than a week (a sender's clock), then ``now``.

    >>> mail_received_time(datetime(2026, 3, 13, 9, 0), datetime(2026, 3, 13, 9, 5))
    datetime.datetime(2026, 3, 13, 9, 0)
    """
    if not header_date or header_date > now or header_date < now - MAIL_DATE_MAX_AGE:
        return now
    return header_date


def request_references(subject):
    """The service request references written in a mail subject, in order."""
    return REQUEST_REFERENCE.findall(subject or "")


# --- E-settlement (新增客户入网, 电子结算协议) ---------------------------------

BANK_ABC = "103"  # Agricultural Bank of China
BANK_ICBC = "102"  # Industrial and Commercial Bank of China
BANK_CCB = "105"  # China Construction Bank
SUPPORTED_BANK_CODES = (BANK_ABC, BANK_ICBC, BANK_CCB)

_ABC_PASSBOOK_PREFIX = re.compile(r"^(17|18|19)-(.+)$")
_DIGITS = re.compile(r"^[0-9]+$")
_ID_CARD = re.compile(r"^[0-9]{17}[0-9X]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# Digits of an (already normalised) account number, by bank and document, as the banks issue them:
# ABC debit cards (6228 48..., 6228 45...) have 19 digits; an ABC passbook, once its 17-/18-/19-
# prefix is dropped, has 15 digits (older books) or 17/19 (unified personal accounts); CCB Long cards
# have 16 (older) or 19 digits, CCB passbook accounts 19 or 20; the ICBC account beginning with 180
# that e-settlement signs with has 19 digits, whether the retailer holds a card or a passbook.
ACCOUNT_LENGTHS = {
    (BANK_ABC, "card"): (19,),
    (BANK_ABC, "passbook"): (15, 17, 19),
    (BANK_CCB, "card"): (16, 19),
    (BANK_CCB, "passbook"): (19, 20),
    (BANK_ICBC, "card"): (19,),
    (BANK_ICBC, "passbook"): (19,),
}
# A bank result balance: yuan with at most two decimals (fen), at most 13 digits before the point.
_BALANCE = re.compile(r"^[+-]?[0-9]{1,13}(\.[0-9]{1,2})?$")
_BALANCE_LIKE = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$|^[+-]?(inf(inity)?|nan)$", re.I)
MAX_BALANCE = 10**13

# Bank result messages (签约结果) and what to do about each.
RESULT_MISMATCH = "客户代码与银行账号不对应"
RESULT_NOT_UNIT = "客户不属于本单位"
RESULT_OTHER = "其他错误"
RESULT_REASONS = {RESULT_MISMATCH: "mismatch", RESULT_NOT_UNIT: "not_unit", RESULT_OTHER: "other"}


def normalize_account_number(number):
    """Bank account numbers are stored without any white space."""
    return _SPACES.sub("", number or "")


def normalize_abc_passbook(number):
    """ABC passbooks printed ``17-``, ``18-`` or ``19-``: only the part after the ``-`` is signed.

    >>> normalize_abc_passbook("18-123456789")
    '123456789'
    """
    number = normalize_account_number(number)
    match = _ABC_PASSBOOK_PREFIX.match(number)
    return match.group(2) if match else number


def normalize_account(bank_code, kind, number):
    """The account number as it is stored and printed on the signing sheet."""
    if bank_code == BANK_ABC and kind == "passbook":
        return normalize_abc_passbook(number)
    return normalize_account_number(number)


def normalize_id_card(number):
    """ID card numbers: no white space, upper-case ``X``."""
    return normalize_account_number(number).upper()


def luhn_ok(number):
    """Luhn (mod 10) check of a bank card number."""
    if not number or not _DIGITS.match(number):
        return False
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def luhn_complete(prefix):
    """``prefix`` followed by the digit that makes it pass the Luhn check."""
    return next(prefix + digit for digit in "0123456789" if luhn_ok(prefix + digit))


def id_card_check_digit(first17):
    """GB 11643-1999 check character of the first 17 digits of an ID card number."""
    if len(first17) != 17 or not _DIGITS.match(first17):
        raise ValueError("first17")
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def is_valid_id_card(number):
    """18 characters, the last one the GB 11643 check digit (0-9 or X)."""
    number = normalize_id_card(number)
    if not _ID_CARD.match(number):
        return False
    return id_card_check_digit(number[:17]) == number[17]


def account_problems(bank_code, kind, number):
    """What is wrong with an (already normalised) account number, as keys.

    ``not_digits``: an account number is made of digits only.
    ``icbc_not_180``: ICBC signs e-settlement only with the account beginning 180
    (a card number is refused).
    ``length``: not as many digits as the bank gives this kind of account
    (see ``ACCOUNT_LENGTHS``, ``account_lengths``).
    ``luhn``: a card number failing the Luhn check.
    """
    if not number:
        return []
    if not _DIGITS.match(number):
        return ["not_digits"]
    if bank_code == BANK_ICBC and not number.startswith("180"):
        return ["icbc_not_180"]
    lengths = account_lengths(bank_code, kind)
    if lengths and len(number) not in lengths:
        return ["length"]
    if bank_code == BANK_ICBC:
        return []
    if kind == "card" and not luhn_ok(number):
        return ["luhn"]
    return []


def account_lengths(bank_code, kind):
    """The numbers of digits an account of ``bank_code`` and ``kind`` may have (empty: not checked)."""
    return ACCOUNT_LENGTHS.get((bank_code, kind), ())


def is_valid_balance(value):
    """A finite amount in yuan with at most two decimals, below ten thousand billion."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) < MAX_BALANCE
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) >= MAX_BALANCE:
            return False
        return abs(value * 100 - round(value * 100)) < 1e-6
    return bool(_BALANCE.match(str(value).replace(",", "").replace(" ", "")))


def parse_result_outcome(value):
    """Read the outcome column of a bank result line.

    Returns ``("signed", balance)`` for a number (the balance, signed),
    ``("failed", reason)`` for one of the bank's three messages,
    ``("bad_balance", text)`` for a number that is not an amount with at most
    two decimals (too many decimals, infinite, not a number, exponent), or ``None``.
    """
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not is_valid_balance(value):
            return ("bad_balance", str(value))
        return ("signed", round(float(value), 2))
    text = str(value).strip()
    if text in RESULT_REASONS:
        return ("failed", RESULT_REASONS[text])
    cleaned = text.replace(",", "").replace(" ", "")
    if cleaned and _BALANCE.match(cleaned):
        if not is_valid_balance(cleaned):
            return ("bad_balance", text)
        return ("signed", float(cleaned))
    if cleaned and _BALANCE_LIKE.match(cleaned):
        return ("bad_balance", text)
    return None


def working_days_after(start, end, holidays=(), workdays=WORKDAYS):
    """Working days after ``start`` up to ``end`` included (0 when ``end`` is not after ``start``).

    A signing batch handed to finance on Thursday has been at the bank 1 working day on Friday,
    still 1 on the weekend, 2 on Monday (签约的时间一般需要三天左右).

    >>> working_days_after(date(2026, 11, 26), date(2026, 11, 30))
    2
    """
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays, workdays):
            count += 1
    return count


# --- Customer care (issue 16): visit frequency and the relationship calendar -------------------------
# Customer classes (seed 004: 重点/一般/潜在客户); the visit frequency of each class is a company setting.
CUSTOMER_CLASSES = ("key", "general", "potential")
DEFAULT_VISIT_DAYS = {"key": 30, "general": 90, "potential": 180}


def visit_due_date(last_visit, since, days):
    """Day a customer's next visit is due: ``days`` after the last done visit, else ``days`` after
    ``since`` (the day the customer was taken into care) for a customer never visited.

    >>> visit_due_date(date(2026, 3, 1), date(2026, 1, 5), 30)
    datetime.date(2026, 3, 31)
    """
    return (last_visit or since) + timedelta(days=days)


def anniversary_in_year(day, year):
    """``day``'s month and day in ``year``; 29 February falls on 28 February in other years.

    >>> anniversary_in_year(date(1980, 2, 29), 2027)
    datetime.date(2027, 2, 28)
    """
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def anniversaries_between(day, first, last):
    """The yearly returns of ``day`` from ``first`` to ``last`` (both included), never before ``day`` itself."""
    found = []
    for year in range(first.year, last.year + 1):
        occurrence = anniversary_in_year(day, year)
        if first <= occurrence <= last and occurrence >= day:
            found.append(occurrence)
    return found


def add_months(day, months):
    """``day`` moved by ``months`` calendar months, kept inside a shorter month (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# Column titles of a bank's result file (签约结果 / 余额查询), matched whatever their order, width or case.
# The key column: the transfer bank number first (the number the bank knows), then the retailer code.
RESULT_TRANSFER_TITLES = ("转账银行编号", "银行编号", "转账编号", "transfer bank number", "transfer number")
RESULT_CODE_TITLES = (
    "零售客户代码",
    "零售客户编码",
    "零售户代码",
    "零售户编码",
    "客户代码",
    "客户编码",
    "retailer code",
    "client code",
)
RESULT_VALUE_TITLES = (
    "余额(元)",
    "余额",
    "账户余额",
    "账户余额(元)",
    "签约结果",
    "结果",
    "处理结果",
    "返回信息",
    "balance",
    "balance (yuan)",
    "result",
)
# summary lines some banks add under the results
RESULT_FOOTER_KEYS = ("合计", "总计", "小计", "total")
_TITLE_SPLIT = re.compile(r"[,，;；、\n]+")


def normalize_title(value):
    """A column title compared without case, spaces or full-width forms: 「余额（元）」 is 「余额(元)」.

    >>> normalize_title(" 余额（元） ")
    '余额(元)'
    >>> normalize_title("Transfer  Bank Number")
    'transferbanknumber'
    """
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return "".join(text.split()).lower()


def split_titles(text):
    """The titles an administrator saved for a bank, comma-separated (Chinese or ASCII commas)."""
    return [t for t in (normalize_title(part) for part in _TITLE_SPLIT.split(text or "")) if t]


def find_result_columns(cells, key_titles=(), value_titles=()):
    """``(key columns, value column)`` of a header row of a bank result file, or None.

    The key columns are listed by preference (transfer bank number, then retailer code, then the bank's own
    titles); a row is the header when it holds a key column and a result column.

    >>> find_result_columns(["序号", "客户名称", "零售客户代码", "余额（元）"])
    ([2], 3)
    >>> find_result_columns(["余额", "转账银行编号", "客户代码"])
    ([1, 2], 0)
    >>> find_result_columns(["电子结算签约结果"]) is None
    True
    """
    names = [normalize_title(c) for c in cells]
    key_groups = (
        [normalize_title(t) for t in RESULT_TRANSFER_TITLES],
        [normalize_title(t) for t in RESULT_CODE_TITLES],
        [normalize_title(t) for t in key_titles],
    )
    values = {normalize_title(t) for t in RESULT_VALUE_TITLES} | {normalize_title(t) for t in value_titles}
    keys = []
    for group in key_groups:
        keys += [i for i, name in enumerate(names) if name and name in group and i not in keys]
    value_col = next((i for i, name in enumerate(names) if name and name in values and i not in keys), None)
    if not keys or value_col is None:
        return None
    return keys, value_col
