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
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from officedata.exporters.site_json import Encoded, encoded, json_bytes
from officedata.exporters.site_model import Row, SiteData, station_page

API = "api"
INDEX = "index.json"
GEOJSON = "offices.geojson"


class EncodedRows:
    """Each row of the site's tables as JSON text, encoded once: a row is in its table's
    document and in the station documents that show it (a report in ~40 at 1e5)."""

    def __init__(self, data: SiteData) -> None:
        self._data = data

    @cached_property
    def _tables(self) -> dict[str, list[Encoded]]:
        return {
            name: [Encoded(encoded(row)) for row in self._data.table_rows(name)]
            for name in self._data.schemas
        }

    def table(self, name: str) -> list[Encoded]:
        return self._tables.get(name, [])

    def _keyed(self, name: str, key: str) -> dict[str, Encoded]:
        rows = self._data.table_rows(name)
        return {str(row[key]): text for row, text in zip(rows, self.table(name), strict=True)}

    @cached_property
    def offices(self) -> dict[str, Encoded]:
        return self._keyed("offices", "office_id")

    @cached_property
    def countries(self) -> dict[str, Encoded]:
        return self._keyed("countries", "iso2")

    @cached_property
    def reports(self) -> dict[str, Encoded]:
        return self._keyed("reports", "report_id")

    @cached_property
    def responses(self) -> dict[str, Encoded]:
        return self._keyed("responses", "response_id")


def table_documents(data: SiteData, rows: EncodedRows) -> Iterator[tuple[str, bytes]]:
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
    return {
        "station": rows.offices[office["office_id"]],
        "country": rows.countries.get(office["country"]),
        "first_reported_in": rows.reports[office["first_reported_in"]],
        "sources": [rows.reports[report_id] for report_id in office.get("sources") or ()],
        "responses": [rows.responses[response["response_id"]] for response in responses],
        "page": f"../../{station_page(office['office_id'])}",
    }


def api_files(data: SiteData, offices_geojson: bytes) -> list[tuple[str, bytes]]:
    """(path under api/, bytes) for every file of the API, the index last."""
    rows = EncodedRows(data)
    files = list(table_documents(data, rows))
    files += [
        (f"stations/{office['office_id']}.json", json_bytes(station_document(data, rows, office)))
        for office in data.offices
    ]
    files.append((GEOJSON, offices_geojson))
    files.sort()
    descriptor = data.descriptor
    index = {
        "name": descriptor.get("name", ""),
        "title": descriptor.get("title", ""),
        "version": descriptor.get("version", ""),
        "created": descriptor.get("created", ""),
        "licenses": descriptor.get("licenses", []),
        "files": [
            {"path": path, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            for path, content in files
        ],
    }
    files.append((INDEX, json_bytes(index)))
    return files
