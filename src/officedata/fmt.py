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
from officedata.csvfile import check_header, read_resource_bytes
from officedata.failures import Failure
from officedata.package import Package, Resource


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
    """(current bytes, canonical bytes), or canonical None with failures when unsafe to format."""
    shown = resource.path
    data, failure = read_resource_bytes(package, resource)
    if data is None:
        return None, None, [failure] if failure else []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return (
            data,
            None,
            [
                Failure(
                    shown, None, None, "encoding", f"{shown} is not UTF-8; fmt left it untouched"
                )
            ],
        )
    if "\x00" in text:
        return (
            data,
            None,
            [
                Failure(
                    shown,
                    None,
                    None,
                    "encoding",
                    f"{shown} contains a NUL byte; fmt left it untouched",
                )
            ],
        )
    try:
        records = [r for r in csv.reader(io.StringIO(text, newline=""), strict=True) if r]
    except csv.Error as error:
        return (
            data,
            None,
            [Failure(shown, None, None, "csv", f"malformed CSV ({error}); fmt left it untouched")],
        )
    with_cr = [i + 1 for i, record in enumerate(records) if any("\r" in c for c in record)]
    if with_cr:
        message = (
            f"{len(with_cr)} rows hold a carriage return inside a cell; removing it would "
            "change a value, so fmt left the file untouched (edit those cells)"
        )
        return data, None, [Failure(shown, None, None, "carriage-return", message)]
    if not records:
        return data, None, [Failure(shown, None, None, "empty-file", f"{shown} is empty")]
    header, rows = records[0], records[1:]
    names = resource.schema.field_names
    if sorted(header) != sorted(names) or len(set(header)) != len(header):
        return data, None, check_header(shown, header, names)
    ragged = [i for i, row in enumerate(rows) if len(row) != len(header)]
    if ragged:
        return (
            data,
            None,
            [
                Failure(
                    shown,
                    None,
                    None,
                    "ragged-row",
                    f"{len(ragged)} rows do not have {len(header)} cells; "
                    "fmt left the file untouched",
                )
            ],
        )
    order = [header.index(name) for name in names]
    reordered = [[row[i] for i in order] for row in rows]
    return data, canonical_csv(names, reordered, resource), []


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
