"""Canonical CSV form, and the `fmt` lint that enforces it.

Canonical form: UTF-8 without BOM; LF line endings; the header in the schema's field order;
rows sorted by primary key (plain code-point order); cells quoted only when they must be
(Python csv QUOTE_MINIMAL); no blank lines. `fmt` changes form only, never a value: a file it
cannot parse safely (wrong columns, ragged rows, not UTF-8) is left untouched and reported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from officedata.atomic import write_bytes_atomic
from officedata.failures import Failure
from officedata.schema.model import Package, Resource
from officedata.table.csvfile import check_header, read_resource_bytes


@dataclass
class FormatResult:
    changed: list[str] = field(default_factory=list)  # files not (or no longer) in canonical form
    failures: list[Failure] = field(default_factory=list)


def canonical_csv(header: list[str], rows: list[list[str]], resource: Resource) -> bytes:
    """Serialise rows (already in schema column order) in canonical form."""
    names = resource.schema.field_names
    key = [names.index(k) for k in resource.schema.primary_key]
    ordered = sorted(rows, key=lambda row: [row[i] for i in key]) if key else rows
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(ordered)
    return buffer.getvalue().encode("utf-8")


def format_resource(
    package: Package, resource: Resource
) -> tuple[bytes | None, bytes | None, list[Failure]]:
    """(current bytes, canonical bytes), or canonical None with failures when unsafe to format.

    Every failure names the line (and cell) that keeps fmt from rewriting the file.
    """
    shown = resource.path
    data, failure = read_resource_bytes(package, resource)
    if data is None:
        return None, None, [failure] if failure else []

    def untouched(rule: str, reason: str, line: int | None = None, column: int | None = None):
        message = f"{reason}; fmt left the file untouched"
        return data, None, [Failure(shown, line, column, rule, message)]

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return untouched("encoding", f"{shown} is not UTF-8", line)
    if "\x00" in text:
        return untouched("encoding", "a NUL byte", text.count("\n", 0, text.index("\x00")) + 1)
    records, failures = _records_with_lines(shown, text)
    if records is None:
        return data, None, failures
    if not records:
        return untouched("empty-file", f"{shown} is empty", 1)
    (_, header), rows = records[0], records[1:]
    names = resource.schema.field_names
    if sorted(header) != sorted(names) or len(set(header)) != len(header):
        return data, None, check_header(shown, header, names)
    problems = [
        Failure(
            shown,
            line,
            None,
            "ragged-row",
            f"row has {len(row)} cells but the header has {len(header)}; "
            "fmt left the file untouched",
        )
        for line, row in rows
        if len(row) != len(header)
    ] + [
        Failure(
            shown,
            line,
            column,
            "carriage-return",
            "cell holds a carriage return; removing it would change a value, so fmt left "
            "the file untouched (edit the cell)",
        )
        for line, row in records
        for column, cell in enumerate(row, start=1)
        if "\r" in cell
    ]
    if problems:
        return data, None, problems
    order = [header.index(name) for name in names]
    reordered = [[row[i] for i in order] for _, row in rows]
    return data, canonical_csv(names, reordered, resource), []


def _records_with_lines(
    shown: str, text: str
) -> tuple[list[tuple[int, list[str]]] | None, list[Failure]]:
    """Non-empty records with the line each starts on, or None and the line that breaks CSV."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    end = 0
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return records, []
        except csv.Error as error:
            message = f"malformed CSV in the row starting here ({error}); fmt left it untouched"
            return None, [Failure(shown, start, None, "csv", message)]
        end = reader.line_num
        if cells:
            records.append((start, cells))


def format_package(package: Package, *, check: bool) -> FormatResult:
    """Rewrite every resource in canonical form (or, with check, only list those that differ)."""
    result = FormatResult()
    for resource in package.resources:
        current, canonical, failures = format_resource(package, resource)
        result.failures.extend(failures)
        if canonical is None or canonical == current:
            continue
        result.changed.append(resource.path)
        if not check:
            write_bytes_atomic(Path(package.root / resource.path), canonical)
    return result
