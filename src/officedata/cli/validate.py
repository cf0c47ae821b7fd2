"""`officedata validate`: check the whole package and report every failure."""

from __future__ import annotations

from pathlib import Path

import click

from officedata.cli.app import command, path_argument

REPORT_FORMATS = ("text", "json", "github")


@command(needs="validate")
@path_argument()
@click.option(
    "--format",
    "-f",
    "report_format",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    help="How to print failures.",
)
def validate(path: Path | None, report_format: str) -> None:
    """Validate descriptor, schemas, every table and the cross-table rules.

    Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage error.
    """
    from officedata.report import render
    from officedata.validation.validate import validate_package

    result = validate_package(path)
    output = render(result.findings, report_format)
    if output:
        click.echo(output)
    raise click.exceptions.Exit(0 if result.ok else 1)
