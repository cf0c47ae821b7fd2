"""The schema's checks (validation/model.py, on Arrow) against a plain-Python reading of each
constraint, on generated columns: the rows a check marks are exactly the present values that
break it, whatever the column's type and however its chunks fall; empty cells pass them all."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from officedata.schema.model import Field
from officedata.validation import model


class _OneColumn:
    """A table stand-in holding one typed column."""

    def __init__(self, values: pa.ChunkedArray) -> None:
        self.values = values

    def column(self, name: str) -> pa.ChunkedArray:
        return self.values


def _marked(kind: str, spec: Field, bound: Any, values: list[Any], arrow_type: Any) -> list[int]:
    """The rows the model's check marks, the column split in two chunks."""
    half = len(values) // 2
    column = pa.chunked_array(
        [pa.array(values[:half], arrow_type), pa.array(values[half:], arrow_type)],
        type=arrow_type,
    )
    rows_of = model._present_rows_failing(spec.name, model._TESTS[kind], spec, bound)
    return rows_of(_OneColumn(column)).tolist()  # type: ignore[arg-type]


def _breaking(values: list[Any], breaks: Any) -> list[int]:
    return [row for row, value in enumerate(values) if value is not None and breaks(value)]


def _field(kind: str, constraints: dict[str, Any], **extra: Any) -> Field:
    return Field("field", kind, "", "", constraints, **extra)


_INTEGERS = st.lists(st.one_of(st.none(), st.integers(-(2**40), 2**40)), max_size=30)
_NUMBERS = st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6)), max_size=30)
_TEXTS = st.lists(
    st.one_of(st.none(), st.text(alphabet="ab-1 \u200b\u3000é\t", max_size=6)), max_size=30
)


def _assert_bounds(kind: str, values: list[Any], bound: float, arrow_type: Any) -> None:
    spec = _field(kind, {"minimum": bound, "maximum": bound})
    assert _marked("minimum", spec, bound, values, arrow_type) == _breaking(
        values, lambda v: v < bound
    )
    assert _marked("maximum", spec, bound, values, arrow_type) == _breaking(
        values, lambda v: v > bound
    )


@given(_INTEGERS, st.integers(-(2**40), 2**40))
@settings(max_examples=150, deadline=None)
def test_integer_bounds(values: list[int | None], bound: int) -> None:
    _assert_bounds("integer", values, bound, pa.int64())


@given(_NUMBERS, st.floats(-1e6, 1e6))
@settings(max_examples=150, deadline=None)
def test_number_bounds(values: list[float | None], bound: float) -> None:
    _assert_bounds("number", values, bound, pa.float64())


@given(_TEXTS, st.integers(0, 6))
@settings(max_examples=150, deadline=None)
def test_text_lengths_count_characters_not_bytes(values: list[str | None], bound: int) -> None:
    spec = _field("string", {"minLength": bound, "maxLength": bound})
    assert _marked("minLength", spec, bound, values, pa.string()) == _breaking(
        values, lambda v: len(v) < bound
    )
    assert _marked("maxLength", spec, bound, values, pa.string()) == _breaking(
        values, lambda v: len(v) > bound
    )


@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(["a", "bc"]))), max_size=30))
@settings(max_examples=150, deadline=None)
def test_list_lengths_count_items(values: list[list[str] | None]) -> None:
    spec = _field("list", {"minLength": 1, "maxLength": 2})
    kind = pa.list_(pa.string())
    assert _marked("minLength", spec, 1, values, kind) == _breaking(values, lambda v: len(v) < 1)
    assert _marked("maxLength", spec, 2, values, kind) == _breaking(values, lambda v: len(v) > 2)


@given(_TEXTS)
@settings(max_examples=150, deadline=None)
def test_blank_texts_are_those_of_blank_or_invisible_characters_only(
    values: list[str | None],
) -> None:
    spec = _field("string", {"required": True})
    assert _marked("notBlank", spec, True, values, pa.string()) == _breaking(
        values, lambda v: all(character in model.BLANK for character in v)
    )


@given(_TEXTS)
@settings(max_examples=150, deadline=None)
def test_a_pattern_must_match_the_whole_value(values: list[str | None]) -> None:
    pattern = "[a-b]+(-[0-9]+)?"
    spec = _field("string", {"pattern": pattern})
    assert _marked("pattern", spec, pattern, values, pa.string()) == _breaking(
        values, lambda v: re.fullmatch(pattern, v) is None
    )


@given(_TEXTS, st.lists(st.sampled_from(["a", "b", "a b", ""]), min_size=1, max_size=3))
@settings(max_examples=150, deadline=None)
def test_a_text_enum(values: list[str | None], allowed: list[str]) -> None:
    spec = _field("string", {"enum": allowed})
    assert _marked("enum", spec, allowed, values, pa.string()) == _breaking(
        values, lambda v: v not in allowed
    )


@given(_INTEGERS, st.lists(st.sampled_from([0, 1, "1", "x", 2.0, 2.5, -3]), min_size=1))
@settings(max_examples=150, deadline=None)
def test_an_integer_enum_compares_numbers_and_their_lexical_forms(
    values: list[int | None], allowed: list[Any]
) -> None:
    spec = _field("integer", {"enum": allowed})
    numbers = {float(v) for v in allowed if v != "x"}  # "x" can equal no integer
    assert _marked("enum", spec, allowed, values, pa.int64()) == _breaking(
        values, lambda v: float(v) not in numbers
    )


@given(_NUMBERS.map(lambda vs: [None if v is None else round(v) / 2 for v in vs]))
@settings(max_examples=100, deadline=None)
def test_a_number_enum(values: list[float | None]) -> None:
    allowed: list[Any] = [0, 0.5, "1.5"]
    spec = _field("number", {"enum": allowed})
    assert _marked("enum", spec, allowed, values, pa.float64()) == _breaking(
        values, lambda v: v not in {0.0, 0.5, 1.5}
    )


@given(st.lists(st.one_of(st.none(), st.booleans()), max_size=30))
@settings(max_examples=50, deadline=None)
def test_a_boolean_enum(values: list[bool | None]) -> None:
    spec = _field("boolean", {"enum": [True]})
    assert _marked("enum", spec, [True], values, pa.bool_()) == _breaking(
        values, lambda v: v is not True
    )


def test_a_date_enum_lists_dates_as_text_and_an_impossible_one_equals_nothing() -> None:
    allowed = ["2024-01-31", "2024-02-30"]
    values = [date(2024, 1, 31), None, date(2024, 2, 1)]
    spec = _field("date", {"enum": allowed})
    assert _marked("enum", spec, allowed, values, pa.date32()) == [2]


def test_a_list_is_never_one_of_an_enum_of_texts() -> None:
    """The schema may give a list field an enum (of texts or numbers): no list equals one."""
    values = [["a"], None, ["a", "b"]]
    spec = _field("list", {"enum": ["a"]})
    assert _marked("enum", spec, ["a"], values, pa.list_(pa.string())) == [0, 2]
