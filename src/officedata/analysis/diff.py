"""What changed between two releases of the package: schema changes and rows, by primary key.

Rows are compared as the CSV text of their cells (empty = null), so a diff never depends on, or
fails at, typing; the canonical CSV form (`officedata fmt`) makes equal values equal text.
Per table it reports fields added, removed, renamed and retyped, a changed primary key, and rows
added, removed and modified with field-level before/after. A field is taken as renamed when a
removed and an added field have the same type and agree on at least RENAME_AGREEMENT of the
non-empty values of rows present in both releases (or, when both are empty everywhere, sit at the
same position). It suggests the version bump the SemVer-for-data policy (docs/versioning.md)
asks for. This module compares and describes; it never writes files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from officedata.errors import DiffError, PackageError
from officedata.failures import Failure
from officedata.schema.model import Field, Package, Resource
from officedata.schema.types import field_type
from officedata.source import opened_package

RENAME_AGREEMENT = 0.8

Row = dict[str, str | None]
Key = tuple[str | None, ...]


@dataclass
class Snapshot:
    """One side of the comparison: version, and every table as rows of text keyed by name."""

    label: str
    version: str
    resources: dict[str, Resource]
    rows: dict[str, list[Row]]


@dataclass
class RowChange:
    key: dict[str, str | None]
    changes: dict[str, tuple[str | None, str | None]]  # field → (before, after)


@dataclass
class TableDiff:
    name: str
    status: str  # "added", "removed", "changed" or "unchanged"
    old_rows: int = 0
    new_rows: int = 0
    fields_added: list[str] = field(default_factory=list)
    fields_removed: list[str] = field(default_factory=list)
    fields_renamed: list[tuple[str, str]] = field(default_factory=list)  # (old name, new name)
    types_changed: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new)
    primary_key_change: tuple[list[str], list[str]] | None = None
    added: list[dict[str, str | None]] = field(default_factory=list)  # key of each added row
    removed: list[dict[str, str | None]] = field(default_factory=list)
    modified: list[RowChange] = field(default_factory=list)

    @property
    def schema_changed(self) -> bool:
        return bool(
            self.fields_added
            or self.fields_removed
            or self.fields_renamed
            or self.types_changed
            or self.primary_key_change
        )


@dataclass
class PackageDiff:
    old_version: str
    new_version: str
    tables: list[TableDiff]

    @property
    def changed(self) -> bool:
        return any(t.status != "unchanged" for t in self.tables)

    def suggested_bump(self) -> tuple[str, str]:
        """(major | minor | patch | none, why) under docs/versioning.md."""
        reasons: dict[str, list[str]] = {"major": [], "minor": [], "patch": []}
        for t in self.tables:
            if t.status == "removed":
                reasons["major"].append(f"table {t.name} removed")
            if t.status == "added":
                reasons["minor"].append(f"table {t.name} added")
            if t.fields_removed or t.fields_renamed or t.types_changed or t.primary_key_change:
                reasons["major"].append(f"{t.name}: fields removed, renamed or retyped")
            if t.removed:
                reasons["major"].append(f"{t.name}: rows removed (their IDs disappear)")
            if t.fields_added:
                reasons["minor"].append(f"{t.name}: fields added")
            if t.added:
                reasons["minor"].append(f"{t.name}: rows added")
            if t.modified:
                reasons["patch"].append(f"{t.name}: values corrected")
        for level in ("major", "minor", "patch"):
            if reasons[level]:
                return level, "; ".join(reasons[level])
        return "none", "no data or schema change"


def next_version(version: str, level: str) -> str | None:
    """The version a release with changes of `level` should carry after `version`.

    Before 1.0.0 every level moves one place to the right (docs/versioning.md)."""
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    if match is None:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    if level == "none":
        return version
    if major == 0:
        level = {"major": "minor", "minor": "patch", "patch": "patch"}[level]
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def diff_paths(old: str | Path, new: str | Path) -> PackageDiff:
    """Compare two packages given as folders, datapackage.json files or release zips."""
    with opened(old) as old_package, opened(new) as new_package:
        return diff_snapshots(snapshot(old_package, str(old)), snapshot(new_package, str(new)))


@contextmanager
def opened(path: str | Path) -> Iterator[Package]:
    """The package at path; a broken one is a DiffError whose failures name the release."""
    try:
        with opened_package(path) as package:
            yield package
    except PackageError as error:
        raise DiffError(f"{path}: cannot be read", _labelled(error.failures, str(path))) from None


def _labelled(failures: list[Failure], label: str) -> list[Failure]:
    """The failures with the release they are in before each file name (old or new?); one
    located at the release itself (a refused zip) already names it."""
    return [
        f if Path(f.file) == Path(label) else replace(f, file=f"{label}: {f.file}")
        for f in failures
    ]


def snapshot(package: Package, label: str) -> Snapshot:
    from officedata.table.csvfile import read_raw_table

    rows: dict[str, list[Row]] = {}
    for resource in table_resources(package):
        raw, failures = read_raw_table(package, resource)
        if raw is None:
            errors = [f for f in failures if f.severity == "error"]
            raise DiffError(f"{label}: cannot read {resource.path}", _labelled(errors, label))
        rows[resource.name] = raw.columns.to_pylist()
    return Snapshot(
        label=label,
        version=package.version,
        resources={r.name: r for r in table_resources(package)},
        rows=rows,
    )


def table_resources(package: Package) -> list[Resource]:
    return list(package.resources)


def diff_snapshots(old: Snapshot, new: Snapshot) -> PackageDiff:
    names = list(new.resources) + [n for n in old.resources if n not in new.resources]
    tables = []
    for name in names:
        if name not in old.resources:
            tables.append(TableDiff(name, "added", new_rows=len(new.rows[name])))
        elif name not in new.resources:
            tables.append(TableDiff(name, "removed", old_rows=len(old.rows[name])))
        else:
            tables.append(diff_table(name, old.resources[name], new.resources[name], old, new))
    return PackageDiff(old.version, new.version, tables)


def diff_table(
    name: str, old_resource: Resource, new_resource: Resource, old: Snapshot, new: Snapshot
) -> TableDiff:
    old_schema, new_schema = old_resource.schema, new_resource.schema
    old_rows, new_rows = old.rows[name], new.rows[name]
    result = TableDiff(name, "unchanged", old_rows=len(old_rows), new_rows=len(new_rows))
    old_fields, new_fields = old_schema.field_names, new_schema.field_names
    removed = [f for f in old_fields if f not in new_fields]
    added = [f for f in new_fields if f not in old_fields]

    # Rows are matched by the new primary key, read in the old table under the fields' old names.
    new_key = list(new_schema.primary_key) or new_fields
    renames = find_renames(removed, added, old_resource, new_resource, old_rows, new_rows, new_key)
    new_to_old = {f: f for f in new_fields if f in old_fields} | {b: a for a, b in renames}
    result.fields_renamed = renames
    result.fields_removed = [f for f in removed if f not in {a for a, _ in renames}]
    result.fields_added = [f for f in added if f not in {b for _, b in renames}]
    for new_name, old_name in new_to_old.items():
        before, after = old_schema.field(old_name), new_schema.field(new_name)
        if type_name(before) != type_name(after):
            result.types_changed.append((new_name, type_name(before), type_name(after)))
    old_key_names = [new_to_old.get(f) for f in new_key]
    if list(old_schema.primary_key) != [f for f in old_key_names if f]:
        result.primary_key_change = (list(old_schema.primary_key), list(new_schema.primary_key))
    if any(f is None for f in old_key_names):
        raise DiffError(
            f"{name}: the new primary key {new_key} has fields the old release lacks; "
            "rows cannot be matched"
        )

    old_by_key = index_rows(name, old.label, old_rows, [f for f in old_key_names if f])
    new_by_key = index_rows(name, new.label, new_rows, new_key)
    shared = list(new_to_old.items())
    for key, row in new_by_key.items():
        if key not in old_by_key:
            result.added.append(dict(zip(new_key, key, strict=True)))
            continue
        old_row = old_by_key[key]
        changes = {n: (old_row[o], row[n]) for n, o in shared if old_row[o] != row[n]}
        if changes:
            result.modified.append(RowChange(dict(zip(new_key, key, strict=True)), changes))
    result.removed = [
        dict(zip(new_key, key, strict=True)) for key in old_by_key if key not in new_by_key
    ]
    for rows in (result.added, result.removed):
        rows.sort(key=lambda k: tuple(v or "" for v in k.values()))
    result.modified.sort(key=lambda c: tuple(v or "" for v in c.key.values()))
    if result.schema_changed or result.added or result.removed or result.modified:
        result.status = "changed"
    return result


def type_name(spec: Field) -> str:
    return field_type(spec).label(spec)


def index_rows(table: str, label: str, rows: list[Row], key: list[str]) -> dict[Key, Row]:
    indexed: dict[Key, Row] = {}
    for row in rows:
        value = tuple(row[f] for f in key)
        if value in indexed:
            raise DiffError(f"{label}: {table} has two rows with key {value}; validate it first")
        indexed[value] = row
    return indexed


def find_renames(
    removed: list[str],
    added: list[str],
    old_resource: Resource,
    new_resource: Resource,
    old_rows: list[Row],
    new_rows: list[Row],
    new_key: list[str],
) -> list[tuple[str, str]]:
    """Pairs (old name, new name) of fields that look renamed; see the module docstring."""
    if not removed or not added:
        return []
    old_key = [f for f in new_key if f in old_resource.schema.field_names]
    if len(old_key) == len(new_key):
        old_index = {tuple(r[f] for f in old_key): r for r in old_rows}
        pairs_rows = [
            (old_index[k], r) for r in new_rows if (k := tuple(r[f] for f in new_key)) in old_index
        ]
    else:
        pairs_rows = []
    old_positions = {f: i for i, f in enumerate(old_resource.schema.field_names)}
    new_positions = {f: i for i, f in enumerate(new_resource.schema.field_names)}
    candidates = []
    for old_name in removed:
        for new_name in added:
            before = old_resource.schema.field(old_name)
            after = new_resource.schema.field(new_name)
            if type_name(before) != type_name(after):
                continue
            filled = [
                (o[old_name], n[new_name]) for o, n in pairs_rows if o[old_name] or n[new_name]
            ]
            if filled:
                score = sum(a == b for a, b in filled) / len(filled)
            else:
                score = 1.0 if old_positions[old_name] == new_positions[new_name] else 0.0
            if score >= RENAME_AGREEMENT:
                candidates.append((score, old_name, new_name))
    chosen: list[tuple[str, str]] = []
    for _, old_name, new_name in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if all(old_name != a and new_name != b for a, b in chosen):
            chosen.append((old_name, new_name))
    return sorted(chosen, key=lambda pair: new_positions[pair[1]])
