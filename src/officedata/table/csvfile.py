"""The one reader of CSV files: check a resource's structure, then read its cells as text.

`validate`, `fmt`, `diff`, the loader and the geocoder all read CSVs through `read_structure`,
so they agree on what a well-formed file is. Rules enforced here, before any value is looked at:
- the file exists, lies inside the package folder and is not empty;
- it is UTF-8 without a byte-order mark, has no NUL bytes and uses LF line endings;
- its quoting follows RFC 4180: a quoted cell ends at its closing quote, and a quote inside a
  cell appears only in a quoted cell, doubled (pyarrow's parser accepts '"quoted"tail', so
  `quoting_break` scans for this first);
- its header names exactly the schema's fields, in the schema's order;
- every row has as many cells as the header, and there is at least one row.

A byte-order mark, CR line endings and columns out of order are form (`fmt` fixes them); the
rest keeps `fmt` from rewriting the file. The fast path parses with pyarrow; only when that
fails, or when line numbers are needed and cells hold line breaks, is the file scanned again
with Python's csv module, which knows lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from officedata.failures import Failure
from officedata.files import NotRegularFile, read_regular_file
from officedata.schema.model import Package, Resource
from officedata.table.csvheader import check_header
from officedata.table.csvquoting import line_at as _line_at
from officedata.table.csvquoting import quoting_break, quoting_failure, scan_bytes

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
        """The column (from 1) a field's cells are in."""
        return self._column_numbers[name]

    @cached_property
    def _column_numbers(self) -> dict[str, int]:
        numbers: dict[str, int] = {}
        for number, name in enumerate(self.header, start=1):
            numbers.setdefault(name, number)
        return numbers

    @cached_property
    def _line_starts(self) -> list[int] | None:
        if self.data is None:
            return None
        return [line for line, cells in _records_with_lines(self.data) if cells][1:]

    def line_of(self, row: int) -> int:
        """The line (1-based, as an editor counts) where data row `row` (0-based) begins."""
        starts = self._line_starts
        return row + 2 if starts is None else starts[row]


def _one_line_per_row(data: bytes, line_feeds: int, rows: int) -> bool:
    """True when no cell holds a line break: data row i then sits on line i + 2."""
    return line_feeds - (0 if data.endswith(b"\n") else -1) == rows + 1


