"""`officedata diff OLD NEW`: what changed between two releases (folders or release zips)."""

from __future__ import annotations

from pathlib import Path

import click

from officedata.cli.app import argument, command

DIFF_FORMATS = ("text", "json", "markdown")


@command(reads=("old", "new"))
@argument("old", "The older package: folder or release zip.", type=click.Path(path_type=Path))
@argument("new", "The newer package: folder or release zip.", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "-f",
    "diff_format",
    type=click.Choice(DIFF_FORMATS),
    default="text",
    help="text summary, JSON, or Markdown for CHANGELOG.md.",
)
def diff(old: Path, new: Path, diff_format: str) -> None:
    """Per table: rows added, removed and modified (by primary key, with before/after values)
    and schema changes (fields added, removed, renamed, retyped).

    Exit status: 0 compared (whether or not anything changed), 1 a package cannot be read.
    """
    from officedata.analysis.diff import diff_paths
    from officedata.analysis.diff_render import render

    result = diff_paths(old, new)
    click.echo(render(result, diff_format), nl=False)
