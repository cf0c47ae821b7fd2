"""`officedata export FORMAT`: validate the package, then write one format's files into a folder.

Files are written into a temporary folder beside the target and moved in only once all are
written, so a failed export leaves no half file. It refuses to write into the package folder
itself, where the CSV export would overwrite the source files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from officedata.build import BuildError, BuildRefused
from officedata.exporters.base import get_exporter, ordered_tables


def export_format(name: str, path: str | Path | None, out: str | Path) -> list[Path]:
    """Write format `name` of the package at path into out; return the files written."""
    from officedata.validate import validate_package

    exporter = get_exporter(name)
    validation = validate_package(path)
    if not validation.ok or validation.package is None:
        raise BuildRefused(validation.findings)
    package = validation.package
    target = Path(out).absolute()
    if target.resolve() == package.root.resolve():
        raise BuildError(f"{out} is the package folder; exports go elsewhere")
    tables = ordered_tables(package, validation.tables)
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.exporting-", dir=target))
    try:
        written = exporter.write(package, tables, staging)
        final = []
        for file in written:
            destination = target / file.relative_to(staging)
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(file, destination)
            final.append(destination)
        return final
    finally:
        shutil.rmtree(staging, ignore_errors=True)
