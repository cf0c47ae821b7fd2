"""The release's pictures: the offices on a world map and stations per country, SVG and PNG.

Drawn by `officedata.maps` from the validated tables the build hands over (never from files), so
the pictures show exactly the release's data. Byte-reproducible like every other format.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from officedata.exporters.base import Exporter, ExportError, OrderedTable
from officedata.package import Package

FOLDER = "pictures"


class PicturesExporter(Exporter):
    name = "pictures"
    file_name = f"{FOLDER}/offices-map.svg"  # also .png, and stations-per-country.svg/.png
    media_type = "image/svg+xml"
    title = "Map of the offices and chart of stations per country (SVG and PNG)"

    def write(
        self, package: Package, tables: Mapping[str, OrderedTable], out_dir: Path
    ) -> list[Path]:
        from officedata.loader import frame_from_text
        from officedata.maps import CHART_NAME, MAP_NAME, draw_country_chart, draw_map, write_figure

        missing = [name for name in ("offices", "countries") if name not in tables]
        if missing:
            raise ExportError(f"the pictures need the tables {missing}, which the package lacks")
        offices, countries = (
            frame_from_text(tables[name].text, tables[name].resource.schema)
            for name in ("offices", "countries")
        )
        folder = out_dir / FOLDER
        written = write_figure(draw_map(package, offices, countries), folder / MAP_NAME)
        written += write_figure(
            draw_country_chart(package, offices, countries), folder / CHART_NAME
        )
        return written
