"""Read one resource's CSV file into columns of text, checking its structure first.

Rules enforced here, before any value is looked at:
- the file exists, lies inside the package folder and is not empty;
- it is UTF-8 without a byte-order mark, has no NUL bytes and uses LF line endings;
- its header names exactly the schema's fields, in the schema's order;
- every row has as many cells as the header, and there is at least one row.

The fast path parses with pyarrow; only when that fails, or when line numbers are needed and
cells hold line breaks, is the file scanned again with Python's csv module, which knows lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from officedata.failures import Failure
from officedata.schema.model import Package, Resource

if TYPE_CHECKING:
    import pyarrow as pa

# Small blocks parse in parallel; a cell larger than a block makes pyarrow give up, so the
# file is then parsed again with blocks large enough for the biggest cell we accept.
_BLOCK_SIZE = 1 << 20
_LARGE_BLOCK_SIZE = 64 << 20
csv.field_size_limit(1 << 30)


@dataclass
class RawTable:
    """A table as text: pyarrow string columns (null where empty) plus line bookkeeping.

    `data`, the file's bytes, is kept only when a cell holds a line break, because only then
    are line numbers not simply row + 2; otherwise it is dropped to save memory.
    """

    file: str
    header: list[str]
    columns: pa.Table
    data: bytes | None = field(default=None, repr=False)

    @property
    def num_rows(self) -> int:
        return self.columns.num_rows

    def column_number(self, name: str) -> int:
        return self.header.index(name) + 1

    @cached_property
    def _line_starts(self) -> list[int] | None:
        if self.data is None:
            return None
        return [line for line, cells in _records_with_lines(self.data) if cells][1:]

    def line_of(self, row: int) -> int:
        """The line (1-based, as an editor counts) where data row `row` (0-based) begins."""
        starts = self._line_starts
        return row + 2 if starts is None else starts[row]


def _one_line_per_row(data: bytes, rows: int) -> bool:
    """True when no cell holds a line break: data row i then sits on line i + 2."""
    return data.count(b"\n") - (0 if data.endswith(b"\n") else -1) == rows + 1


def _records_with_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line number, cells) for each CSV record, the way an editor counts lines."""
    text = io.StringIO(data.decode("utf-8-sig"), newline="")
    reader = csv.reader(text, strict=True)
    end_line = 0
    for cells in reader:
        start_line = end_line + 1
        end_line = reader.line_num
        yield start_line, cells


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _fail(file: str, rule: str, message: str, line: int | None = None, column: int | None = None):
    return Failure(file=file, line=line, column=column, rule=rule, message=message)


def read_resource_bytes(
    package: Package, resource: Resource
) -> tuple[bytes | None, Failure | None]:
    """The bytes of a resource's file, or a failure; never reads outside the package folder.

    Every command reads CSVs through this. Problems with the file as a whole are reported where
    the descriptor declares it, the line a contributor can open.
    """
    shown = resource.path
    path = package.root / resource.path
    declared_in, declared_line, declared_column = resource.declared_at

    def at_declaration(rule: str, message: str) -> Failure:
        return Failure(declared_in, declared_line, declared_column, rule, message)

    if not path.resolve().is_relative_to(package.root.resolve()):
        return None, at_declaration(
            "unsafe-path",
            f"{shown} (resource '{resource.name}') resolves outside the package folder "
            "(a link?); it was not read",
        )
    try:
        return path.read_bytes(), None
    except FileNotFoundError:
        return None, at_declaration(
            "missing-file", f"{shown} (resource '{resource.name}') does not exist"
        )
    except OSError as error:
        return None, at_declaration("unreadable-file", f"cannot read {shown}: {error.strerror}")


