"""`officedata diff OLD NEW`: what changed between two releases (folders or release zips)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from officedata.cli.app import command


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@command(reads=("old", "new"))
def diff(
    old: Annotated[Path, typer.Argument(help="The older package: folder or release zip.")],
    new: Annotated[Path, typer.Argument(help="The newer package: folder or release zip.")],
    diff_format: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="text summary, JSON, or Markdown for CHANGELOG.md."),
    ] = DiffFormat.text,
) -> None:
    """Per table: rows added, removed and modified (by primary key, with before/after values)
    and schema changes (fields added, removed, renamed, retyped).

    Exit status: 0 compared (whether or not anything changed), 1 a package cannot be read.
    """
    from officedata.analysis.diff import diff_paths
    from officedata.analysis.diff_render import render

    result = diff_paths(old, new)
    typer.echo(render(result, diff_format.value), nl=False)
