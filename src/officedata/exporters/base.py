"""The one small interface every export format implements, and the registry that lists them.

An exporter turns the validated tables of a package into files under an output folder. It
declares those files up front (`outputs`: path, media type, title), and the release descriptor
and the staging step are built from the declarations: a format that writes a file it did not
declare, or misses one it did, fails the build. Exporters never validate (callers hand them
validated tables in canonical order), never read the wall clock (dates come from
`release_date`) and never decide where a release lives (`release/staging.py` does).
Exporter modules are imported lazily, so listing formats costs no pandas, pyarrow or xlsxwriter.
"""

from __future__ import annotations

import importlib
import json
import os
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from officedata.errors import ExportError
from officedata.schema.model import Package, Resource

if TYPE_CHECKING:
    from officedata.table.table import Table

T = TypeVar("T")
R = TypeVar("R")
TABLE = "{table}"  # in an output path: one file per resource, named after it


@dataclass(frozen=True)
class Output:
    """One file a format writes: its path in the release (`{table}` for one per resource), its
    media type and title. `table_data` marks the files that are the resources' own data."""

    path: str
    media_type: str
    title: str
    table_data: bool = False
    folder: bool = False  # `path` is a folder whose files depend on the data (e.g. site/)

    def paths(self, package: Package) -> list[str]:
        if TABLE not in self.path:
            return [self.path]
        return [self.path.replace(TABLE, name) for name in package.resource_names]


    def declares(self, package: Package, relative: str) -> bool:
        """Whether this output covers a file at `relative` (a folder output covers its tree)."""
        if self.folder:
            return relative.startswith(self.path.rstrip("/") + "/")
        return relative in self.paths(package)


class Exporter(ABC):
    """One output format: a name, the files it writes, and how it writes them."""

    name: ClassVar[str]
    title: ClassVar[str]
    outputs: ClassVar[tuple[Output, ...]]

    def files(self, package: Package) -> list[str]:
        """Every file this format writes for the package, as release-relative POSIX paths (the
        files of a folder output depend on the data and are known once written)."""
        return [
            path for output in self.outputs if not output.folder for path in output.paths(package)
        ]

    @abstractmethod
    def write(self, package: Package, tables: Mapping[str, Table], out_dir: Path) -> list[Path]:
        """Write this format's files under out_dir; return their paths, in a stable order.

        `tables` holds every resource of the package, validated, in canonical row order."""


# name → "module:class", in the order a release is built and formats are listed.
_REGISTRY: dict[str, str] = {
    "csv": "officedata.exporters.csv:CsvExporter",
    "parquet": "officedata.exporters.parquet:ParquetExporter",
    "geojson": "officedata.exporters.geojson:GeoJsonExporter",
    "gpkg": "officedata.exporters.gpkg:GpkgExporter",
    "xlsx": "officedata.exporters.xlsx:XlsxExporter",
    "pictures": "officedata.exporters.pictures:PicturesExporter",
    "database": "officedata.exporters.database:DatabaseExporter",
    "site": "officedata.exporters.site:SiteExporter",
}

EXPORTERS: tuple[str, ...] = tuple(_REGISTRY)


class UnknownFormat(ExportError):
    exit_code = 2


def get_exporter(name: str) -> Exporter:
    """The exporter for a format name; UnknownFormat names the formats there are."""
    try:
        target = _REGISTRY[name]
    except KeyError:
        raise UnknownFormat(f"no format named {name!r}; formats: {', '.join(EXPORTERS)}") from None
    module_name, class_name = target.split(":")
    exporter_class = getattr(importlib.import_module(module_name), class_name)
    exporter: Exporter = exporter_class()
    return exporter


def all_exporters() -> list[Exporter]:
    return [get_exporter(name) for name in EXPORTERS]


def require_tables(tables: Mapping[str, object], names: Sequence[str], what: str) -> None:
    """Refuse, by name, a package that lacks a table `what` (a format) is drawn from."""
    missing = [name for name in names if name not in tables]
    if missing:
        raise ExportError(f"{what} needs the tables {missing}, which the package lacks")


def release_date(package: Package) -> datetime:
    """The one timestamp a release may carry: the descriptor's `created`, else SOURCE_DATE_EPOCH.

    Never the wall clock, so two builds of the same inputs are byte-identical.
    """
    created = package.descriptor.get("created")
    if isinstance(created, str) and created:
        try:
            moment = datetime.fromisoformat(created.upper().replace("Z", "+00:00"))
        except ValueError:
            raise ExportError(
                f"datapackage.json 'created' is {created!r}, not an ISO 8601 date-time"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (OverflowError, ValueError, OSError):
            raise ExportError(
                f"SOURCE_DATE_EPOCH is {epoch!r}, which is no date a release can carry"
            ) from None
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
