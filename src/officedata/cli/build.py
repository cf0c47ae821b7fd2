"""`officedata build`: validate, then write the whole release folder (see officedata.build)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from officedata.cli.app import PACKAGE_HELP, app


@app.command()
def build(
    path: Annotated[Path | None, typer.Argument(help=PACKAGE_HELP, show_default=False)] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Release folder to write (replaced whole).")
    ] = Path("dist"),
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="An earlier release (folder or zip) to compare with: writes changes.json.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Validate the package and write the release: CSV, Parquet, GeoJSON, Excel, CITATION.cff,
    SHA256SUMS and a zip of it all. Refuses invalid data; a failed build changes nothing.

    Exit status: 0 built, 1 invalid package or build failed.
    """
    from officedata.build import BuildError, BuildRefused, build_release
    from officedata.exporters.base import ExportError
    from officedata.report import render

    try:
        release = build_release(path, out, previous=previous)
    except BuildRefused as refused:
        typer.echo(render(refused.findings, "text"), err=True)
        typer.echo("build refused: fix the errors above; nothing was written", err=True)
        raise typer.Exit(1) from None
    except (BuildError, ExportError, OSError) as error:
        typer.echo(f"build failed: {error}; the previous release (if any) is untouched", err=True)
        raise typer.Exit(1) from None
    if release.findings.warnings:
        typer.echo(render(release.findings, "text"), err=True)
    for name in release.files:
        typer.echo(f"  {name}")
    typer.echo(f"sha256 {release.zip_sha256}  {release.zip_name}")
    typer.echo(f"built release {release.version} in {out}/ ({len(release.files)} files)")
