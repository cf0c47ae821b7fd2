"""`officedata export FORMAT`: validate, then write one format's files into a folder."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from officedata.cli.app import PACKAGE_HELP, app
from officedata.exporters.base import EXPORTERS

# Built from the registry, so a new exporter is a new choice without touching this module.
ExportFormat = StrEnum("ExportFormat", {name: name for name in EXPORTERS})


@app.command()
def export(
    format_name: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help="Format to write.")],
    path: Annotated[Path | None, typer.Argument(help=PACKAGE_HELP, show_default=False)] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write the files into.")
    ] = Path("export"),
) -> None:
    """Validate the package and write one format (csv, parquet, geojson or xlsx).

    Files appear whole or not at all. Exit status: 0 written, 1 invalid package or failure.
    """
    from officedata.build import BuildError, BuildRefused
    from officedata.export import export_format
    from officedata.exporters.base import ExportError
    from officedata.report import render

    try:
        written = export_format(str(format_name.value), path, out)
    except BuildRefused as refused:
        typer.echo(render(refused.findings, "text"), err=True)
        typer.echo("export refused: fix the errors above; nothing was written", err=True)
        raise typer.Exit(1) from None
    except (BuildError, ExportError, KeyError, OSError) as error:
        typer.echo(f"export failed: {error}; nothing was written", err=True)
        raise typer.Exit(1) from None
    for file in written:
        typer.echo(f"wrote {file}")