def read_raw_table(package: Package, resource: Resource) -> tuple[RawTable | None, list[Failure]]:
    """The table's text columns, or None when its structure is too broken to read values."""
    shown = resource.path
    failures: list[Failure] = []
    data, failure = read_resource_bytes(package, resource)
    if data is None:
        return None, [failure] if failure else []
    if not data or data.isspace():  # isspace() scans without copying 100s of MB
        return None, [
            _fail(shown, "empty-file", f"{shown} is empty; it needs a header row and rows", 1)
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        failures.append(
            _fail(
                shown,
                "encoding",
                "file starts with a UTF-8 byte-order mark (BOM); "
                "save it as UTF-8 without BOM (officedata fmt does this)",
                1,
            )
        )
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        failures.append(_fail(shown, "encoding", "file contains a NUL byte", _line_at(data, nul)))
        return None, failures
    # Decoding the whole file only to check it is UTF-8 costs a second pass; pyarrow checks
    # every cell while parsing, so the full check runs only when something else went wrong.
    if b"\r" in data:
        if utf8 := _utf8_failure(shown, data):
            return None, [*failures, utf8]
        failures.extend(carriage_returns(shown, data))
    first_line, malformed = _first_record(data)
    if first_line is None:
        # The header itself is broken, e.g. by a stray quote (or the file is not UTF-8).
        header_failure = _fail(shown, "csv", f"malformed CSV header: {malformed}", 1)
        return None, [*failures, _utf8_failure(shown, data) or header_failure]
    header_failures = check_header(shown, first_line, resource.schema.field_names)
    if header_failures:
        utf8 = _utf8_failure(shown, data)
        return None, failures + ([utf8] if utf8 else header_failures)
    table, parse_failures = _parse(shown, data, first_line)
    if table is None:
        if utf8 := _utf8_failure(shown, data):
            return None, [*failures, utf8]
        # Find, with line numbers, the rows that made pyarrow give up.
        return None, failures + (_diagnose_rows(shown, data, len(first_line)) or parse_failures)
    if table.num_rows == 0:
        failures.append(_fail(shown, "no-rows", f"{shown} has a header but no data rows", 1))
        return None, failures
    kept = None if _one_line_per_row(data, table.num_rows) else data
    return RawTable(file=shown, header=first_line, columns=table, data=kept), failures


def _first_record(data: bytes) -> tuple[list[str] | None, str]:
    """The header's cells, decoding only as much of the file as the first record needs."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
    try:
        return next(csv.reader(text, strict=True), []), ""
    except (UnicodeDecodeError, csv.Error) as error:
        return None, str(error)


def _utf8_failure(shown: str, data: bytes) -> Failure | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _fail(
            shown,
            "encoding",
            f"file is not valid UTF-8 (byte {data[error.start]:#04x} "
            "cannot be decoded); save it as UTF-8",
            _line_at(data, error.start),
        )
    return None


def carriage_returns(shown: str, data: bytes) -> list[Failure]:
    """CRs ending rows (form: fmt fixes them) apart from CRs inside quoted cells (values: fmt
    must not change them, so the contributor edits the cell)."""
    failures = []
    inside = 0
    try:
        for line, cells in _records_with_lines(data):
            for column, cell in enumerate(cells, start=1):
                if "\r" in cell:
                    inside += cell.count("\r")
                    failures.append(
                        _fail(
                            shown,
                            "carriage-return",
                            "cell holds a carriage return (CR, a Windows line break); use a "
                            "plain line break (LF) in the cell. fmt does not change values",
                            line,
                            column,
                        )
                    )
    except csv.Error:
        inside = 0  # the structure checks below report the broken quoting
    if data.count(b"\r") > inside:
        failures.append(
            _fail(
                shown,
                "line-endings",
                "file uses CR/CRLF line endings; canonical form is LF (officedata fmt converts them)",
                _line_at(data, data.find(b"\r")),
            )
        )
    return failures


def check_header(shown: str, header: list[str], expected: list[str]) -> list[Failure]:
    """The header must list the schema's fields exactly, in order; say what differs, by column."""
    if header == expected:
        return []
    failures = []
    missing = [name for name in expected if name not in header]
    unexpected = [name for name in header if name not in expected]
    for position, name in enumerate(header, start=1):
        if name in unexpected:
            hint = ""
            if not name.strip():
                hint = " (an empty column name: a trailing comma in the header?)"
            elif position <= len(expected) and expected[position - 1] in missing:
                hint = f" (renamed? the schema has '{expected[position - 1]}' here)"
            failures.append(
                _fail(shown, "header", f"unexpected column '{name}'{hint}", 1, position)
            )
    for name in missing:
        position = expected.index(name) + 1
        failures.append(
            _fail(
                shown,
                "header",
                f"missing column '{name}' (the schema has it as column {position})",
                1,
                position,
            )
        )
    for position, name in enumerate(header, start=1):
        if header.index(name) + 1 != position:
            failures.append(
                _fail(shown, "header", f"column '{name}' appears more than once", 1, position)
            )
    if not failures:
        position = next(i for i, (a, b) in enumerate(zip(header, expected, strict=False)) if a != b)
        failures.append(
            _fail(
                shown,
                "header",
                f"columns are out of order: column {position + 1} is '{header[position]}' "
                f"but the schema has '{expected[position]}'; the schema's order is: "
                + ", ".join(expected),
                1,
                position + 1,
            )
        )
    return failures


def _parse(shown: str, data: bytes, header: list[str]) -> tuple[pa.Table | None, list[Failure]]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    for block_size in (_BLOCK_SIZE, _LARGE_BLOCK_SIZE):
        try:
            table = pacsv.read_csv(
                pa.py_buffer(data),
                read_options=pacsv.ReadOptions(block_size=block_size, use_threads=True),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(header, pa.string()),
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=True,
                    null_values=[""],
                ),
            )
        except (pa.ArrowInvalid, pa.ArrowException) as error:
            failure = error
        else:
            return table, []
    return None, [_fail(shown, "csv", f"cannot parse the CSV: {failure}")]


def _diagnose_rows(shown: str, data: bytes, width: int) -> list[Failure]:
    """Find, with line numbers, the rows that made the fast parser give up."""
    failures = []
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True)
    end_line = 0
    while True:
        start_line = end_line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            hint = " (a quote that is never closed?)" if "end of data" in str(error) else ""
            failures.append(
                _fail(
                    shown,
                    "csv",
                    f"malformed CSV in the row starting here: {error}{hint}",
                    start_line,
                )
            )
            break
        end_line = reader.line_num
        if cells and len(cells) != width:
            failures.append(
                _fail(
                    shown,
                    "ragged-row",
                    f"row has {len(cells)} cells but the header has {width}",
                    start_line,
                )
            )
    return failures
