"""What the database and site exporters read besides the tables: the package descriptor with
every schema inlined."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from officedata.schema.model import Package
from officedata.table.table import Table


def package_descriptor(package: Package, tables: Mapping[str, Table]) -> dict[str, Any]:
    """The descriptor with each resource's schema inlined (what a release's datapackage.json
    says, without the sizes and hashes of files not written yet)."""
    from officedata.exporters.base import resource_descriptor

    descriptor = dict(package.descriptor)
    descriptor["resources"] = [resource_descriptor(package, t.resource) for t in tables.values()]
    return descriptor
