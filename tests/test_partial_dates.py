"""Partial dates are real calendar periods and compare at their shared precision."""

from __future__ import annotations

from datetime import date

import pytest

from officedata.schema.partial_dates import is_after, is_before, is_real_partial_date


@pytest.mark.parametrize("text", ["2022", "2022-11", "2022-11-01", "2024-02-29"])
def test_real_partial_dates(text):
    assert is_real_partial_date(text)


@pytest.mark.parametrize(
    "text", ["2022-13", "2022-00", "2022-02-30", "2023-02-29", "22", "2022-1", "0000"]
)
def test_impossible_or_malformed_dates(text):
    assert not is_real_partial_date(text)


def test_future_is_judged_on_the_whole_period():
    today = date(2026, 11, 28)
    assert not is_after("2026", today)
    assert not is_after("2026-11", today)
    assert is_after("2026-11-29", today)
    assert is_after("2026-12", today)


def test_before_compares_at_shared_precision():
    assert not is_before("2022-10", "2022-10-26")
    assert is_before("2022-09", "2022-10-26")
    assert is_before("2022-10-25", "2022-10-26")
    assert not is_before("2022", "2022-12-05")
