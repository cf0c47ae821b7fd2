"""`officedata stats`: what the data lists against what the reports claim."""

from __future__ import annotations

import json
from pathlib import Path

import click

from officedata.cli.app import command, path_argument


@command(needs="validate")
@path_argument()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def stats(path: Path | None, as_json: bool) -> None:
    """Stations per country (listed vs claimed), bureau and status; responses per action and
    country; the share of rows with a reliable source; coverage against the headline report."""
    from officedata.analysis.stats import compute_stats
    from officedata.errors import InvalidPackage, PackageError
    from officedata.validation.validate import validate_package

    result = validate_package(path)
    if result.package is None:
        raise PackageError(result.findings.errors)
    if not result.ok:
        raise InvalidPackage(result.findings)
    frames = {name: table.frame for name, table in result.tables.items()}
    figures = compute_stats(result.package, frames)
    if as_json:
        click.echo(json.dumps(figures.to_dict(), indent=2, ensure_ascii=False))
        return
    _print_tables(figures)


def _print_tables(figures) -> None:
    from rich.console import Console
    from rich.table import Table

    # Data is printed as it is: a name such as "Netherlands [/x]" is text, not rich markup.
    console = Console(soft_wrap=True, markup=False, highlight=False)
    countries = Table("country", "listed", "claimed", "claimed by", title="Stations per country")
    for row in figures.per_country:
        claimed = "" if row["claimed"] is None else str(row["claimed"])
        gap = "" if row["claimed"] in (None, row["listed"]) else " *"
        countries.add_row(
            f"{row['name']} ({row['iso2']})",
            f"{row['listed']}{gap}",
            claimed,
            row["claimed_by"] or "",
        )
    console.print(countries)
    for title, counts in (
        ("Stations per operating bureau", figures.per_bureau),
        ("Stations per status", figures.per_status),
        ("Responses per action", figures.responses_per_action),
        ("Responses per country", figures.responses_per_country),
    ):
        table = Table("value", "count", title=title)
        for key, count in counts.items():
            table.add_row(key, str(count))
        console.print(table)
    reliable = Table(
        "table",
        "rows",
        "with a reliable source",
        "share",
        "with one besides the headline's publisher",
        "share",
        title="Rows citing a primary or reputable source",
    )
    for name, figure in figures.reliable_share.items():
        rows, good = figure["rows"], figure["with_reliable_source"]
        other = figure["with_reliable_other_source"]
        reliable.add_row(
            name,
            str(rows),
            str(good),
            f"{good / rows:.0%}" if rows else "-",
            str(other),
            f"{other / rows:.0%}" if rows else "-",
        )
    console.print(reliable)
    console.print("* listed differs from claimed")
    console.print(figures.coverage.line())
