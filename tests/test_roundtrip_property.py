"""Nothing is lost: generated valid rows survive CSV → load → every export → read back.

Rows are generated for `offices`, `reports` and `responses` (free text in any script, Chinese
included, line breaks, quotes and backslashes inside cells, partial dates, empty optional fields,
lists of references; office locations borrowed from real rows so the geography stays true) and
added to a copy of the real package, written in a deliberately non-canonical form. Then:
- the validator accepts them and loads exactly the generated values;
- every data exporter `officedata build` runs writes its format, and each, read back with an
  independent reader (csv, pyarrow, json, python-calamine), gives exactly the generated values;
- `fmt` changes only form: its output validates, loads to the same values, and is stable.
"""

from __future__ import annotations

import csv
import io
import json
import random
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bad_inputs import copy_package
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officedata.schema.descriptor import load_package
from officedata.table.fmt import format_package
from officedata.validation.validate import validate_package

TODAY = date(2026, 11, 28)
KEYS = {"offices": "office_id", "reports": "report_id", "responses": "response_id"}

# Any printable character of any script (no surrogates, no control characters), plus CJK and
# line breaks inside cells; strings stripped of nothing, so spaces at the ends must survive too.
_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
_CJK = st.sampled_from("中国警察服务站海外福州青田温州南通丽水报告")
_TEXT_CHAR = st.one_of(_CHARS, _CJK, st.just("\n"), st.sampled_from(",;\"'"))


def text(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(_TEXT_CHAR, min_size=min_size, max_size=max_size)


# Zero-width and other invisible characters count as blank in a required field.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def required_text(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    """Text for a required field: at least one visible character (blank is reported as empty)."""
    return text(min_size, max_size).filter(lambda t: t.translate(_INVISIBLE).strip())


def partial_date() -> st.SearchStrategy[str]:
    return st.builds(
        lambda day, width: day.isoformat()[:width],
        st.dates(min_value=date(1990, 1, 1), max_value=TODAY),
        st.sampled_from([4, 7, 10]),
    )


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def schema_enum(root: Path, table: str, field: str) -> list[str]:
    schema = json.loads((root / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
    return next(f for f in schema["fields"] if f["name"] == field)["constraints"]["enum"]


def backed_by(root: Path) -> dict[str, list[str]]:
    """offices.status's officedata:backedBy: which response actions back which status."""
    schema = json.loads((root / "schemas" / "offices.json").read_text(encoding="utf-8"))
    return next(f for f in schema["fields"] if f["name"] == "status")["officedata:backedBy"]


def real_rows(table: str) -> list[dict[str, str]]:
    from bad_inputs import REPO

    with (REPO / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


REPORT_IDS = [r["report_id"] for r in real_rows("reports")]
OFFICE_IDS = [r["office_id"] for r in real_rows("offices")]
COUNTRIES = [r["iso2"] for r in real_rows("countries")]
_ROOT = Path(__file__).resolve().parent.parent
_BACKING = {action for actions in backed_by(_ROOT).values() for action in actions}
NEUTRAL_ACTIONS = [a for a in schema_enum(_ROOT, "responses", "action") if a not in _BACKING]
UNBACKED_STATUSES = [
    s for s in schema_enum(_ROOT, "offices", "status") if s not in backed_by(_ROOT)
]


@st.composite
def report_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 4))
    rows = []
    for number in range(count):
        report_id = f"zz-generated-{number}-" + draw(
            st.from_regex(r"[a-z0-9]{1,20}", fullmatch=True)
        )
        rows.append(
            {
                "report_id": report_id,
                "title": draw(required_text(1, 300)),
                "publisher": draw(required_text(1, 200)),
                "publisher_kind": draw(
                    st.sampled_from(schema_enum(_ROOT, "reports", "publisher_kind"))
                ),
                "published": draw(optional(partial_date())),
                "url": f"https://example.org/{report_id}/"
                + draw(st.from_regex(r"[A-Za-z0-9%._~-]{0,30}", fullmatch=True)),
                "language": draw(st.from_regex(r"[a-z]{2}", fullmatch=True)),
                "reliability": draw(st.sampled_from(schema_enum(_ROOT, "reports", "reliability"))),
                "stations_claimed": draw(optional(st.integers(0, 10000))),
                "countries_claimed": draw(optional(st.integers(0, 250))),
            }
        )
    return rows


@st.composite
def response_rows(draw: st.DrawFn, new_reports: list[str]) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 4))
    known = REPORT_IDS + new_reports
    return [
        {
            "response_id": f"zz-generated-{number}-"
            + draw(st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True)),
            "country": draw(st.sampled_from(COUNTRIES)),
            "office_ids": draw(
                optional(st.lists(st.sampled_from(OFFICE_IDS), min_size=1, max_size=2))
            ),
            "date": draw(optional(partial_date())),
            "actor": draw(required_text(1, 200)),
            "actor_kind": draw(st.sampled_from(schema_enum(_ROOT, "responses", "actor_kind"))),
            # Actions that back no status: naming a real office leaves its status as it is.
            "action": draw(st.sampled_from(NEUTRAL_ACTIONS)),
            "summary": draw(required_text(1, 200)),
            "sources": draw(st.lists(st.sampled_from(known), min_size=1, max_size=3)),
        }
        for number in range(count)
    ]


