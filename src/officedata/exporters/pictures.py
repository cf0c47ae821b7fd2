"""The release's pictures: the offices on a world map and stations per country, SVG and PNG.

Drawn by `officedata.figures.maps` from the validated tables the build hands over (never from files), so
the pictures show exactly the release's data. Byte-reproducible like every other format.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from officedata.exporters.base import Exporter, Output, require_tables
from officedata.schema.domain import COUNTRIES, OFFICES
from officedata.schema.model import Package
from officedata.table.table import Table

FOLDER = "pictures"


class PicturesExporter(Exporter):
    name = "pictures"
    title = "Map of the offices and chart of stations per country (SVG and PNG)"
    outputs = (
        Output(f"{FOLDER}/offices-map.svg", "image/svg+xml", "Map of the offices"),
        Output(f"{FOLDER}/offices-map.png", "image/png", "Map of the offices"),
        Output(f"{FOLDER}/stations-per-country.svg", "image/svg+xml", "Stations per country"),
        Output(f"{FOLDER}/stations-per-country.png", "image/png", "Stations per country"),
    )

    def write(self, package: Package, tables: Mapping[str, Table], out_dir: Path) -> list[Path]:
        from officedata.figures.chart import CHART_NAME, draw_country_chart
        from officedata.figures.maps import MAP_NAME, draw_map
        from officedata.figures.render import write_figure
        from officedata.loader import with_categories

        require_tables(tables, (OFFICES.table, COUNTRIES.table), self.title)
        offices, countries = (
            with_categories(tables[name].frame, tables[name].schema)
            for name in (OFFICES.table, COUNTRIES.table)
        )
        folder = out_dir / FOLDER
        written = write_figure(draw_map(package, offices, countries), folder / MAP_NAME)
        written += write_figure(
            draw_country_chart(package, offices, countries), folder / CHART_NAME
        )
        return written
