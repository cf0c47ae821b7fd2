"""`officedata map` and `officedata chart`: the offices on a world map, stations per country."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from officedata.cli.app import PACKAGE_HELP, app

OUT_HELP = "Output file: .svg or .png writes that format; no such suffix writes both."


def _load(path: Path | None):
    from officedata.loader import LoadError, load_table, open_package
    from officedata.report import location

    try:
        package = open_package(path)
        return package, load_table(package, "offices"), load_table(package, "countries")
    except LoadError as error:
        for failure in error.failures:
            typer.echo(f"{location(failure)}: error {failure.message}", err=True)
        raise typer.Exit(1) from None


@app.command(name="map")
def map_command(
    path: Annotated[Path | None, typer.Argument(help=PACKAGE_HELP, show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help=OUT_HELP)] = Path("offices-map"),
) -> None:
    """Draw the offices on an offline world map, coloured by operating bureau.

    Offices without coordinates are counted in the caption. Exit status: 0 written, 1 the
    package cannot be read.
    """
    from officedata.maps import draw_map, write_figure

    package, offices, countries = _load(path)
    for written in write_figure(draw_map(package, offices, countries), out):
        typer.echo(f"wrote {written}")


@app.command()
def chart(
    path: Annotated[Path | None, typer.Argument(help=PACKAGE_HELP, show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help=OUT_HELP)] = Path("stations-per-country"),
) -> None:
    """Draw a bar chart of stations per host country: listed here vs the count a report gives.

    Exit status: 0 written, 1 the package cannot be read.
    """
    from officedata.maps import draw_country_chart, write_figure

    package, offices, countries = _load(path)
    for written in write_figure(draw_country_chart(package, offices, countries), out):
        typer.echo(f"wrote {written}")
