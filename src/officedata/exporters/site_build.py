"""Write the static site (`site/`): pages, JSON API, map data and assets, byte-identical.

Layout: `index.html` (map and every station), `countries.html`, `reports.html`, `data.html`,
`stations/<office_id>.html`, `countries/<iso2>.html`, `reports/<report_id>.html`, `api/…`
(see `site_api`), `assets/site.css|site.js|map.js|map-data.js` and `assets/vendor/leaflet/`
(Leaflet, vendored from npm with its licence). Every link is relative and nothing is loaded from
another site, so the folder works as it is from disk, from `python -m http.server` or from
GitHub Pages. The same inputs give the same bytes: fixed order, no clock.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from officedata.exporters.site_api import API, api_files
from officedata.exporters.site_map import map_data, map_script
from officedata.exporters.site_model import site_data
from officedata.exporters.site_pages import (
    ASSETS,
    MIXED_COLOUR,
    render_pages,
    status_legend,
)
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
    descriptor: Mapping[str, Any],
    tables: Mapping[str, Table],
    offices_geojson: bytes,
    coverage_line: str,
) -> Iterator[tuple[str, bytes]]:
    """Every file of the site as (path in the site, bytes), one at a time: a page is written
    and dropped before the next is rendered, so memory does not grow with the stations."""
    data = site_data(descriptor, tables, coverage_line)
    for path, html in render_pages(data):
        yield path, html.encode("utf-8")
    for path, content in api_files(data, offices_geojson):
        yield f"{API}/{path}", content
    document = map_data(data, offices_geojson, status_legend(data), MIXED_COLOUR)
    yield MAP_DATA, map_script(document).encode("utf-8")
    yield from asset_files()


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the site is built, as it was after.

    Its full passes walk every live object, and the site keeps several per station alive (rows,
    events, citations, shared markup): at 1e5 stations ~30 passes took ~11 of ~60 CPU-s.
    Building the site leaves no reference cycles behind (a test checks), so there is nothing
    for it to find; reference counting frees everything as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_file(path: str, content: bytes) -> None:
    """Create (or truncate) path and write content: open, write, close and nothing else. At 1e5
    stations pathlib's buffered file object (fstat, ioctl, seek) per file cost more system time
    than writing the bytes."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, 0o666)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def write_site(
    descriptor: Mapping[str, Any],
    tables: Mapping[str, Table],
    offices_geojson: bytes,
    coverage_line: str,
    out_dir: Path,
) -> list[Path]:
    """Write the site under out_dir/site; return the files written, sorted."""
    root = out_dir / SITE
    base = os.fspath(root)
    folders: set[str] = set()  # made already: one mkdir per folder, not per file
    written: set[str] = set()
    with cycle_collection_paused():
        for relative, content in site_files(descriptor, tables, offices_geojson, coverage_line):
            if relative in written:
                raise ValueError(f"two files of the site have the same path: {relative}")
            folder = relative.rpartition("/")[0]
            if folder not in folders:
                os.makedirs(os.path.join(base, folder), exist_ok=True)
                folders.add(folder)
            write_file(os.path.join(base, relative), content)
            written.add(relative)
    # Path order (by component), as sorting the Paths themselves gave.
    return [root / relative for relative in sorted(written, key=lambda r: r.split("/"))]
