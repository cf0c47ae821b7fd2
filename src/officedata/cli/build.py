"""`officedata build`: validate, then write the whole release folder (see officedata.release.build)."""

from __future__ import annotations

from pathlib import Path

import click

from officedata.cli.app import command, out_option, path_argument


@command(needs="export")
@path_argument()
@out_option("Release folder to write (replaced whole).", Path("dist"))
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    help="An earlier release (folder or zip) to compare with: writes changes.json.",
)
@click.option(
    "--repository",
    metavar="URL",
    help="The address of the repository the release is built from, for CITATION.cff (the "
    "release workflow passes GitHub's own); never guessed.",
)
def build(path: Path | None, out: Path, previous: Path | None, repository: str | None) -> None:
    """Validate the package and write the release: CSV, Parquet, GeoJSON, GeoPackage, Excel,
    the database, pictures, site, data dictionary, CITATION.cff, SHA256SUMS and a zip of it
    all. Refuses invalid data; a failed build changes nothing.

    Progress goes to stderr when it is a terminal (not in CI). Exit status: 0 built, 1 invalid
    package or build failed.
    """
    from officedata.cli.progress import progress_reporter
    from officedata.errors import InvalidPackage, OfficedataError
    from officedata.release.build import build_release
    from officedata.release.steps import quiet
    from officedata.report import render

    progress = progress_reporter() or quiet
    try:
        release = build_release(
            path, out, previous=previous, progress=progress, repository=repository
        )
    except InvalidPackage:
        click.echo("build refused: fix the errors below; nothing was written", err=True)
        raise
    except (OfficedataError, OSError):
        click.echo("build failed; the previous release (if any) is untouched", err=True)
        raise
    if release.findings.warnings:
        click.echo(render(release.findings, "text"), err=True)
    for name in release.files:
        click.echo(f"  {name}")
    click.echo(f"sha256 {release.zip_sha256}  {release.zip_name}")
    click.echo(f"built release {release.version} in {out}/ ({len(release.files)} files)")
