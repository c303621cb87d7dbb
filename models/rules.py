"""Business rules of the department that need no database.

Every rule from the department's rulebooks that can be stated without Odoo
lives here as a small pure function, tested in tests/test_rules.py. Models
call these; they never re-implement them.
"""

import re
from datetime import date

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
