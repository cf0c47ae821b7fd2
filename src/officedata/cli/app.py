"""The typer application every command module registers on. Imports nothing heavy."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="officedata",
    help="Validate, format and export the officedata package of overseas police service stations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

PACKAGE_HELP = "Package folder or datapackage.json (default: the package shipped with officedata)."
