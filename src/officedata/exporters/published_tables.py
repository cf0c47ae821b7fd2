"""What the database and site exporters read: each resource as typed Arrow columns plus its
Table Schema, and the package descriptor.

The database and the site are written by functions of these plain values, not of the build's
hand-over type, so only `published_tables` (the adapter) needs to follow when that type
changes. Nothing here validates or writes files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from officedata.package import Package, TableSchema

if TYPE_CHECKING:
    import pyarrow as pa

    from officedata.exporters.base import OrderedTable


@dataclass(frozen=True)
class PublishedTable:
    """One resource: typed columns in canonical row order (primary key order) and its schema."""

    name: str
    title: str
    description: str
    schema: TableSchema
    rows: pa.Table

    def records(self) -> list[dict[str, Any]]:
        """Every row as a dict of Python values: lists as lists, enums as their text, empty
        cells as None."""
        return self.rows.to_pylist()


def published_tables(
    package: Package, tables: Mapping[str, OrderedTable]
) -> dict[str, PublishedTable]:
    """The adapter from the build's hand-over to what these exporters read, in descriptor order."""
    return {
        name: PublishedTable(
            name=name,
            title=table.resource.title or table.resource.schema.title or name,
            description=table.resource.description or table.resource.schema.description,
            schema=table.resource.schema,
            rows=table.typed,
        )
        for name, table in tables.items()
    }


def package_descriptor(package: Package, tables: Mapping[str, OrderedTable]) -> dict[str, Any]:
    """The descriptor with each resource's schema inlined (what a release's datapackage.json
    says, without the sizes and hashes of files not written yet)."""
    from officedata.exporters.base import resource_descriptor

    descriptor = dict(package.descriptor)
    descriptor["resources"] = [resource_descriptor(package, t.resource) for t in tables.values()]
    return descriptor


def require_tables(tables: Mapping[str, object], needed: tuple[str, ...], what: str) -> None:
    from officedata.exporters.base import ExportError

    missing = [name for name in needed if name not in tables]
    if missing:
        raise ExportError(f"{what} needs the tables {missing}, which the package lacks")
