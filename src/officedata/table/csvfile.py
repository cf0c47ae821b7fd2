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

if TYPE_CHECKING:
    import numpy as np
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
    broken = quoting_break(data)
    if broken is not None:
        offset, reason = broken
        result.error(_utf8_failure(shown, data) or _quoting_failure(shown, data, offset, reason))
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
    table, parse_failures = _parse(shown, data, first_line)
    if table is None:
        if utf8 := _utf8_failure(shown, data):
            result.error(utf8)
            return result
        # Find, with line numbers, the rows that made pyarrow give up.
        for failure in _diagnose_rows(shown, data, len(first_line)) or parse_failures:
            result.error(failure)
        return result
    kept = None if _one_line_per_row(data, table.num_rows) else data
    result.table = RawTable(file=shown, header=first_line, columns=table, data=kept)
    return result


def _same_names(header: list[str], names: list[str]) -> bool:
    """The header names each of the schema's fields once, in whatever order."""
    return (
        len(header) == len(names) and set(header) == set(names) and len(set(header)) == len(header)
    )


# A quote that opens a cell follows a delimiter or a line end (or starts the file); a quote
# that closes one is followed by a delimiter, a line end or the end of the file.
_QUOTE = ord('"')
_LF, _CR = ord("\n"), ord("\r")
_BOUNDARIES = (ord(","), ord("\n"), ord("\r"))
_SCAN_CHUNK = 1 << 20  # bytes compared at a time: stays in cache


def quoting_break(data: bytes) -> tuple[int, str] | None:
    """The offset of the first byte where RFC 4180 quoting breaks, and why; None when sound.

    Quotes alternate: counted from the start of the file, an even quote (the 0th, 2nd, ...)
    opens a quoted cell, so it must start a cell, or be the second of a doubled quote ("")
    inside one; an odd quote closes the cell, so it must end it, or be the first of a
    doubled quote. One vectorised pass over the bytes, without decoding them.
    """
    if b'"' not in data:
        return None
    import numpy as np

    view = np.frombuffer(data, dtype=np.uint8)
    quotes = np.concatenate(
        [
            np.flatnonzero(view[start : start + _SCAN_CHUNK] == _QUOTE) + start
            for start in range(0, len(view), _SCAN_CHUNK)
        ]
    )
    allowed: np.ndarray = np.zeros(256, dtype=bool)  # may stand beside a quote: a boundary or a quote
    allowed[[*_BOUNDARIES, _QUOTE]] = True
    opening, closing = quotes[0::2], quotes[1::2]
    bad_open = (opening > 0) & ~allowed[view[np.maximum(opening - 1, 0)]]
    bad_close = (closing + 1 < len(view)) & ~allowed[view[np.minimum(closing + 1, len(view) - 1)]]
    candidates = []
    if bad_open.any():
        candidates.append(
            (
                int(opening[np.argmax(bad_open)]),
                "a quote inside a cell that does not start with one; a cell holding a quote "
                'must be quoted whole, with the quote doubled (a"b is written "a""b")',
            )
        )
    if bad_close.any():
        k = 2 * int(np.argmax(bad_close)) + 1
        tail, opener = int(quotes[k]) + 1, int(quotes[_opener(quotes, k - 1)])
        if b"\n" in data[opener:tail]:
            # A quoted cell over several lines that ends badly: most likely its opening quote
            # is stray or its closing quote missing, so point at where it opens.
            candidates.append(
                (
                    opener,
                    f"the quoted cell that opens here runs to line {_line_at(data, tail)}, "
                    "where text follows its closing quote; a quote missing or stray?",
                )
            )
        else:
            candidates.append(
                (
                    tail,
                    "text after the closing quote of a quoted cell; quote the whole cell and "
                    'double the quotes inside it (the cell "a"b is written """a""b")',
                )
            )
    if len(quotes) % 2:
        opener = int(quotes[_opener(quotes, len(quotes) - 1)])
        candidates.append((opener, "a quoted cell whose closing quote is missing"))
    return min(candidates) if candidates else None


