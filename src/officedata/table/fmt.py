"""`fmt`: put every CSV in canonical form (see `officedata.table.csvwrite`), or list those that differ.

`fmt` reads a file with the same structure check as `validate` (`officedata.table.csvfile`) and writes
it with the same writer as the CSV exporter. It changes form only, never a value: a byte-order
mark, CR line endings, column order, row order, quoting, blank lines, and the spelling of
booleans (the schema's canonical spelling; TRUE as a spreadsheet saves it becomes true). A file
whose structure is unsafe to rewrite (wrong columns, ragged rows, broken quoting, not UTF-8, a
CR inside a cell) is left untouched and each reason reported with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from officedata.atomic import write_bytes_atomic
from officedata.failures import Failure
from officedata.schema.model import Package, Resource
from officedata.table.csvfile import read_resource_bytes, read_structure
from officedata.table.csvwrite import canonical_bytes


@dataclass
class FormatResult:
    changed: list[str] = field(default_factory=list)  # files not (or no longer) in canonical form
    failures: list[Failure] = field(default_factory=list)


def format_resource(
    package: Package, resource: Resource
) -> tuple[bytes | None, bytes | None, list[Failure]]:
    """(current bytes, canonical bytes), or canonical None with failures when unsafe to format.

    Every failure names the line (and cell) that keeps fmt from rewriting the file.
    """
    data, failure = read_resource_bytes(package, resource)
    if data is None:
        return None, None, [failure] if failure else []
    structure = read_structure(resource.path, data, resource.schema.field_names)
    if structure.errors or structure.table is None:
        return data, None, [untouched(failure) for failure in structure.errors]
    return data, canonical_bytes(structure.table.columns, resource.schema), []


def untouched(failure: Failure) -> Failure:
    return replace(failure, message=f"{failure.message}; fmt left the file untouched")


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
