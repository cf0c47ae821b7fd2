"""Structural problems of a CSV file are reported with file and line, never as a traceback."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import run_cli, validate_json
from hypothesis import given, settings
from hypothesis import strategies as st

from officedata.table.csvheader import check_header
from officedata.table.csvquoting import quoting_break

OFFICES = "data/offices.csv"


def rewrite(package, transform):
    path = package / OFFICES
    path.write_bytes(transform(path.read_bytes()))


def _in_first_row(data: bytes, planted: bytes) -> bytes:
    """Put bytes at the start of the first data row (line 2)."""
    header, rest = data.split(b"\n", 1)
    return header + b"\n" + planted + rest


@pytest.mark.parametrize(
    ("case", "transform", "rule", "line"),
    [
        ("bom", lambda b: b"\xef\xbb\xbf" + b, "encoding", 1),
        ("crlf", lambda b: b.replace(b"\n", b"\r\n"), "line-endings", 1),
        ("nul", lambda b: _in_first_row(b, b"\x00"), "encoding", 2),
        ("latin-1", lambda b: _in_first_row(b, "ü".encode("latin-1")), "encoding", 2),
        ("empty", lambda b: b"", "empty-file", 1),
        ("header-only", lambda b: b.split(b"\n")[0] + b"\n", "no-rows", 1),
        ("ragged", lambda b: b.replace(b",false,", b",false,,", 1), "ragged-row", 2),
    ],
)
def test_structural_problem_is_located(package, case, transform, rule, line):
    rewrite(package, transform)
    code, report = validate_json(package)
    assert code == 1
    found = [f for f in report["failures"] if f["rule"] == rule and f["file"] == OFFICES]
    assert found, report["failures"]
    assert found[0]["line"] == line


def test_missing_file_is_named(package):
    (package / OFFICES).unlink()
    code, report = validate_json(package)
    assert code == 1
    [failure] = [f for f in report["failures"] if f["rule"] == "missing-file"]
    # Reported where the descriptor declares the file, naming it.
    assert failure["file"] == "datapackage.json" and failure["line"] is not None
    assert OFFICES in failure["message"]


@pytest.mark.parametrize(
    ("case", "edit", "needle"),
    [
        ("extra", lambda h: [*h, "extra"], "unexpected column 'extra'"),
        ("missing", lambda h: h[:-1], "missing column 'sources'"),
        ("renamed", lambda h: ["id", *h[1:]], "renamed? the schema has 'office_id' here"),
        ("reordered", lambda h: [h[1], h[0], *h[2:]], "out of order"),
    ],
)
def test_header_problems_are_explained(package, case, edit, needle):
    path = package / OFFICES
    text = path.read_text(encoding="utf-8").split("\n")
    text[0] = ",".join(edit(text[0].split(",")))
    path.write_text("\n".join(text), encoding="utf-8")
    code, report = validate_json(package)
    assert code == 1
    messages = [f["message"] for f in report["failures"] if f["rule"] == "header"]
    assert any(needle in m for m in messages), messages
    assert all(f["line"] == 1 for f in report["failures"] if f["rule"] == "header")


def test_line_numbers_follow_line_breaks_inside_quoted_cells(package, set_cell):
    set_cell("offices", 0, "notes", "first line\nsecond line")
    set_cell("offices", 1, "status", "raided")
    code, report = validate_json(package)
    assert code == 1
    [failure] = [f for f in report["failures"] if f["rule"] == "enum"]
    assert failure["line"] == 4  # header, row 1 spans lines 2-3, row 2 starts on line 4


def test_other_tables_are_still_checked_when_one_is_unreadable(package, set_cell):
    (package / OFFICES).write_bytes(b"")
    set_cell("reports", 0, "language", "english")
    code, report = validate_json(package)
    assert code == 1
    files = {f["file"] for f in report["failures"]}
    assert {"data/offices.csv", "data/reports.csv"} <= files


@pytest.mark.parametrize(
    ("case", "mutate", "rule"),
    [
        (
            "malformed-json",
            lambda p: (p / "datapackage.json").write_text('{"name": ', "utf-8"),
            "invalid-json",
        ),
        ("escaping-path", lambda p: _set_path(p, "../../etc/passwd"), "unsafe-path"),
        ("absolute-path", lambda p: _set_path(p, "/etc/passwd"), "unsafe-path"),
        ("url-path", lambda p: _set_path(p, "https://example.org/offices.csv"), "unsafe-path"),
        ("unknown-type", lambda p: _set_type(p, "geopoint"), "schema"),
    ],
)
def test_descriptor_and_schema_problems_exit_1(package, case, mutate, rule):
    mutate(package)
    code, report = validate_json(package)
    assert code == 1
    assert any(f["rule"] == rule for f in report["failures"]), report["failures"]


def _set_path(package, path):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = path
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def _set_type(package, kind):
    schema = json.loads((package / "schemas/offices.json").read_text(encoding="utf-8"))
    schema["fields"][2]["type"] = kind
    (package / "schemas/offices.json").write_text(json.dumps(schema), encoding="utf-8")


def _pad_rows(data: bytes, copies: int) -> bytes:
    """Repeat the first data row with new ids, so the file outgrows pyarrow's parse blocks."""
    header, first, rest = data.split(b"\n", 2)
    office_id = first.split(b",", 1)[0]
    extra = b"".join(
        first.replace(office_id, office_id + b"-copy%d" % i, 1) + b"\n" for i in range(copies)
    )
    return header + b"\n" + first + b"\n" + rest + extra


