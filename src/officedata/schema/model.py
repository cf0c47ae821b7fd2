"""The package as officedata sees it: descriptor, resources, Table Schemas and their fields.

Plain frozen records, built only by `schema/descriptor.py` from checked JSON; everything else
reads them. Nothing here reads files or imports anything heavy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DESCRIPTOR_NAME = "datapackage.json"


# Custom schema properties (namespaced so other Table Schema tools ignore them).
PARTIAL_DATE_PROPERTY = "officedata:partialDate"
LIST_FOREIGN_KEYS_PROPERTY = "officedata:listForeignKeys"
HEADLINE_PROPERTY = "officedata:headline"
# On an enum field: which response actions back each of its values (offices.status).
BACKED_BY_PROPERTY = "officedata:backedBy"

DEFAULT_TRUE = ("true", "True", "TRUE", "1")
DEFAULT_FALSE = ("false", "False", "FALSE", "0")


@dataclass(frozen=True)
class Field:
    """One column of a table, with everything the Table Schema says about it."""

    name: str
    type: str
    title: str
    description: str
    constraints: dict[str, Any]
    format: str = "default"
    enum_labels: dict[str, str] = field(default_factory=dict)
    # value → the namespaced flags its category carries (e.g. "officedata:reliable": true)
    category_flags: dict[str, dict[str, object]] = field(default_factory=dict)
    true_values: tuple[str, ...] = DEFAULT_TRUE
    false_values: tuple[str, ...] = DEFAULT_FALSE
    delimiter: str = ","
    item_type: str = "string"
    partial_date: bool = False
    # value → the response actions that back it (`officedata:backedBy`); empty when not given.
    backed_by: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required", False))

    @property
    def unique(self) -> bool:
        return bool(self.constraints.get("unique", False))

    @property
    def enum(self) -> list[Any] | None:
        return self.constraints.get("enum")


@dataclass(frozen=True)
class ForeignKey:
    """fields of this table must be values of reference_fields of reference_resource.

    `each_item` marks a list field whose every item must be a reference.
    """

    fields: tuple[str, ...]
    reference_resource: str
    reference_fields: tuple[str, ...]
    each_item: bool = False


@dataclass(frozen=True)
class TableSchema:
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    title: str = ""
    description: str = ""

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)


@dataclass(frozen=True)
class Resource:
    name: str
    path: str  # POSIX path relative to the package root, as written in the descriptor
    schema_path: str | None
    schema: TableSchema
    title: str = ""
    description: str = ""
    # Where the descriptor declares this resource's path, so a missing or unsafe file is
    # reported at a line a contributor can open: (descriptor file, line, column).
    declared_at: tuple[str, int | None, int | None] = (DESCRIPTOR_NAME, None, None)


@dataclass(frozen=True)
class Package:
    root: Path
    descriptor: dict[str, Any]
    resources: tuple[Resource, ...]
    descriptor_file: str = DESCRIPTOR_NAME

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", ""))

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))

    @property
    def title(self) -> str:
        return str(self.descriptor.get("title", ""))

    def resource(self, name: str) -> Resource:
        for candidate in self.resources:
            if candidate.name == name:
                return candidate
        raise KeyError(f"no resource named {name!r}; the package has {self.resource_names}")

    @property
    def headline(self) -> tuple[str | None, tuple[str, ...]]:
        """(headline report id, ids of the reports whose station lists it sums up).

        From the descriptor's `officedata:headline`; coverage is measured against it.
        """
        raw = self.descriptor.get(HEADLINE_PROPERTY)
        if not isinstance(raw, dict) or not isinstance(raw.get("report"), str):
            return None, ()
        lists = raw.get("lists", [raw["report"]])
        return raw["report"], tuple(item for item in lists if isinstance(item, str))

    @property
    def resource_names(self) -> list[str]:
        return [r.name for r in self.resources]

    def path_of(self, resource: Resource) -> Path:
        return self.root / resource.path


def default_package_root() -> Path:
    """Where the package this library ships lives: inside the wheel, or the source checkout."""
    library = Path(__file__).resolve().parent.parent
    bundled = library / "_package"
    if (bundled / DESCRIPTOR_NAME).is_file():
        return bundled
    return library.parent.parent
