"""The one path from a package to files on disk, shared by `build` and `export`.

`validated_tables` opens and validates the package and refuses it (InvalidPackage) when invalid;
`staged` gives a fresh hidden folder beside the target that is removed whatever happens;
`run_exporters` writes each format into it and checks that every format wrote exactly the files
it declares. Only once everything is written does the caller move the result into place, so a
failed run leaves the target as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from officedata.atomic import remove_leftovers
from officedata.errors import ExportError, InvalidPackage
from officedata.exporters.base import Exporter
from officedata.release.steps import Progress, quiet
from officedata.schema.model import Package
from officedata.table.table import Table, ordered_tables
from officedata.validation.validate import Validation, validate


def validated_tables(package: Package) -> tuple[Validation, dict[str, Table]]:
    """The package's validation and its tables in canonical order; InvalidPackage if invalid."""
    validation = validate(package)
    if not validation.ok:
        raise InvalidPackage(validation.findings)
    return validation, ordered_tables(package, validation.tables)


@contextmanager
def staged(target: Path, purpose: str) -> Iterator[Path]:
    """A new empty folder `.<target>.<purpose>-XXXXXXXX` beside `target` (same file system, so
    moves are renames), removed on exit unless the caller moved it away. Such folders that a
    killed earlier run for the same target and purpose left are removed first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target.parent, f".{target.name}.{purpose}-", folders=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{purpose}-", dir=target.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def run_exporters(
    package: Package,
    tables: Mapping[str, Table],
    exporters: Sequence[Exporter],
    out: Path,
    progress: Progress = quiet,
) -> list[Path]:
    """Write every format under out; refuse a format whose files differ from its declaration."""
    written: list[Path] = []
    for number, exporter in enumerate(exporters, start=1):
        progress(f"writing {exporter.name} ({number} of {len(exporters)} formats)")
        files = exporter.write(package, tables, out)
        names = {p.relative_to(out).as_posix() for p in files}
        declared = set(exporter.files(package))
        extra = sorted(
            n for n in names if not any(o.declares(package, n) for o in exporter.outputs)
        )
        missing = sorted(declared - names)
        if extra or missing:
            raise ExportError(
                f"the {exporter.name} format wrote {extra or 'no'} undeclared files and "
                f"missed {missing or 'none'} of its declared ones; this is a bug in officedata"
            )
        written.extend(files)
    return written
