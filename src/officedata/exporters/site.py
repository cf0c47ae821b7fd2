"""The static site (`site/`): searchable table, interactive offline map, a page per station,
country and report, and a static JSON API. Deployable to GitHub Pages as it is.

A thin adapter: the site is written by `site_build.write_site` from `PublishedTable`s, the
descriptor, the release's GeoJSON (rendered by the GeoJSON exporter, so the map shows the same
bytes the release ships) and the coverage line of `officedata.stats`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from officedata.exporters.base import Exporter, OrderedTable
from officedata.exporters.published_tables import (
    package_descriptor,
    published_tables,
    require_tables,
)
from officedata.package import Package


def offices_geojson(tables: Mapping[str, OrderedTable]) -> bytes:
    from officedata.exporters.geojson import write_geojson

    stream = io.BytesIO()
    write_geojson(tables["offices"], tables["countries"], tables["reports"], stream)
    return stream.getvalue()


def coverage_line(package: Package, tables: Mapping[str, OrderedTable]) -> str:
    from officedata.loader import frame_from_text
    from officedata.stats import coverage

    offices, reports = (
        frame_from_text(tables[name].text, tables[name].resource.schema)
        for name in ("offices", "reports")
    )
    return coverage(package, offices, reports).line()


class SiteExporter(Exporter):
    name = "site"
    file_name = "site/index.html"  # and every other page, the API and the assets under site/
    media_type = "text/html"
    title = "Static website: searchable table, offline map, pages per station, JSON API"

    def write(
        self, package: Package, tables: Mapping[str, OrderedTable], out_dir: Path
    ) -> list[Path]:
        from officedata.exporters.site_build import write_site

        require_tables(tables, ("offices", "countries", "reports", "responses"), "the site")
        return write_site(
            package_descriptor(package, tables),
            published_tables(package, tables),
            offices_geojson(tables),
            coverage_line(package, tables),
            out_dir,
        )