def quoted_line_break(data: bytes) -> bool:
    """Whether a line break (LF or CR) lies inside a quoted cell: after an odd number of quotes
    (sound quoting, checked first by `quoting_break`). One vectorised pass, chunk by chunk."""
    if b'"' not in data:
        return False
    import numpy as np

    view = np.frombuffer(data, dtype=np.uint8)
    quotes_before = 0
    for start in range(0, len(view), _SCAN_CHUNK):
        chunk = view[start : start + _SCAN_CHUNK]
        quotes = np.flatnonzero(chunk == _QUOTE)
        breaks = np.flatnonzero((chunk == _LF) | (chunk == _CR))
        if len(breaks) and ((np.searchsorted(quotes, breaks) + quotes_before) % 2).any():
            return True
        quotes_before += len(quotes)
    return False


def _opener(quotes: np.ndarray, opener: int) -> int:
    """The index of the quote that opened the quoted cell an even quote is in ("" skipped)."""
    while opener >= 2 and quotes[opener] - 1 == quotes[opener - 1]:
        opener -= 2
    return opener


def _column_at(data: bytes, offset: int) -> int:
    """The character (not byte) column, from 1, of a byte offset, as an editor counts."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return len(data[line_start:offset].decode("utf-8", errors="replace")) + 1


def _quoting_failure(shown: str, data: bytes, offset: int, reason: str) -> Failure:
    """A `csv` failure at the line and character column where quoting breaks."""
    column = _column_at(data, offset)
    return _fail(
        shown,
        "csv",
        f"malformed CSV quoting at character {column} of the line: {reason}",
        _line_at(data, offset),
        column,
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


_ORDER_NAMES_SHOWN = 50  # an out-of-order message lists at most this many of the schema's names
_UNEXPECTED_SHOWN = 20  # unexpected header columns named one by one; the rest are counted


def check_header(shown: str, header: list[str], expected: list[str]) -> list[Failure]:
    """The header must list the schema's fields exactly, in order; say what differs, by column.

    Linear in the number of columns (names are looked up in sets and dicts, never searched).
    """
    if header == expected:
        return []
    failures = []
    expected_at = {name: position for position, name in enumerate(expected, start=1)}
    present = set(header)
    missing = {name for name in expected if name not in present}
    unexpected = 0
    for position, name in enumerate(header, start=1):
        if name in expected_at:
            continue
        unexpected += 1
        if unexpected > _UNEXPECTED_SHOWN:
            continue
        hint = ""
        if not name.strip():
            hint = " (an empty column name: a trailing comma in the header?)"
        elif position <= len(expected) and expected[position - 1] in missing:
            hint = f" (renamed? the schema has '{expected[position - 1]}' here)"
        failures.append(_fail(shown, "header", f"unexpected column '{name}'{hint}", 1, position))
    if unexpected > _UNEXPECTED_SHOWN:
        # A flood of surplus columns is one mistake (a wrong file, a pasted row): name the first
        # few and count the rest, so the report stays readable and small.
        failures.append(
            _fail(
                shown,
                "header",
                f"and {unexpected - _UNEXPECTED_SHOWN:,} more unexpected columns: the header has "
                f"{len(header):,} columns, the schema {len(expected):,}",
                1,
                len(header),
            )
        )
    for name in expected:
        if name in missing:
            position = expected_at[name]
            failures.append(
                _fail(
                    shown,
                    "header",
                    f"missing column '{name}' (the schema has it as column {position})",
                    1,
                    position,
                )
            )
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if name in seen:
            failures.append(
                _fail(shown, "header", f"column '{name}' appears more than once", 1, position)
            )
        seen.add(name)
    if not failures:
        position = next(i for i, (a, b) in enumerate(zip(header, expected, strict=False)) if a != b)
        order = ", ".join(expected[:_ORDER_NAMES_SHOWN])
        if len(expected) > _ORDER_NAMES_SHOWN:
            order += f", … ({len(expected):,} columns)"
        failures.append(
            _fail(
                shown,
                "header",
                f"columns are out of order: column {position + 1} is '{header[position]}' "
                f"but the schema has '{expected[position]}'; the schema's order is: {order}",
                1,
                position + 1,
            )
        )
    return failures


def _parse(shown: str, data: bytes, header: list[str]) -> tuple[pa.Table | None, list[Failure]]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    # Without line breaks inside quoted cells (the usual case) pyarrow splits the file into
    # blocks at any line end, which parses several times faster.
    breaks_in_cells = quoted_line_break(data)
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
