"""The site's static JSON API under `site/api/`.

- `api/<table>.json`: every row of a table, typed as its Table Schema says (lists as arrays,
  empty cells as null, partial dates as text), in key order, with the table's name and title;
- `api/stations/<office_id>.json`: one document per station: the row, its country, the report
  that first listed it, every source and every response about it, and its page;
- `api/offices.geojson`: the release's GeoJSON, byte for byte;
- `api/index.json`: name, title, version, created, licence, and every file above with its size
  and SHA-256 (paths relative to `api/`).
JSON is UTF-8 with sorted keys and no clock, so the same data gives the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from officedata.exporters.site_json import Encoded, encoded, json_bytes
from officedata.exporters.site_model import Row, SiteData, station_page

API = "api"
INDEX = "index.json"
GEOJSON = "offices.geojson"
KEYS = {
    "offices": "office_id",
    "countries": "iso2",
    "reports": "report_id",
    "responses": "response_id",
}


class Listed(NamedTuple):
    """A file of the API as its index lists it (path relative to `api/`)."""

    path: str
    size: int
    sha256: str


def listed(path: str, content: bytes) -> Listed:
    return Listed(path, len(content), hashlib.sha256(content).hexdigest())


class EncodedRows:
    """Each row of the site's tables as JSON text, encoded once, the first time it is needed: a
    row is in its table's document and in the station documents that show it (a report in ~40
    at 1e5)."""

    def __init__(self, data: SiteData) -> None:
        self._data = data
        self._texts: dict[str, dict[str, tuple[Row, Encoded]]] = {name: {} for name in KEYS}
        self._rows: dict[str, dict[str, Row]] = {}

    def _text(self, table: str, key: str, row: Row) -> Encoded:
        cached = self._texts[table].get(key)
        if cached is not None and cached[0] is row:
            return cached[1]
        text = Encoded(encoded(row))
        self._texts[table][key] = (row, text)
        return text

    def of(self, table: str, row: Row) -> Encoded:
        """The text of this row of `table`."""
        return self._text(table, str(row[KEYS[table]]), row)

    def row(self, table: str, key: str) -> Encoded:
        """The text of the row of `table` with this key."""
        if table not in self._rows:
            rows = self._data.table_rows(table)
            self._rows[table] = {str(row[KEYS[table]]): row for row in rows}
        return self._text(table, key, self._rows[table][key])

    def table(self, name: str) -> list[Encoded]:
        """The text of every row of a table, in its order."""
        rows = self._data.table_rows(name)
        if name not in KEYS:
            return [Encoded(encoded(row)) for row in rows]
        return [self.of(name, row) for row in rows]


def table_files(data: SiteData, rows: EncodedRows) -> Iterator[tuple[str, bytes]]:
    """(path under api/, bytes) of each table's document."""
    for name, schema in data.schemas.items():
        document = {
            "name": name,
            "title": schema.title or name,
            "primaryKey": list(schema.primary_key),
            "count": len(data.table_rows(name)),
            "rows": rows.table(name),
        }
        yield f"{name}.json", json_bytes(document)


def station_document(data: SiteData, rows: EncodedRows, office: Row) -> dict[str, Any]:
    """What `json_bytes` writes for a station: the same document as its rows themselves."""
    responses = data.responses_by_office.get(office["office_id"], [])
    country = office["country"]
    return {
        "station": rows.of("offices", office),
        "country": rows.row("countries", country) if country in data.countries else None,
        "first_reported_in": rows.row("reports", office["first_reported_in"]),
        "sources": [rows.row("reports", report_id) for report_id in office.get("sources") or ()],
        "responses": [rows.of("responses", response) for response in responses],
        "page": f"../../{station_page(office['office_id'])}",
    }


def station_files(
    data: SiteData, rows: EncodedRows, offices: Iterable[Row]
) -> Iterator[tuple[str, bytes]]:
    """(path under api/, bytes) of each of these stations' documents."""
    for office in offices:
        document = station_document(data, rows, office)
        yield f"stations/{office['office_id']}.json", json_bytes(document)


def index_file(data: SiteData, files: Iterable[Listed]) -> bytes:
    """`api/index.json`: the release's name, version and licences, and every other file of the
    API (`files`, in any order) with its size and SHA-256, by path."""
    descriptor = data.descriptor
    index = {
        "name": descriptor.get("name", ""),
        "title": descriptor.get("title", ""),
        "version": descriptor.get("version", ""),
        "created": descriptor.get("created", ""),
        "licenses": descriptor.get("licenses", []),
        "files": [
            {"path": file.path, "bytes": file.size, "sha256": file.sha256} for file in sorted(files)
        ],
    }
    return json_bytes(index)
