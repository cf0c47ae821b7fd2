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
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from officedata.exporters.site_model import SiteData, station_page

API = "api"
INDEX = "index.json"
GEOJSON = "offices.geojson"


def json_bytes(document: object) -> bytes:
    def default(value: object) -> str:
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(f"no JSON form for {type(value).__name__}")

    text = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1, default=default)
    return (text + "\n").encode("utf-8")


def table_documents(data: SiteData) -> Iterator[tuple[str, bytes]]:
    for name, schema in data.schemas.items():
        rows = data.table_rows(name)
        document = {
            "name": name,
            "title": schema.title or name,
            "primaryKey": list(schema.primary_key),
            "count": len(rows),
            "rows": rows,
        }
        yield f"{name}.json", json_bytes(document)


def station_document(data: SiteData, office: dict[str, Any]) -> dict[str, Any]:
    return {
        "station": office,
        "country": data.countries.get(office["country"]),
        "first_reported_in": data.reports[office["first_reported_in"]],
        "sources": data.sources_of(office),
        "responses": data.responses_by_office.get(office["office_id"], []),
        "page": f"../../{station_page(office['office_id'])}",
    }


def api_files(data: SiteData, offices_geojson: bytes) -> list[tuple[str, bytes]]:
    """(path under api/, bytes) for every file of the API, the index last."""
    files = list(table_documents(data))
    files += [
        (f"stations/{office['office_id']}.json", json_bytes(station_document(data, office)))
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