# Real office rows lend their location (country, place, precision, coordinates, GeoNames id),
# so generated offices pass the gazetteer checks without inventing a place.
LOCATIONS = [
    {k: r[k] for k in ("country", "location_precision", "latitude", "longitude", "geonames_id")}
    | {"has_city": bool(r["city"])}
    for r in real_rows("offices")
]
# Reports published before 2023 (or undated) may be an office's first report: the status
# dates generated below (2023 on) are then never before that publication.
EARLY_REPORTS = [r["report_id"] for r in real_rows("reports") if r["published"] < "2023"]


def number(text: str) -> float | int | None:
    return None if text == "" else float(text)


@st.composite
def office_rows(draw: st.DrawFn, known_reports: list[str]) -> list[dict[str, Any]]:
    rows = []
    for index in range(draw(st.integers(1, 3))):
        place = draw(st.sampled_from(LOCATIONS))
        city = draw(text(1, 100)) if place["has_city"] else draw(optional(text(1, 100)))
        rows.append(
            {
                "office_id": f"{place['country'].lower()}-zz-generated-{index}",
                "country": place["country"],
                "city": city,
                "operating_bureau": draw(optional(text(1, 100))),
                "first_reported_in": draw(st.sampled_from(EARLY_REPORTS)),
                # A status that needs no response: the generated offices have none.
                "status": draw(st.sampled_from(UNBACKED_STATUSES)),
                "status_date": draw(
                    optional(
                        st.builds(
                            lambda day, width: day.isoformat()[:width],
                            st.dates(min_value=date(2023, 1, 1), max_value=TODAY),
                            st.sampled_from([4, 7, 10]),
                        )
                    )
                ),
                "location_precision": place["location_precision"],
                "latitude": number(place["latitude"]),
                "longitude": number(place["longitude"]),
                "geonames_id": None if not place["geonames_id"] else int(place["geonames_id"]),
                "disputed": draw(st.booleans()),
                "notes": draw(optional(text(1, 300))),
                "sources": draw(st.lists(st.sampled_from(known_reports), min_size=1, max_size=3)),
            }
        )
    return rows


@st.composite
def generated_rows(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    reports = draw(report_rows())
    new_reports = [r["report_id"] for r in reports]
    offices = draw(office_rows(REPORT_IDS + new_reports))
    responses = draw(response_rows(new_reports))
    return {"reports": reports, "offices": offices, "responses": responses}


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def add_rows(root: Path, generated: dict[str, list[dict[str, Any]]], shuffle_seed: int) -> None:
    """Append the rows, shuffle row order and quote every cell: valid, but not canonical."""
    for table, new_rows in generated.items():
        path = root / "data" / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as stream:
            records = list(csv.reader(stream))
        header, rows = records[0], records[1:]
        rows += [[cell(row[name]) for name in header] for row in new_rows]
        random.Random(shuffle_seed).shuffle(rows)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)
        path.write_bytes(buffer.getvalue().encode("utf-8"))


