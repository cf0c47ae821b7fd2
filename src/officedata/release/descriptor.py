"""The release's datapackage.json: every file the release ships, listed as a Data Resource.

The tables are Tabular Data Resources (`type: table`, schema inlined, pointing at the CSVs).
Every other file an exporter declares (Parquet, GeoJSON, GeoPackage, workbook, database,
pictures) and every document the release carries (README, licences, changelog, citation, data
dictionary, changes) is a Data Resource without a schema: name, path, title, `format` (the
file's suffix), `mediatype`, `bytes` and a `sha256:` hash, so `frictionless validate` checks
each one's size and hash. Frictionless decides how to open a resource from its format and would
read Parquet files and workbooks as tables (needing extras, misreading list columns and the
README sheet), so those carry frictionless's own `type: file` (our profile copy allows it, see
schema/profiles/README.md). A folder output whose files depend on the data (the site) is one
entry under `officedata:folders` (its file count and size); SHA256SUMS covers each of its files.

Never lists a file that is not in the release, and never the descriptor itself or SHA256SUMS
(each holds the other's hash).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from officedata.errors import ExportError
from officedata.exporters.base import TABLE, Exporter, resource_descriptor
from officedata.files import sha256_of
from officedata.schema.model import Package

FOLDERS_PROPERTY = "officedata:folders"
# Formats frictionless opens as tables by their suffix; as files they are checked by size and hash.
OPENED_AS_TABLES = frozenset({"parquet", "xlsx"})
FILE_TYPE = "file"


@dataclass(frozen=True)
class ShippedFile:
    """A file of the release that no exporter writes (a document): where, what, titled how."""

    path: str
    media_type: str
    title: str


def resource_name(path: str) -> str:
    """`parquet/offices.parquet` → `parquet-offices-parquet`: the path, lower-case, with `/` and
    `.` as `-` (unique, since release paths are, and a valid resource name)."""
    return path.lower().replace("/", "-").replace(".", "-")


def file_resource(root: Path, path: str, media_type: str, title: str) -> dict[str, Any]:
    """A Data Resource for one file under root, with its size and SHA-256."""
    file = root / path
    entry: dict[str, Any] = {"name": resource_name(path), "path": path, "title": title}
    suffix = PurePosixPath(path).suffix.removeprefix(".").lower()
    if suffix in OPENED_AS_TABLES:
        entry["type"] = FILE_TYPE
    if suffix:
        entry["format"] = suffix
    entry["mediatype"] = media_type
    entry["bytes"] = file.stat().st_size
    entry["hash"] = f"sha256:{sha256_of(file)}"
    return entry


def release_descriptor(
    package: Package,
    exporters: Sequence[Exporter],
    root: Path,
    released: datetime,
    documents: Sequence[ShippedFile] = (),
) -> dict[str, Any]:
    """The source descriptor with `created` set, its tables pointing at the CSVs the exporters
    declare, then every other declared file and every document present under root."""
    descriptor = dict(package.descriptor)
    descriptor["created"] = package.descriptor.get("created") or released.strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    data_paths: dict[str, str] = {}
    files: list[dict[str, Any]] = []
    folders: list[dict[str, Any]] = []
    for exporter in exporters:
        for output in exporter.outputs:
            paths = output.paths(package)
            if output.table_data:
                data_paths.update(zip(package.resource_names, paths, strict=True))
            elif output.folder:
                folder = output.path.rstrip("/")
                inside = sorted(p for p in (root / folder).rglob("*") if p.is_file())
                folders.append(
                    {
                        "path": folder + "/",
                        "mediatype": output.media_type,
                        "title": output.title,
                        "files": len(inside),
                        "bytes": sum(p.stat().st_size for p in inside),
                    }
                )
            else:
                per_table = TABLE in output.path
                names = package.resource_names if per_table else [""]
                for name, path in zip(names, paths, strict=True):
                    title = f"{output.title} ({name})" if per_table else output.title
                    files.append(file_resource(root, path, output.media_type, title))
    missing = [name for name in package.resource_names if name not in data_paths]
    if missing:
        raise ExportError(
            f"no format writes the data of {missing}: a release needs the CSV exporter"
        )
    for document in documents:
        if (root / document.path).is_file():
            files.append(file_resource(root, document.path, document.media_type, document.title))
    resources = [
        table_resource(package, name, root, data_paths[name]) for name in package.resource_names
    ]
    check_unique_names([*resources, *files])
    descriptor["resources"] = resources + files
    if folders:
        descriptor[FOLDERS_PROPERTY] = folders
    return descriptor


def table_resource(package: Package, name: str, root: Path, path: str) -> dict[str, Any]:
    entry = resource_descriptor(package, package.resource(name))
    data_file = root / path
    entry["path"] = path
    entry["bytes"] = data_file.stat().st_size
    entry["hash"] = f"sha256:{sha256_of(data_file)}"
    return entry


def check_unique_names(resources: Sequence[dict[str, Any]]) -> None:
    seen: dict[str, str] = {}
    for entry in resources:
        name, path = entry["name"], entry["path"]
        if name in seen:
            raise ExportError(
                f"the release files {seen[name]} and {path} would both be resource {name!r}; "
                "this is a bug in officedata"
            )
        seen[name] = path