def _records_with_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line number, cells) for each CSV record, the way an editor counts lines."""
    text = io.StringIO(data.decode("utf-8-sig"), newline="")
    reader = csv.reader(text, strict=True)
    end_line = 0
    for cells in reader:
        start_line = end_line + 1
        end_line = reader.line_num
        yield start_line, cells


def _fail(
    file: str, rule: str, message: str, line: int | None = None, column: int | None = None
) -> Failure:
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
        return read_regular_file(path), None
    except NotRegularFile:
        return None, at_declaration(
            "not-a-file",
            f"{shown} (resource '{resource.name}') is not a regular file (a pipe, device "
            "or folder?); it was not read",
        )
    except FileNotFoundError:
        return None, at_declaration(
            "missing-file", f"{shown} (resource '{resource.name}') does not exist"
        )
    except OSError as error:
        return None, at_declaration("unreadable-file", f"cannot read {shown}: {error.strerror}")


def read_raw_table(package: Package, resource: Resource) -> tuple[RawTable | None, list[Failure]]:
    """The table's text columns, or None when its structure is too broken to read values.

    Every structural failure is returned, the form ones `fmt` would fix included; a header that
    differs from the schema's (even only in order) keeps values from being read.
    """
    data, failure = read_resource_bytes(package, resource)
    if data is None:
        return None, [failure] if failure else []
    structure = read_structure(resource.path, data, resource.schema.field_names)
    failures = structure.failures
    table = structure.table
    if table is None or structure.reordered:
        return None, failures
    if table.num_rows == 0:
        shown = resource.path
        failures.append(_fail(shown, "no-rows", f"{shown} has a header but no data rows", 1))
        return None, failures
    return table, failures


@dataclass
class Structure:
    """What reading a CSV file's structure found.

    `table` holds the text columns in the file's column order (None when the values cannot be
    read safely). `failures` lists everything found, in file order; `errors` those of them that
    keep both `validate` and `fmt` from trusting the file. The others are form `fmt` fixes
    without touching a value: a byte-order mark, CR line endings, columns out of the schema's
    order (`reordered`).
    """

    table: RawTable | None = None
    failures: list[Failure] = field(default_factory=list)
    errors: list[Failure] = field(default_factory=list)
    reordered: bool = False

    def form(self, failure: Failure) -> None:
        self.failures.append(failure)

    def error(self, failure: Failure) -> None:
        self.failures.append(failure)
        self.errors.append(failure)


def read_structure(shown: str, data: bytes, names: list[str]) -> Structure:
    """Check a CSV file's structure and read its cells as text: the one reader of CSV files.

    `validate` reports everything found here; `fmt` rewrites the file only when `errors` is
    empty. Linear in the size of the file.
    """
    result = Structure()
    if not data or data.isspace():  # isspace() scans without copying 100s of MB
        result.error(
            _fail(shown, "empty-file", f"{shown} is empty; it needs a header row and rows", 1)
        )
        return result
    if data.startswith(b"\xef\xbb\xbf"):
        result.form(
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
        result.error(_fail(shown, "encoding", "file contains a NUL byte", _line_at(data, nul)))
        return result
    # Decoding the whole file only to check it is UTF-8 costs a second pass; pyarrow checks
    # every cell while parsing, so the full check runs only when something else went wrong.
    if b"\r" in data:
        if utf8 := _utf8_failure(shown, data):
            result.error(utf8)
            return result
        for failure in carriage_returns(shown, data, names):
            (result.form if failure.rule == "line-endings" else result.error)(failure)
    # pyarrow reads broken quoting ('"quoted"tail', 'a"b') without complaint: find it first.
    scan = scan_bytes(data)  # one pass: quotes, line ends, breaks inside quoted cells
    broken = quoting_break(data, scan.quotes)
    if broken is not None:
        offset, reason = broken
        result.error(_utf8_failure(shown, data) or quoting_failure(shown, data, offset, reason))
        return result
    first_line, malformed = _first_record(data)
    if first_line is None:
        # The header itself is broken (or the file is not UTF-8).
        header_failure = _fail(shown, "csv", f"malformed CSV header: {malformed}", 1)
        result.error(_utf8_failure(shown, data) or header_failure)
        return result
    header_failures = check_header(shown, first_line, names)
    if header_failures:
        if utf8 := _utf8_failure(shown, data):
            result.error(utf8)
            return result
        result.reordered = _same_names(first_line, names)
        if not result.reordered:
            for failure in header_failures:
                result.error(failure)
            return result
        for failure in header_failures:
            result.form(failure)
    table, parse_failures = _parse(shown, data, first_line, scan.break_in_quotes)
    if table is None:
        if utf8 := _utf8_failure(shown, data):
            result.error(utf8)
            return result
        # Find, with line numbers, the rows that made pyarrow give up.
        for failure in _diagnose_rows(shown, data, len(first_line)) or parse_failures:
            result.error(failure)
        return result
    kept = None if _one_line_per_row(data, scan.line_feeds, table.num_rows) else data
    result.table = RawTable(file=shown, header=first_line, columns=table, data=kept)
    return result


def _same_names(header: list[str], names: list[str]) -> bool:
    """The header names each of the schema's fields once, in whatever order."""
    return (
        len(header) == len(names) and set(header) == set(names) and len(set(header)) == len(header)
    )


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


def carriage_returns(shown: str, data: bytes, names: Sequence[str] = ()) -> list[Failure]:
    """CRs ending rows (form: fmt fixes them) apart from CRs inside quoted cells (values: fmt
    must not change them, so the contributor edits the cell). A cell's failure names its field
    (by the schema's `names`), so validation can point at the cell's character column."""
    failures = []
    inside = 0
    try:
        for line, cells in _records_with_lines(data):
            for column, cell in enumerate(cells, start=1):
                if "\r" in cell:
                    inside += cell.count("\r")
                    failures.append(
                        Failure(
                            shown,
                            line,
                            column,
                            "carriage-return",
                            "cell holds a carriage return (CR, a Windows line break); use a "
                            "plain line break (LF) in the cell. fmt does not change values",
                            field=names[column - 1] if column <= len(names) else None,
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


def _parse(
    shown: str, data: bytes, header: list[str], breaks_in_cells: bool
) -> tuple[pa.Table | None, list[Failure]]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    # Without line breaks inside quoted cells (the usual case) pyarrow splits the file into
    # blocks at any line end, which parses several times faster.
    for block_size in (_BLOCK_SIZE, _LARGE_BLOCK_SIZE):
        try:
            table = pacsv.read_csv(
                pa.py_buffer(data),
                read_options=pacsv.ReadOptions(block_size=block_size, use_threads=True),
                parse_options=pacsv.ParseOptions(newlines_in_values=breaks_in_cells),
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
