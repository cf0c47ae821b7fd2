"""`officedata validate`: check the whole package and report every failure."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from officedata.cli.app import PACKAGE_HELP, command


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@command()
def validate(
    path: Annotated[Path | None, typer.Argument(help=PACKAGE_HELP, show_default=False)] = None,
    report_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="How to print failures.")
    ] = ReportFormat.text,
) -> None:
    """Validate descriptor, schemas, every table and the cross-table rules.

    Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage error.
    """
    from officedata.report import render
    from officedata.validation.validate import validate_package

    result = validate_package(path)
    output = render(result.findings, report_format.value)
    if output:
        typer.echo(output)
    raise typer.Exit(0 if result.ok else 1)