def loaded_value(value: Any) -> Any:
    """A typed frame cell → plain Python (None for missing, int, str, list)."""
    import numpy as np
    import pandas as pd

    # List fields are Arrow lists in the typed frame; astype(object) hands them out as arrays.
    if isinstance(value, list | np.ndarray):
        return list(value)
    if pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def validated(root: Path) -> Any:
    """The validation of root, which must pass."""
    result = validate_package(root, today=TODAY)
    assert result.ok, [f.message for f in result.findings.errors][:5]
    return result


def loaded_rows(result: Any, table: str) -> dict[str, dict[str, Any]]:
    """The rows of one validated table, by key, as plain Python values."""
    key = KEYS[table]
    frame = result.tables[table].frame
    return {
        row[key]: {name: loaded_value(row[name]) for name in frame.columns}
        for row in frame.astype(object).to_dict("records")
    }


SETTINGS = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def raw_records(root: Path) -> dict[str, list[tuple[str, ...]]]:
    """Every table's rows as text, in a fixed order: what fmt must never change."""
    records = {}
    for resource in load_package(root).resources:
        with (root / resource.path).open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            names = resource.schema.field_names
            records[resource.name] = sorted(tuple(row[n] for n in names) for row in reader)
    return records


@pytest.mark.slow
@SETTINGS
@given(generated=generated_rows(), seed=st.integers(0, 1000))
def test_fmt_changes_only_form(generated, seed) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = copy_package(Path(folder) / "package")
        add_rows(root, generated, seed)
        before_text = raw_records(root)
        validation = validated(root)
        before = {t: loaded_rows(validation, t) for t in generated}

        result = format_package(load_package(root), check=False)
        assert not result.failures
        assert set(result.changed) == {f"data/{t}.csv" for t in generated}

        assert raw_records(root) == before_text
        validation = validated(root)
        assert {t: loaded_rows(validation, t) for t in generated} == before
        again = format_package(load_package(root), check=True)
        assert again.changed == [] and again.failures == []


# --- every export, read back with a reader that is not officedata's ---------------------------


def schema_fields(root: Path, table: str) -> list[dict[str, Any]]:
    return json.loads((root / "schemas" / f"{table}.json").read_text(encoding="utf-8"))["fields"]


def from_text(field: dict[str, Any], value: Any) -> Any:
    """A cell as text (CSV) or as a spreadsheet shows it → the schema's plain Python value."""
    if value is None or value == "":
        return None
    kind = field.get("type", "string")
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return value if isinstance(value, bool) else value in field.get("trueValues", ["true"])
    if kind == "list":
        return str(value).split(field.get("delimiter", ","))
    return value