def test_invalid_utf8_far_from_the_header_is_located(package):
    def plant(data: bytes) -> bytes:
        padded = _pad_rows(data, 3000)
        last = padded.rstrip(b"\n").rsplit(b"\n", 1)[1]
        return padded + last.replace(b",false,", ",false,ü".encode("latin-1"), 1) + b"\n"

    rewrite(package, plant)
    code, report = validate_json(package)
    lines = (package / OFFICES).read_bytes().count(b"\n")
    found = [f for f in report["failures"] if f["rule"] == "encoding"]
    assert code == 1
    assert [f["line"] for f in found] == [lines]


def test_a_cell_larger_than_a_parse_block_is_read_and_judged(package):
    huge = b"x" * (3 << 20)
    rewrite(package, lambda b: b.replace(b",false,", b",false," + huge, 1))
    code, report = validate_json(package)
    found = [f for f in report["failures"] if f["file"] == OFFICES]
    assert code == 1
    assert [(f["rule"], f["field"], f["line"]) for f in found] == [("maxLength", "notes", 2)]


def test_a_malformed_header_is_reported_not_raised(package):
    rewrite(package, lambda b: b'"office_id"x,' + b.split(b",", 1)[1])
    code, report = validate_json(package)
    found = [f for f in report["failures"] if f["file"] == OFFICES]
    assert code == 1
    assert found and found[0]["line"] == 1


def _break_line(data: bytes, line: int, old: bytes, new: bytes) -> bytes:
    lines = data.split(b"\n")
    assert old in lines[line - 1], (line, old)
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return b"\n".join(lines)


def _column_of(data: bytes, line: int, marker: bytes) -> int:
    """The character column (from 1) where marker starts on a line."""
    text = data.split(b"\n")[line - 1]
    return len(text[: text.index(marker)].decode("utf-8")) + 1


