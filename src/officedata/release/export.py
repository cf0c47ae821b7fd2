"""`officedata export FORMAT`: validate the package, then write one format's files into a folder.

Files are written into a temporary folder beside the target (`staging.py`) and moved in only
once all are written, so a failed export leaves no half file. It refuses to write into the
package folder itself, where the CSV export would overwrite the source files.
"""

from __future__ import annotations

import os
from pathlib import Path

from officedata.errors import BuildError
from officedata.exporters.base import get_exporter
from officedata.release.staging import run_exporters, staged, validated_tables
from officedata.release.steps import Progress, quiet


def export_format(
    name: str, path: str | Path | None, out: str | Path, progress: Progress = quiet
) -> list[Path]:
    """Write format `name` of the package at path into out; return the files written."""
    from officedata.source import opened_package

    exporter = get_exporter(name)
    target = Path(out).absolute()
    with opened_package(path) as package:
        if target.resolve() == package.root.resolve():
            raise BuildError(f"{out} is the package folder; exports go elsewhere")
        progress("validating the package")
        _, tables = validated_tables(package)
        target.mkdir(parents=True, exist_ok=True)
        with staged(target / name, "exporting") as staging:
            written = run_exporters(package, tables, [exporter], staging, progress)
            final = []
            for file in written:
                destination = target / file.relative_to(staging)
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.replace(file, destination)
                final.append(destination)
    return final
