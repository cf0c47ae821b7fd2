"""Each field type reads CSV text as a plain-Python reading of Table Schema says it should.

The parsers work on whole Arrow columns (schema/types.py); here each is compared, on generated
texts, with a value-by-value reading in Python: which cells fit their type and what they become.
The texts mix the characters these types are made of, so signs, empty items, digits beyond 64
bits and impossible calendar dates all come up.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from officedata.schema.model import Field
from officedata.schema.types import FIELD_TYPES

INTEGER = re.compile(r"[+-]?[0-9]+")
NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def cells(alphabet: str, examples: list[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), st.sampled_from(examples), st.text(alphabet, min_size=1))


def parsed(kind: str, texts: list[str | None], **extra: Any) -> tuple[list[Any], list[bool]]:
    spec = Field("f", kind, "", "", {}, **extra)
    values, bad = FIELD_TYPES[kind].parse(pa.chunked_array([pa.array(texts, pa.string())]), spec)
    return values.to_pylist(), bad.tolist()


def integer_of(text: str) -> int | None:
    if not INTEGER.fullmatch(text):
        return None
    value = int(text)
    return value if -(2**63) <= value < 2**63 else None


def number_of(text: str) -> float | None:
    if not NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def date_of(text: str) -> date | None:
    if not DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def assert_read_as(
    texts: list[str | None], values: list[Any], bad: list[bool], reading: Any
) -> None:
    for text, value, failed in zip(texts, values, bad, strict=True):
        expected = None if text is None else reading(text)
        assert value == expected, (text, value, expected)
        assert failed == (text is not None and expected is None), (text, failed)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        cells("0123456789+-", ["+5", "-0", "9223372036854775807", "9223372036854775808", "++1"]),
        max_size=12,
    )
)
def test_integers(texts: list[str | None]) -> None:
    assert_read_as(texts, *parsed("integer", texts), integer_of)


@settings(max_examples=150, deadline=None)
@given(st.lists(cells("0123456789+-.eE", ["+.5", "5.", "1e999", "-1E-3", ".", "e5"]), max_size=12))
def test_numbers(texts: list[str | None]) -> None:
    assert_read_as(texts, *parsed("number", texts), number_of)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            cells("0123456789-", ["2024-02-29", "2023-02-29", "2022-04-31", "0000-01-01"]),
            st.dates().map(date.isoformat),
        ),
        max_size=12,
    )
)
def test_dates(texts: list[str | None]) -> None:
    assert_read_as(texts, *parsed("date", texts), date_of)


def integer_list_of(text: str) -> list[int] | None:
    items = [integer_of(item) for item in text.split(";")]
    return None if any(item is None for item in items) else items  # type: ignore[return-value]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        cells("0123456789+-;", ["1;2", "1;;2", ";", "3;++4", "99999999999999999999"]), max_size=12
    )
)
def test_lists_of_integers(texts: list[str | None]) -> None:
    values, bad = parsed("list", texts, delimiter=";", item_type="integer")
    assert_read_as(texts, values, bad, integer_list_of)
