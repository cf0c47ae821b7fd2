"""`officedata fmt`: rewrite the CSVs in canonical form, or with --check list those that differ."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from officedata.cli.app import PACKAGE_HELP, command, package_for


@command()
def fmt(
    path: Annotated[Path | None, typer.Argument(help=PACKAGE_HELP, show_default=False)] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if any file is not canonical.")
    ] = False,
) -> None:
    """Put every CSV in canonical form: UTF-8, LF, schema column order, rows sorted by key.

    Only form changes, never a value. Exit status: 0 done or already canonical, 1 otherwise.
    """
    from officedata.table.fmt import format_package

    with package_for(path, writes=True) as package:
        result = format_package(package, check=check)
    for failure in result.failures:
        typer.echo(failure.describe(), err=True)
    verb = "would reformat" if check else "reformatted"
    for changed in result.changed:
        typer.echo(f"{verb} {changed}")
    if not result.changed and not result.failures:
        typer.echo("all files are in canonical form")
    raise typer.Exit(1 if result.failures or (check and result.changed) else 0)
