"""The static site (`site/`): searchable table, interactive offline map, a page per station,
country and report, and a static JSON API. Deployable to GitHub Pages as it is.

A thin adapter: the site is written by `site_build.write_site` from `Table`s, the
descriptor, the release's GeoJSON (rendered by the GeoJSON exporter, so the map shows the same
bytes the release ships) and the coverage line of `officedata.analysis.stats`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from officedata.exporters.base import Exporter, Output, require_tables
from officedata.exporters.published_tables import package_descriptor
from officedata.schema.model import Package
from officedata.table.table import Table


def offices_geojson(tables: Mapping[str, Table]) -> bytes:
    from officedata.exporters.geojson import write_geojson

    stream = io.BytesIO()
    write_geojson(tables["offices"], tables["countries"], tables["reports"], stream)
    return stream.getvalue()


def coverage_line(package: Package, tables: Mapping[str, Table]) -> str:
    from officedata.analysis.stats import coverage
    from officedata.loader import with_categories

    offices, reports, countries = (
        with_categories(tables[name].frame, tables[name].schema)
        for name in ("offices", "reports", "countries")
    )
    return coverage(package, offices, reports, countries).line()


class SiteExporter(Exporter):
    name = "site"
    outputs = (
        Output(
            "site",
            "text/html",
            "A static website (pages, offline map, JSON API), deployable as it is",
            folder=True,
        ),
    )
    title = "Static website: searchable table, offline map, pages per station, JSON API"

    def write(self, package: Package, tables: Mapping[str, Table], out_dir: Path) -> list[Path]:
        from officedata.exporters.site_build import write_site
        from officedata.exporters.site_model import NEEDED

        # Checked here too: the GeoJSON and the coverage line are drawn before write_site runs.
        require_tables(tables, NEEDED, "the site")
        return write_site(
            package_descriptor(package, tables),
            dict(tables),
            offices_geojson(tables),
            coverage_line(package, tables),
            out_dir,
        )
