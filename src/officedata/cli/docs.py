"""`officedata docs`: regenerate docs/data-dictionary.md from the Table Schemas, or check it.

Without --out it also redraws docs/offices-map.png, the map the README shows. The picture is
not part of --check: its bytes depend on the matplotlib version as well as on the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from officedata.schema.model import Package

from officedata.cli import extras
from officedata.cli.app import command, out_option, package_for, path_argument


@command()
@path_argument()
@out_option("File to write (default: docs/data-dictionary.md beside datapackage.json).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the file is out of date.")
def docs(path: Path | None, out: Path | None, check: bool) -> None:
    """Write the data dictionary (every table, field, type, constraint and enum value) and,
    without --out, the README's map (docs/offices-map.png).

    Exit status: 0 written or up to date, 1 out of date (--check) or the package cannot be read.
    """
    if out is None and not check:
        extras.require("export")  # the map is drawn with matplotlib; refuse before writing
    with package_for(path, writes=True) as package:
        _write_docs(package, out, check)


def _write_docs(package: Package, out: Path | None, check: bool) -> None:
    from officedata.atomic import write_bytes_atomic
    from officedata.documentation.docs import (
        DICTIONARY_PATH,
        README_MAP_PATH,
        render_data_dictionary,
    )

    target = out if out is not None else package.root / DICTIONARY_PATH
    refuse_package_file(package, target)
    text = render_data_dictionary(package).encode("utf-8")
    current = target.read_bytes() if target.is_file() else None
    if check:
        if current != text:
            click.echo(f"{target} is out of date; run `officedata docs` to regenerate it", err=True)
            raise click.exceptions.Exit(1)
        click.echo(f"{target} is up to date")
        return
    if current != text:
        write_bytes_atomic(target, text)
        click.echo(f"wrote {target}")
    else:
        click.echo(f"{target} is up to date")
    if out is None:
        from officedata.figures.maps import draw_map
        from officedata.figures.render import write_figure
        from officedata.loader import load_table

        picture = package.root / README_MAP_PATH
        offices, countries = load_table(package, "offices"), load_table(package, "countries")
        for written in write_figure(draw_map(package, offices, countries), picture):
            click.echo(f"wrote {written}")


def refuse_package_file(package: Package, target: Path) -> None:
    """--out must not name a file the package is made of (a CSV, a schema, the descriptor)."""
    from officedata.errors import UsageError
    from officedata.schema.model import DESCRIPTOR_NAME

    sources = {package.root / DESCRIPTOR_NAME}
    for resource in package.resources:
        sources.add(package.root / resource.path)
        if resource.schema_path:
            sources.add(package.root / resource.schema_path)
    if target.resolve() in {source.resolve() for source in sources}:
        raise UsageError(
            f"{target} is a file of the package; --out must name another file", subject=str(target)
        )
