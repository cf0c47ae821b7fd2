"""The typer application every command module registers on. Imports nothing heavy."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from officedata.package import Package

app = typer.Typer(
    name="officedata",
    help="Validate, format and export the officedata package of overseas police service stations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: rich's help renderer (rich.markdown, markdown_it, ...) costs more to import
    # than typer itself, and `officedata --help` must start about as fast as `import typer`.
    rich_markup_mode=None,
)

PACKAGE_HELP = "Package folder or datapackage.json (default: the package shipped with officedata)."


def load_package_or_exit(path: Path | None) -> Package:
    """The package at path; when its descriptor or schemas are broken, say why and exit 1."""
    from officedata.failures import PackageError
    from officedata.package import load_package
    from officedata.report import location

    try:
        return load_package(path)
    except PackageError as error:
        for failure in error.failures:
            typer.echo(f"{location(failure)}: error {failure.message}", err=True)
        raise typer.Exit(1) from None
