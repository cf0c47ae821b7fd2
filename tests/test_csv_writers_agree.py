"""The fast Arrow CSV writer gives the same bytes as `fmt`'s canonical writer, for any text."""

from __future__ import annotations

import io

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from officedata.exporters.csv import header_line, render_rows
from officedata.fmt import canonical_csv
from officedata.package import Field, Resource, TableSchema

# What a validated cell can hold: any text UTF-8 can encode (no lone surrogates) but NUL and CR
# (the validator refuses both).
cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=12
)
tricky = st.sampled_from(["", ",", '"', "\n", 'a"b', "a,b", " x ", "中文", "=1+2", "\t", '""'])


def resource(names: list[str]) -> Resource:
    fields = tuple(
        Field(name=n, type="string", title=n, description="", constraints={}) for n in names
    )
    return Resource(
        name="t",
        path="data/t.csv",
        schema_path=None,
        schema=TableSchema(fields=fields, primary_key=(), foreign_keys=()),
    )


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    width=st.integers(min_value=1, max_value=4),
    data=st.data(),
)
def test_arrow_writer_matches_the_canonical_writer(width: int, data: st.DataObject) -> None:
    names = [f"c{i}" for i in range(width)]
    rows = data.draw(st.lists(st.lists(cell | tricky, min_size=width, max_size=width), max_size=6))
    expected = canonical_csv(names, rows, resource(names))
    table = pa.table(
        {
            name: pa.array([row[i] or None for row in rows], pa.string())
            for i, name in enumerate(names)
        }
    )
    stream = io.BytesIO()
    stream.write(header_line(names))
    stream.write(render_rows(table))
    assert stream.getvalue() == expected
