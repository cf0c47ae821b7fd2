"""The one small interface every export format implements, and the registry that lists them.

An exporter turns the validated, typed tables of a package into files under an output folder
and says which files it wrote. Exporters never validate (callers hand them validated tables),
never read the wall clock (dates come from `release_date`) and never decide where a release
lives: `build.py` and the `export` command own folders, temporary copies and the final swap.
Exporter modules are imported lazily, so listing formats costs no pandas, pyarrow or xlsxwriter.
"""

from __future__ import annotations

import importlib
import json
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from officedata.package import Package, Resource

if TYPE_CHECKING:
    import pyarrow as pa

    from officedata.tables import TypedTable


T = TypeVar("T")
R = TypeVar("R")


class ExportError(Exception):
    """An export cannot be written faithfully (e.g. a limit of the format); the message says why."""


class Exporter(ABC):
    """One output format. `file_name` is the path (relative to the output folder) it writes;
    `{table}` in it stands for each resource name."""

    name: str
    file_name: str
    media_type: str
    title: str

    @abstractmethod
    def write(
        self, package: Package, tables: Mapping[str, OrderedTable], out_dir: Path
    ) -> list[Path]:
        """Write this format's files under out_dir; return their paths, in a stable order.

        `tables` holds every resource of the package, validated, in canonical row order
        (see `ordered_tables`)."""


# name → "module:class", in the order a release is built and formats are listed.
_REGISTRY: dict[str, str] = {
    "csv": "officedata.exporters.csv:CsvExporter",
    "parquet": "officedata.exporters.parquet:ParquetExporter",
    "geojson": "officedata.exporters.geojson:GeoJsonExporter",
    "xlsx": "officedata.exporters.xlsx:XlsxExporter",
    "pictures": "officedata.exporters.pictures:PicturesExporter",
    "database": "officedata.exporters.database:DatabaseExporter",
    "site": "officedata.exporters.site:SiteExporter",
}

EXPORTERS: tuple[str, ...] = tuple(_REGISTRY)


def get_exporter(name: str) -> Exporter:
    """The exporter for a format name; KeyError names the formats there are."""
    try:
        target = _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no format named {name!r}; formats: {', '.join(EXPORTERS)}") from None
    module_name, class_name = target.split(":")
    exporter_class = getattr(importlib.import_module(module_name), class_name)
    return exporter_class()


def all_exporters() -> list[Exporter]:
    return [get_exporter(name) for name in EXPORTERS]


@dataclass(frozen=True)
class OrderedTable:
    """A table in canonical row order (primary key, code-point order, as `fmt` sorts CSVs):
    `text` holds the CSV text of every cell (null where empty), `typed` the schema-typed values
    as Arrow columns. Row i of both is the same record."""

    resource: Resource
    text: pa.Table
    typed: pa.Table

    @property
    def num_rows(self) -> int:
        return self.text.num_rows


def ordered_table(resource: Resource, table: TypedTable) -> OrderedTable:
    """Put one validated table in canonical row order, as Arrow text and typed columns."""
    import pyarrow.compute as pc

    from officedata.exporters.arrow_types import typed_arrow_table

    text = table.raw.columns
    typed = typed_arrow_table(resource.schema, table.frame, text)
    key = list(resource.schema.primary_key)
    if key and text.num_rows > 1 and not _in_key_order(text, key):
        order = pc.sort_indices(text, sort_keys=[(name, "ascending") for name in key])
        text, typed = text.take(order), typed.take(order)
    return OrderedTable(resource, text, typed)


def _in_key_order(text: pa.Table, key: list[str]) -> bool:
    """True when the rows already ascend strictly by a one-field key, as canonical CSVs do.

    One vectorised comparison of each row with the next, instead of sorting and copying whole
    tables (seconds at a million rows) to get the order they are already in.
    """
    import pyarrow.compute as pc

    if len(key) != 1:
        return False
    column = text.column(key[0])
    if column.null_count:
        return False
    ascending = pc.less(column.slice(0, len(column) - 1), column.slice(1))
    return bool(pc.all(ascending).as_py())


def ordered_tables(package: Package, tables: Mapping[str, TypedTable]) -> dict[str, OrderedTable]:
    """Every resource of the package, in descriptor order; a missing table is a caller's bug."""
    return {r.name: ordered_table(r, tables[r.name]) for r in package.resources}


def release_date(package: Package) -> datetime:
    """The one timestamp a release may carry: the descriptor's `created`, else SOURCE_DATE_EPOCH.

    Never the wall clock, so two builds of the same inputs are byte-identical.
    """
    created = package.descriptor.get("created")
    if isinstance(created, str) and created:
        try:
            moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError:
            raise ExportError(
                f"datapackage.json 'created' is {created!r}, not an ISO 8601 date-time"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    raise ExportError(
        "the release needs a date that is not today's: set 'created' in datapackage.json "
        "or the SOURCE_DATE_EPOCH environment variable"
    )


def resource_descriptor(package: Package, resource: Resource) -> dict[str, Any]:
    """The resource's entry in datapackage.json with its Table Schema inlined (a copy)."""
    entry = next(
        dict(raw)
        for raw in package.descriptor["resources"]
        if isinstance(raw, dict) and raw.get("name") == resource.name
    )
    if resource.schema_path is not None:
        text = (package.root / resource.schema_path).read_text(encoding="utf-8")
        entry["schema"] = json.loads(text)
    return entry


def rendered_in_order(
    blocks: Sequence[T], render: Callable[[T], R], workers: int | None = None
) -> Iterator[R]:
    """render(block) for each block, computed on all cores, yielded in block order.

    At most `workers` blocks are in flight at once, so memory stays bounded however many blocks
    there are. Meant for Arrow kernels, which release the GIL.
    """
    from concurrent.futures import ThreadPoolExecutor

    count = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=count) as pool:
        for start in range(0, len(blocks), count):
            yield from pool.map(render, blocks[start : start + count])
