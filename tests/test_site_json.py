"""The site API's own JSON encoder writes exactly what `json.dumps` wrote before it, for any
value a row can hold, and rows encoded once read the same wherever they are spliced in."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from officedata.exporters.site_json import Encoded, encoded, iso_date, json_bytes


def standard(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1, default=iso_date)


# Any text (control characters, quotes, backslashes, non-BMP), every float (NaN, infinities,
# -0.0, exponents), ints past 64 bits, dates, and lists, tuples and dicts of them.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=6), children, max_size=4),
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_the_text_is_json_dumps_text(value: Any) -> None:
    assert encoded(value) == standard(value)
    assert json_bytes(value) == (standard(value) + "\n").encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=6), values, max_size=5), max_size=4), st.text())
def test_a_row_encoded_once_reads_the_same_nested_anywhere(rows: list[Any], name: str) -> None:
    once = [Encoded(encoded(row)) for row in rows]
    document = {"name": name, "rows": rows, "first": rows[0] if rows else None}
    spliced = {"name": name, "rows": once, "first": once[0] if once else None}
    assert encoded(spliced) == standard(document)


def test_keys_that_are_not_text_are_left_to_json() -> None:
    value = {"b": [{2: "two", 1: None}], "a": {True: 1.5}}
    assert encoded(value) == standard(value)


def test_a_value_with_no_json_form_is_refused_as_before() -> None:
    with pytest.raises(TypeError, match="no JSON form for set"):
        encoded({"a": {1, 2}})
    assert encoded([date(2023, 1, 2), datetime(2023, 1, 2, 3, 4)]) == standard(
        [date(2023, 1, 2), datetime(2023, 1, 2, 3, 4)]
    )
