"""Cell failures point where editors and GitHub look: the line and character column of the cell."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from officedata.validation.positions import (
    _line_starts,
    byte_line_starts,
    cell_position,
    position_in_file,
)

cells = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r"), max_size=12
)


def encoded(cell: str) -> str:
    """The cell as the csv module writes it inside a row of several cells."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([cell, ""])  # never a row of one cell
    return buffer.getvalue()[:-2]  # without the empty cell's "," and the line end


@given(row=st.lists(cells, min_size=1, max_size=5))
@settings(max_examples=150, deadline=None)
def test_the_column_is_where_the_cell_text_begins(row: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["h"])
    writer.writerow(row)
    text = buffer.getvalue()
    starts = _line_starts(text)
    for index in range(len(row)):
        before = ",".join(encoded(cell) for cell in row[:index]) + ("," if index else "")
        line = 2 + before.count("\n")
        column = len(before) - (before.rfind("\n") + 1) + 1
        assert cell_position(text, starts, 2, index) == (line, column)


def test_a_field_beyond_the_record_has_no_position() -> None:
    text = "a,b\n1,2\n"
    assert cell_position(text, _line_starts(text), 2, 5) is None


csv_rows = st.lists(
    st.lists(
        st.text(alphabet=st.sampled_from(["a", "é", "中", ",", '"', "\n", " ", "😀"]), max_size=6),
        min_size=3,
        max_size=3,
    ),
    min_size=1,
    max_size=6,
)


@given(rows=csv_rows, bom=st.booleans())
@settings(max_examples=150, deadline=None)
def test_reading_only_the_record_s_lines_finds_what_reading_the_whole_file_finds(
    rows: list[list[str]], bom: bool
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["h1", "h2", "h3"])
    writer.writerows(rows)
    text = buffer.getvalue()
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    whole, byte_starts = _line_starts(text), byte_line_starts(data)
    record_lines = [line for line, _ in _records(text)]
    for line in record_lines:
        for field in range(4):  # field 3 lies beyond every record
            assert position_in_file(data, byte_starts, line, field) == cell_position(
                text, whole, line, field
            )


def _records(text: str):
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    for _ in reader:
        yield end + 1, reader.line_num
        end = reader.line_num
