"""`officedata export FORMAT`: validate, then write one format's files into a folder."""

from __future__ import annotations

from pathlib import Path

import click

from officedata.cli.app import argument, command, out_option, path_argument
from officedata.exporters.base import EXPORTERS


# The choices come from the registry, so a new exporter is a new choice without touching this.
@command(help_suffix="Formats: " + ", ".join(EXPORTERS) + ".", needs="export")
@argument("format_name", "Format to write.", metavar="FORMAT", type=click.Choice(list(EXPORTERS)))
@path_argument()
@out_option("Folder to write the files into.", Path("export"))
def export(format_name: str, path: Path | None, out: Path) -> None:
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
        written = export_format(format_name, path, out, progress)
    except InvalidPackage:
        click.echo("export refused: fix the errors below; nothing was written", err=True)
        raise
    except (OfficedataError, OSError):
        click.echo("export failed; nothing was written", err=True)
        raise
    if written:  # one write, not one per file (2e5 for the site at 1e5 stations)
        click.echo("\n".join(f"wrote {file}" for file in written))
