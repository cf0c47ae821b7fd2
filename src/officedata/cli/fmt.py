"""`officedata fmt`: rewrite the CSVs in canonical form, or with --check list those that differ."""

from __future__ import annotations

from pathlib import Path

import click

from officedata.cli.app import command, package_for, path_argument


@command()
@path_argument()
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if any file is not canonical.")
def fmt(path: Path | None, check: bool) -> None:
    """Put every CSV in canonical form: UTF-8, LF, schema column order, rows sorted by key.

    Only form changes, never a value. Exit status: 0 done or already canonical, 1 otherwise.
    """
    from officedata.table.fmt import format_package

    with package_for(path, writes=True) as package:
        result = format_package(package, check=check)
    for failure in result.failures:
        click.echo(failure.describe(), err=True)
    verb = "would reformat" if check else "reformatted"
    for changed in result.changed:
        click.echo(f"{verb} {changed}")
    if not result.changed and not result.failures:
        click.echo("all files are in canonical form")
    raise click.exceptions.Exit(1 if result.failures or (check and result.changed) else 0)
