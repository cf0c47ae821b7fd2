"""`officedata map` and `officedata chart`: the offices on a world map, stations per country."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    import pandas as pd

    from officedata.schema.model import Package

from officedata.cli.app import command, out_option, package_for, path_argument

OUT_HELP = "Output file: .svg or .png writes that format; no such suffix writes both."


def _load(path: Path | None) -> tuple[Package, pd.DataFrame, pd.DataFrame]:
    from officedata.loader import load_table
    from officedata.schema.domain import COUNTRIES, OFFICES

    with package_for(path) as package:
        return package, load_table(package, OFFICES.table), load_table(package, COUNTRIES.table)


@command(name="map", needs="export")
@path_argument()
@out_option(OUT_HELP, Path("offices-map"))
def map_command(path: Path | None, out: Path) -> None:
    """Draw the offices on an offline world map, coloured by operating bureau.

    Offices without coordinates are counted in the caption. Exit status: 0 written, 1 the
    package cannot be read.
    """
    from officedata.figures.maps import draw_map
    from officedata.figures.render import output_paths, write_figure

    output_paths(out)  # refuse an unknown suffix before any drawing
    package, offices, countries = _load(path)
    for written in write_figure(draw_map(package, offices, countries), out):
        click.echo(f"wrote {written}")


@command(needs="export")
@path_argument()
@out_option(OUT_HELP, Path("stations-per-country"))
def chart(path: Path | None, out: Path) -> None:
    """Draw a bar chart of stations per host country: listed here vs the count a report gives.

    Exit status: 0 written, 1 the package cannot be read.
    """
    from officedata.figures.chart import draw_country_chart
    from officedata.figures.render import output_paths, write_figure

    output_paths(out)  # refuse an unknown suffix before any drawing
    package, offices, countries = _load(path)
    for written in write_figure(draw_country_chart(package, offices, countries), out):
        click.echo(f"wrote {written}")
