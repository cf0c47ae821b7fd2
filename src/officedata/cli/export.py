"""`officedata export FORMAT`: validate, then write one format's files into a folder."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from officedata.cli.app import PACKAGE_HELP, command
from officedata.exporters.base import EXPORTERS

# Built from the registry, so a new exporter is a new choice without touching this module.
ExportFormat = StrEnum("ExportFormat", {name: name for name in EXPORTERS})  # type: ignore[misc]


@command(help_suffix="Formats: " + ", ".join(EXPORTERS) + ".")
def export(
    format_name: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help="Format to write.")],
    path: Annotated[Path | None, typer.Argument(help=PACKAGE_HELP, show_default=False)] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write the files into.")
    ] = Path("export"),
) -> None:
    """Validate the package and write one format (FORMAT: see below).

    Files appear whole or not at all. Exit status: 0 written, 1 invalid package or failure,
    2 usage error.
    """
    from officedata.cli.progress import progress_reporter
    from officedata.errors import InvalidPackage, OfficedataError
    from officedata.release.export import export_format
    from officedata.release.steps import quiet

    progress = progress_reporter() or quiet
    try:
        written = export_format(str(format_name.value), path, out, progress)
    except InvalidPackage:
        typer.echo("export refused: fix the errors below; nothing was written", err=True)
        raise
    except (OfficedataError, OSError):
        typer.echo("export failed; nothing was written", err=True)
        raise
    for file in written:
        typer.echo(f"wrote {file}")