def csv_export(dist: Path, root: Path, table: str) -> dict[str, dict[str, Any]]:
    fields = schema_fields(root, table)
    with (dist / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return {
        row[KEYS[table]]: {f["name"]: from_text(f, row[f["name"]]) for f in fields} for row in rows
    }


def parquet_export(dist: Path, root: Path, table: str) -> dict[str, dict[str, Any]]:
    import pyarrow.parquet as pq

    rows = pq.read_table(dist / "parquet" / f"{table}.parquet").to_pylist()
    return {row[KEYS[table]]: row for row in rows}


def xlsx_export(dist: Path, root: Path, table: str) -> dict[str, dict[str, Any]]:
    from python_calamine import CalamineWorkbook

    fields = schema_fields(root, table)
    sheet = CalamineWorkbook.from_path(dist / "officedata.xlsx").get_sheet_by_name(table)
    header, *rows = sheet.to_python()
    assert header == [f["name"] for f in fields]
    records = [
        {f["name"]: from_text(f, cell) for f, cell in zip(fields, row, strict=True)} for row in rows
    ]
    return {r[KEYS[table]]: r for r in records}


def geojson_export(dist: Path, root: Path, table: str) -> dict[str, dict[str, Any]]:
    if table != "offices":
        return {}
    collection = json.loads((dist / "offices.geojson").read_text(encoding="utf-8"))
    rows = {}
    for feature in collection["features"]:
        properties = feature["properties"]
        coordinates = (feature["geometry"] or {}).get("coordinates")
        expected = (
            None
            if properties["latitude"] is None
            else [round(properties["longitude"], 6), round(properties["latitude"], 6)]
        )
        assert coordinates == expected, feature["id"]
        rows[feature["id"]] = properties
    return rows


def gpkg_export(dist: Path, root: Path, table: str) -> dict[str, dict[str, Any]]:
    """The GeoPackage layer read through GDAL (pyogrio), list text split at its delimiter."""
    if table != "offices":
        return {}
    import pyogrio

    lists = {
        f["name"]: f.get("delimiter", ",")
        for f in schema_fields(root, table)
        if f["type"] == "list"
    }
    _, layer = pyogrio.raw.read_arrow(dist / "offices.gpkg", layer="offices")
    rows = {}
    for row in layer.to_pylist():
        for name, delimiter in lists.items():
            if row[name] is not None:
                row[name] = row[name].split(delimiter)
        rows[row[KEYS[table]]] = row
    return rows


def database_export(dist: Path, root: Path, table: str) -> dict[str, dict[str, Any]]:
    """The SQLite table with its link tables folded back into lists (sqlite3, not officedata)."""
    import sqlite3
    from contextlib import closing

    fields = schema_fields(root, table)
    key = KEYS[table]
    with closing(sqlite3.connect(dist / "officedata.db")) as connection:
        connection.row_factory = sqlite3.Row
        rows = {row[key]: dict(row) for row in connection.execute(f'SELECT * FROM "{table}"')}
        for field in (f for f in fields if f["type"] == "list"):
            for row in rows.values():
                row[field["name"]] = None
            link = f'"{table}_{field["name"]}"'
            for item in connection.execute(f"SELECT * FROM {link} ORDER BY {key}, position"):
                items = rows[item[key]][field["name"]] or []
                rows[item[key]][field["name"]] = [*items, item[-1]]
    for row in rows.values():
        for field in (f for f in fields if f["type"] == "boolean" and row[f["name"]] is not None):
            row[field["name"]] = bool(row[field["name"]])
    return {k: {f["name"]: row[f["name"]] for f in fields} for k, row in rows.items()}


def site_api_export(dist: Path, root: Path, table: str) -> dict[str, dict[str, Any]]:
    """The site's static JSON API: site/api/<table>.json (json, not officedata)."""
    document = json.loads((dist / "site" / "api" / f"{table}.json").read_text(encoding="utf-8"))
    return {row[KEYS[table]]: row for row in document["rows"]}


READERS = {
    "csv": csv_export,
    "parquet": parquet_export,
    "xlsx": xlsx_export,
    "geojson": geojson_export,
    "gpkg": gpkg_export,
    "database": database_export,
    "site": site_api_export,
}
NOT_DATA = {"pictures"}  # the map and chart: images, nothing to read values back from


def test_every_data_export_has_a_reader_here() -> None:
    from officedata.exporters.base import EXPORTERS

    assert set(EXPORTERS) == set(READERS) | NOT_DATA


@pytest.mark.slow
@settings(SETTINGS)  # six examples: each writes every export
@given(generated=generated_rows(), seed=st.integers(0, 1000))
def test_generated_rows_load_intact_and_every_export_reads_them_back(generated, seed) -> None:
    """The validator accepts the rows and loads exactly the generated values; then every data
    exporter writes them and an independent reader gets exactly those values back."""
    from officedata.exporters.base import get_exporter
    from officedata.table.table import ordered_tables

    with tempfile.TemporaryDirectory() as folder:
        root = copy_package(Path(folder) / "package")
        add_rows(root, generated, seed)
        dist = Path(folder) / "dist"
        validation = validated(root)
        for table, rows in generated.items():
            loaded = loaded_rows(validation, table)
            for row in rows:
                assert loaded[row[KEYS[table]]] == row, table
        tables = ordered_tables(validation.package, validation.tables)
        for name in READERS:  # the exporters `officedata build` runs, without map and zip
            get_exporter(name).write(validation.package, tables, dist)
        for reader_name, read in READERS.items():
            for table, rows in generated.items():
                exported = read(dist, root, table)
                if not exported:
                    continue
                for row in rows:
                    got = {k: exported[row[KEYS[table]]][k] for k in row}
                    assert got == row, (reader_name, table)