@pytest.mark.parametrize(
    ("case", "old", "new", "marker"),
    [
        # Row 2 (line 3) ends its quoted notes with 'not readable."': text follows the quote.
        ("text-after-closing-quote", b'not readable.",', b'not readable."tail,', b"tail,"),
        # A quote inside a cell that is not quoted (line 3's city is empty; use the id).
        ("quote-in-unquoted-cell", b"ao-unlocated-1,", b'ao-un"located-1,', b'"located'),
        ("doubled-quote-in-unquoted-cell", b"ao-unlocated-1,", b'ao""unlocated-1,', b'""'),
    ],
)
def test_malformed_quoting_is_located_by_validate_and_fmt(package, case, old, new, marker):
    """pyarrow reads these without complaint; both commands report the same character."""
    path = package / OFFICES
    broken = _break_line(path.read_bytes(), 3, old, new)
    path.write_bytes(broken)
    column = _column_of(broken, 3, marker)
    code, report = validate_json(package)
    assert code == 1
    found = [f for f in report["failures"] if f["file"] == OFFICES]
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [("csv", 3, column)], found
    code, output = run_cli("fmt", str(package), "--check")
    assert code == 1
    assert f"{OFFICES}:3:{column}: error malformed CSV quoting" in output
    assert path.read_bytes() == broken


def test_a_quote_never_closed_is_located_where_it_opens(package):
    path = package / OFFICES
    data = path.read_bytes()
    lines = data.count(b"\n")
    path.write_bytes(data + b'zz-test-1,"AE\n')
    code, report = validate_json(package)
    assert code == 1
    found = [f for f in report["failures"] if f["file"] == OFFICES]
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [("csv", lines + 1, 11)]
    assert "closing quote is missing" in found[0]["message"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a,b\n", None),
        (b'"a""b",c\n', None),
        (b'"",""\n', None),
        (b'"a,b"\n"c\nd"\n', None),
        (b'a,"b"\r\nc,d\r\n', None),
        (b'"""a"\n', None),
        (b'""""', None),
        (b'"quoted"tail\n', 8),
        (b'x,"a""b"c\n', 8),
        (b'ab"c\n', 2),
        (b'ab""c\n', 2),
        (b'"unclosed\n', 0),
        (b'a,"b""\n', 2),
        (b'"a" ,b\n', 3),
    ],
)
def test_quoting_break_offsets(data, expected):
    found = quoting_break(data)
    assert (found and found[0]) == expected


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.text(alphabet='ab,"\n\r x', max_size=6), min_size=1, max_size=4),
        min_size=1,
        max_size=5,
    ),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    terminator=st.sampled_from(["\n", "\r\n"]),
)
def test_whatever_a_csv_writer_writes_has_sound_quoting(rows, quoting, terminator):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, quoting=quoting, lineterminator=terminator).writerows(rows)
    assert quoting_break(buffer.getvalue().encode("utf-8")) is None


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(st.text(alphabet="ab x", min_size=1, max_size=6), min_size=1, max_size=4),
    data=st.data(),
)
def test_a_stray_quote_in_an_unquoted_cell_is_found(cells, data):
    """A quote put anywhere inside (not at the start of) an unquoted cell breaks quoting there."""
    cell = data.draw(st.integers(0, len(cells) - 1))
    at = data.draw(st.integers(1, len(cells[cell])))
    cells[cell] = cells[cell][:at] + '"' + cells[cell][at:]
    line = ",".join(cells) + "\n"
    expected = sum(len(c) + 1 for c in cells[:cell]) + at
    assert quoting_break(line.encode("utf-8")) is not None
    assert quoting_break(line.encode("utf-8"))[0] == expected


def test_a_wide_header_is_checked_column_by_column():
    """100,000 columns: each problem named at its column (a quadratic check took minutes)."""
    expected = [f"c{i}" for i in range(100_000)]
    header = list(expected)
    header[5] = "renamed"
    header[99_999] = "c99998"  # c99999 missing, c99998 twice
    failures = check_header("t.csv", header, expected)
    assert [(f.column, f.message) for f in failures] == [
        (6, "unexpected column 'renamed' (renamed? the schema has 'c5' here)"),
        (6, "missing column 'c5' (the schema has it as column 6)"),
        (100_000, "missing column 'c99999' (the schema has it as column 100000)"),
        (100_000, "column 'c99998' appears more than once"),
    ]
    swapped = [*expected[:-2], expected[-1], expected[-2]]
    [failure] = check_header("t.csv", swapped, expected)
    assert failure.column == 99_999 and "out of order" in failure.message
    assert "(100,000 columns)" in failure.message
