"""Partial ISO dates: YYYY, YYYY-MM or YYYY-MM-DD, as precise as a source allows and no more.

A partial date is kept as text so no day or month is ever invented. These helpers check that
the text names a real calendar period and compare dates at their shared precision.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

PRECISIONS = {4: "year", 7: "month", 10: "day"}


def is_real_partial_date(text: str) -> bool:
    """True when text is YYYY, YYYY-MM or YYYY-MM-DD naming a real period (no 2022-02-30)."""
    match = PARTIAL_DATE.fullmatch(text)
    if not match:
        return False
    year, month, day = match.groups()
    if int(year) < 1:
        return False
    if month is None:
        return True
    if not 1 <= int(month) <= 12:
        return False
    if day is None:
        return True
    return 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]


def precision(text: str) -> str:
    """year, month or day for a well-formed partial date."""
    return PRECISIONS[len(text)]


def is_after(text: str, day: date) -> bool:
    """True when the whole period named by text lies after day (2026-12 is after 2026-11-28)."""
    reference = day.isoformat()[: len(text)]
    return text > reference


def is_before(earlier_candidate: str, other: str) -> bool:
    """True when earlier_candidate is strictly before other at their shared precision.

    2022-10 is not before 2022-10-26 (the month may include that day); 2022-09 is.
    """
    width = min(len(earlier_candidate), len(other))
    return earlier_candidate[:width] < other[:width]


def partial_date_bounds(text: str) -> tuple[date, date] | None:
    """The first and last day of the period a partial date names; None when it names none.

    "2022-11" → (2022-11-01, 2022-11-30); "2022" → (2022-01-01, 2022-12-31); a full date is
    its own bounds. Derived columns (the database's `<field>_earliest` / `<field>_latest`) let
    readers sort and filter by date without pretending to a precision the source lacks.
    """
    if not is_real_partial_date(text):
        return None
    match = PARTIAL_DATE.fullmatch(text)
    assert match is not None  # is_real_partial_date matched it
    year_text, month_text, day_text = match.groups()
    year = int(year_text)
    if month_text is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(month_text)
    if day_text is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(day_text))
    return day, day
