"""The one canonical writer (officedata.table.csvwrite) writes what Python's csv module writes, and
`fmt` and the CSV exporter, which both use it, give the same bytes for the same table."""

from __future__ import annotations

import csv
import io

import pyarrow as pa
from conftest import edit_schema, read_rows, write_rows
from hypothesis import given, settings
from hypothesis import strategies as st

from officedata.schema.model import Field, TableSchema
from officedata.table.csvwrite import canonical_bytes, header_line, render_rows

# What a validated cell can hold: any text UTF-8 can encode (no lone surrogates) but NUL and CR
# (the validator refuses both).
cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=12
)
tricky = st.sampled_from(["", ",", '"', "\n", 'a"b', "a,b", " x ", "中文", "=1+2", "\t", '""'])


def python_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """The reference: Python's csv writer, QUOTE_MINIMAL, LF."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def arrow_text(names: list[str], rows: list[list[str]]) -> pa.Table:
    """Rows as the CSV reader gives them: text columns, null where empty."""
    return pa.table(
        {
            name: pa.array([row[i] or None for row in rows], pa.string())
            for i, name in enumerate(names)
        }
    )


def string_field(name: str) -> Field:
    return Field(name=name, type="string", title=name, description="", constraints={})


@settings(max_examples=200, deadline=None)
@given(width=st.integers(min_value=1, max_value=4), data=st.data())
def test_rows_render_as_pythons_csv_writer_writes_them(width: int, data: st.DataObject) -> None:
    names = [f"c{i}" for i in range(width)]
    rows = data.draw(st.lists(st.lists(cell | tricky, min_size=width, max_size=width), max_size=6))
    stream = io.BytesIO()
    stream.write(header_line(names))
    stream.write(render_rows(arrow_text(names, rows)))
    assert stream.getvalue() == python_csv(names, rows)


BOOLEAN = Field(
    name="flag",
    type="boolean",
    title="flag",
    description="",
    constraints={},
    true_values=("yes", "true"),
    false_values=("no", "false"),
)
SPELLINGS = {"yes": "yes", "YES": "yes", "True": "yes", "TRUE": "yes", "true": "yes"} | {
    "no": "no",
    "No": "no",
    "FALSE": "no",
    "false": "no",
}


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(cell | tricky, st.sampled_from([*SPELLINGS, "", "1", "maybe", "ja"]), cell),
        max_size=8,
    )
)
def test_canonical_form_sorts_by_key_and_spells_booleans_as_the_schema(rows) -> None:
    """Key order (stable, empty first), the schema's first spelling, every other cell as is."""
    schema = TableSchema(
        fields=(string_field("key"), BOOLEAN, string_field("note")),
        primary_key=("key",),
        foreign_keys=(),
    )
    names = schema.field_names
    # The note column first: the writer puts columns in the schema's order.
    table = arrow_text(["note", "key", "flag"], [[n, k, f] for k, f, n in rows])
    expected = sorted(([k, SPELLINGS.get(f, f), n] for k, f, n in rows), key=lambda row: row[0])
    assert canonical_bytes(table, schema) == python_csv(names, expected)


def test_fmt_and_the_csv_exporter_write_the_same_bytes(package, tmp_path) -> None:
    """A valid file that is not canonical (row order, quoting, boolean spelling): fmt rewrites
    it to exactly the bytes `export csv` writes for it."""
    from helpers import run_cli

    def spellings(schema: dict) -> None:
        field = next(f for f in schema["fields"] if f["name"] == "disputed")
        field["trueValues"], field["falseValues"] = ["true", "TRUE", "yes"], ["false", "No"]

    edit_schema(package, "offices", spellings)
    path = package / "data" / "offices.csv"
    rows = read_rows(path)
    for index, row in enumerate(rows):
        row["disputed"] = ["TRUE", "yes", "No", "false"][index % 4]
        row["notes"] = row["notes"] + ' "quoted", with a comma' if index % 3 == 0 else row["notes"]
    write_rows(path, list(reversed(rows)))
    code, output = run_cli("export", "csv", str(package), "--out", str(tmp_path / "out"))
    assert code == 0, output
    exported = (tmp_path / "out" / "data" / "offices.csv").read_bytes()
    code, output = run_cli("fmt", str(package))
    assert code == 0, output
    formatted = path.read_bytes()
    assert formatted == exported
    assert formatted != b""
    values = [row["disputed"] for row in read_rows(path)]
    assert set(values) == {"true", "false"}
