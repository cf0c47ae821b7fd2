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
            return moved_in(written, staging, target)


def moved_in(files: list[Path], staging: Path, target: Path) -> list[Path]:
    """Move the files written under staging to the same places under target; return those.

    A top folder that target does not have yet is renamed whole (one rename for the site's
    2e5 files at 1e5 stations, not one each); the rest are moved file by file over what target
    holds, each folder made once. Paths are cut as text: pathlib's relative_to and parts cost
    more than the moves at that count."""
    prefix = os.path.join(staging, "")
    final = []
    whole: dict[str, bool] = {}  # top folder → renamed whole
    folders: set[Path] = set()
    for file in files:
        text = os.fspath(file)
        if not text.startswith(prefix):
            raise BuildError(f"{file} was written outside the staging folder {staging}")
        relative = text[len(prefix) :]
        destination = target / relative
        final.append(destination)
        top, inside, _ = relative.partition(os.sep)
        if inside:
            if top not in whole:
                whole[top] = not os.path.lexists(target / top)
                if whole[top]:
                    os.replace(staging / top, target / top)
            if whole[top]:
                continue
        if destination.parent not in folders:
            destination.parent.mkdir(parents=True, exist_ok=True)
            folders.add(destination.parent)
        os.replace(file, destination)
    return final
