"""A partial date's bounds are the first and last day of the period it names, no more."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from officedata.schema.partial_dates import partial_date_bounds


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("2022-11", date(2022, 11, 1), date(2022, 11, 30)),
        ("2022-12", date(2022, 12, 1), date(2022, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2022-11-08", date(2022, 11, 8), date(2022, 11, 8)),
    ],
)
def test_bounds_span_the_named_period(text: str, earliest: date, latest: date) -> None:
    assert partial_date_bounds(text) == (earliest, latest)


@pytest.mark.parametrize("text", ["", "2022-13", "2023-02-29", "22", "2022-1", "0000", "2022-11-"])
def test_text_that_names_no_period_has_no_bounds(text: str) -> None:
    assert partial_date_bounds(text) is None


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_day_lies_within_the_bounds_of_its_month_and_year(day: date) -> None:
    for text in (day.isoformat()[:4], day.isoformat()[:7], day.isoformat()):
        bounds = partial_date_bounds(text)
        assert bounds is not None
        earliest, latest = bounds
        assert earliest <= day <= latest
        # The bounds are the period's edges: the day before and the day after fall outside it.
        assert earliest == date.min or (earliest - timedelta(days=1)).isoformat()[: len(text)] < text
        assert latest == date.max or (latest + timedelta(days=1)).isoformat()[: len(text)] > text
