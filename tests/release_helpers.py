"""Helpers for the release tests: a planted copy of the package, and expectations read from CSV.

Expectations come from the release CSVs and the Table Schemas through this small, separate
converter (not officedata's typing code), so a reader of another format is compared with what
the CSV says, not with what our own code thinks it says.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PACKAGE_ITEMS = (
    "datapackage.json",
    "schemas",
    "data",
    "README.md",
    "LICENSE",
    "LICENSE-DATA",
    "CHANGELOG.md",
    "CONTRIBUTING.md",
    "docs",
)
RESOURCES = ("offices", "countries", "reports", "responses")

HYPERLINK_NOTE = '=HYPERLINK("http://x","y")'
CHINESE_CITY = "都柏林"
CHINESE_TITLE = "海外警察服务站：调查报告（测试）"
MESSY_NOTE = 'Line one\nline "two" with \\ backslash,\ttab; +33 @handle -dash \x01 control'

# Synthetic rows for tests only (never in data/): Chinese text, formula-like and messy text,
# partial dates at every precision, offices without coordinates, empty optional cells.
PLANTED_ROWS: dict[str, list[dict[str, str]]] = {
    "reports": [
        {
            "report_id": "test-zh-report",
            "title": CHINESE_TITLE,
            "publisher": "测试出版社",
            "publisher_kind": "news",
            "published": "2023-05",
            "url": "https://example.org/zh/report?id=1&lang=zh",
            "language": "zh",
            "reliability": "unverified",
            "stations_claimed": "",
            "countries_claimed": "",
        },
        {
            "report_id": "test-year-report",
            "title": '-Dash-leading title, "quoted"',
            "publisher": "@Test publisher",
            "publisher_kind": "other",
            "published": "2023",
            "url": "http://example.org/year",
            "language": "en",
            "reliability": "unverified",
            "stations_claimed": "",
            "countries_claimed": "",
        },
    ],
    "offices": [
        {
            "office_id": "ie-test-chinese",
            "country": "IE",
            "city": CHINESE_CITY,
            "operating_bureau": "福州",
            "first_reported_in": "test-zh-report",
            "status": "reported",
            "status_date": "2023-05",
            "location_precision": "country",
            "latitude": "",
            "longitude": "",
            "geonames_id": "",
            "disputed": "false",
            "notes": HYPERLINK_NOTE,
            "sources": "test-zh-report;sd-110-overseas",
        },
        {
            "office_id": "nl-test-messy",
            "country": "NL",
            "city": "",
            "operating_bureau": "",
            "first_reported_in": "test-year-report",
            "status": "investigated",
            "status_date": "2023",
            "location_precision": "country",
            "latitude": "",
            "longitude": "",
            "geonames_id": "",
            "disputed": "true",
            "notes": MESSY_NOTE,
            "sources": "test-year-report",
        },
    ],
    "responses": [
        {
            "response_id": "nl-2023-test-statement",
            "country": "NL",
            "office_ids": "nl-test-messy",
            "date": "2023",
            "actor": "+Ministry (test)",
            "actor_kind": "ministry",
            "action": "investigation",  # backs the office's status (rules/status.py)
            "summary": "测试：部长发表声明。",
            "sources": "test-year-report",
        }
    ],
}


def copy_package(destination: Path) -> Path:
    """A copy of the repository's package (and the documents a release carries)."""
    destination.mkdir(parents=True, exist_ok=True)
    for item in PACKAGE_ITEMS:
        source = REPO / item
        if source.is_dir():
            shutil.copytree(source, destination / item)
        elif source.is_file():
            shutil.copyfile(source, destination / item)
    return destination


def append_rows(root: Path, resource: str, rows: list[dict[str, str]]) -> None:
    path = root / "data" / f"{resource}.csv"
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([row[name] for name in header])
    path.write_text(text + buffer.getvalue(), encoding="utf-8", newline="")


def plant(root: Path) -> Path:
    for resource, rows in PLANTED_ROWS.items():
        append_rows(root, resource, rows)
    return root


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def release_schema(release: Path, resource: str) -> dict[str, Any]:
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    entry = next(r for r in descriptor["resources"] if r["name"] == resource)
    return entry["schema"]


def typed_value(field: dict[str, Any], text: str) -> Any:
    """A CSV cell as the schema types it: "" is null; lists split; partial dates stay text."""
    if text == "":
        return None
    kind = field.get("type", "string")
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return text in field.get("trueValues", ["true"])
    if kind == "list":
        items = text.split(field.get("delimiter", ","))
        return [int(i) for i in items] if field.get("itemType") == "integer" else items
    return text


def expected_rows(release: Path, resource: str) -> list[dict[str, Any]]:
    """The release CSV's rows, typed per the release descriptor's schema."""
    fields = release_schema(release, resource)["fields"]
    rows = read_csv_rows(release / "data" / f"{resource}.csv")
    return [{f["name"]: typed_value(f, row[f["name"]]) for f in fields} for row in rows]


def field_names(release: Path, resource: str) -> list[str]:
    return [f["name"] for f in release_schema(release, resource)["fields"]]
