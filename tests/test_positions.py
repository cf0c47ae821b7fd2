"""Cell failures point where editors and GitHub look: the line and character column of the cell."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from officedata.validation.positions import (
    _line_starts,
    cell_position,
    line_offsets,
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


@given(rows=csv_rows, bom=st.booleans(), window=st.sampled_from([1, 2, 5, 16, 1 << 14]))
@settings(max_examples=200, deadline=None)
def test_reading_only_the_record_s_lines_finds_what_reading_the_whole_file_finds(
    rows: list[list[str]], bom: bool, window: int
) -> None:
    from officedata.validation import positions

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["h1", "h2", "h3"])
    writer.writerows(rows)
    text = buffer.getvalue()
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    whole = _line_starts(text)
    record_lines = [line for line, _ in _records(text)]
    stream = io.BytesIO(data)
    offsets = line_offsets(stream, record_lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(positions, "_WINDOW", window)  # tiny windows must widen to the record
        for line in record_lines:
            for field in range(4):  # field 3 lies beyond every record
                found = position_in_file(stream, offsets[line], field)
                expected = cell_position(text, whole, line, field)
                assert (found and (line + found[0] - 1, found[1])) == expected


def test_line_offsets_are_where_each_line_begins_in_bytes() -> None:
    data = b"\xef\xbb\xbfh\n" + "é,1\n".encode() * 3 + b"last"
    assert line_offsets(io.BytesIO(data), [4, 1, 2, 9]) == {1: 3, 2: 5, 4: 15}
    assert line_offsets(io.BytesIO(data), [5]) == {5: 20}
    assert line_offsets(io.BytesIO(b"a\n"), [2, 3]) == {2: 2}


def _records(text: str):
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    for _ in reader:
        yield end + 1, reader.line_num
        end = reader.line_num


@given(
    data=st.binary(max_size=60).filter(lambda b: not b.startswith(b"\xef\xbb\xbf")),
    lines=st.lists(st.integers(1, 30), max_size=6),
    chunk=st.integers(1, 8),
)
@settings(max_examples=200, deadline=None)
def test_line_offsets_agree_with_counting_every_line_end(
    data: bytes, lines: list[int], chunk: int
) -> None:
    from officedata.validation import positions

    starts = [0] + [at + 1 for at, byte in enumerate(data) if byte == ord("\n")]
    expected = {line: starts[line - 1] for line in lines if line <= len(starts)}
    original = positions._CHUNK
    positions._CHUNK = chunk  # small chunks, so whole chunks are skipped
    try:
        assert line_offsets(io.BytesIO(data), lines) == expected
    finally:
        positions._CHUNK = original
