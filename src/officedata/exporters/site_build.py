"""Write the static site (`site/`): pages, JSON API, map data and assets, byte-identical.

Layout: `index.html` (map and every station), `countries.html`, `reports.html`, `data.html`,
`stations/<office_id>.html`, `countries/<iso2>.html`, `reports/<report_id>.html`, `api/…`
(see `site_api`), `assets/site.css|site.js|map.js|map-data.js` and `assets/vendor/leaflet/`
(Leaflet, vendored from npm with its licence). Every link is relative and nothing is loaded from
another site, so the folder works as it is from disk, from `python -m http.server` or from
GitHub Pages. The same inputs give the same bytes: fixed order, no clock.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from officedata.exporters.site_api import (
    API,
    GEOJSON,
    INDEX,
    EncodedRows,
    index_file,
    listed,
    station_files,
    table_files,
)
from officedata.exporters.site_map import map_data, map_script
from officedata.exporters.site_model import SiteData, site_data
from officedata.exporters.site_pages import (
    ASSETS,
    MIXED_COLOUR,
    page_context,
    render_pages,
    station_pages,
    status_legend,
)
from officedata.exporters.site_writer import SiteWriter, cycle_collection_paused
from officedata.table.table import Table

SITE = "site"
STATIC_FOLDERS = ("static", "vendor")  # copied into assets/ (vendor/ keeps its name)
MAP_DATA = "assets/map-data.js"


def asset_files() -> list[tuple[str, bytes]]:
    """(path in the site, bytes) of the CSS, scripts and vendored Leaflet."""
    files = []
    for folder in STATIC_FOLDERS:
        source = ASSETS / folder
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            relative = path.relative_to(source).as_posix()
            target = f"assets/{relative}" if folder == "static" else f"assets/{folder}/{relative}"
            files.append((target, path.read_bytes()))
    return files


def site_files(
    data: SiteData, base: dict[str, Any], rows: EncodedRows, offices_geojson: bytes
) -> Iterator[tuple[str, bytes]]:
    """Every file of the site but the API index, as (path in the site, bytes), one at a time: a
    page is written and dropped before the next is rendered, so memory does not grow with the
    stations. `base` is the pages' shared context, `rows` the API's encoded rows."""
    for path, html in render_pages(data, base):
        yield path, html.encode("utf-8")
    for path, html in station_pages(data, base):
        yield path, html.encode("utf-8")
    for path, content in table_files(data, rows):
        yield f"{API}/{path}", content
    for path, content in station_files(data, rows, data.offices):
        yield f"{API}/{path}", content
    yield f"{API}/{GEOJSON}", offices_geojson
    document = map_data(data, offices_geojson, status_legend(data), MIXED_COLOUR)
    yield MAP_DATA, map_script(document).encode("utf-8")
    yield from asset_files()


def write_site(
    descriptor: Mapping[str, Any],
    tables: Mapping[str, Table],
    offices_geojson: bytes,
    coverage_line: str,
    out_dir: Path,
) -> list[Path]:
    """Write the site under out_dir/site; return the files written, sorted."""
    writer = SiteWriter(out_dir / SITE)
    with cycle_collection_paused():
        data = site_data(descriptor, tables, coverage_line)
        base, rows = page_context(data), EncodedRows(data)
        api = []  # every file of the API as its index lists it
        for relative, content in site_files(data, base, rows, offices_geojson):
            writer.write(relative, content)
            if relative.startswith(f"{API}/"):
                api.append(listed(relative.removeprefix(f"{API}/"), content))
        writer.write(f"{API}/{INDEX}", index_file(data, api))
    return writer.paths()
