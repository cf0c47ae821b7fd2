"""GeoJSON: valid against the official schema, and GDAL and json read back the offices' values."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import pytest
from release_helpers import MESSY_NOTE, expected_rows, field_names, read_csv_rows

SCHEMA = Path(__file__).parent / "data" / "geojson-FeatureCollection.schema.json"


def load(release: Path) -> dict[str, Any]:
    return json.loads((release / "offices.geojson").read_text(encoding="utf-8"))


def expected_properties(release: Path) -> list[dict[str, Any]]:
    countries = {r["iso2"]: r["name"] for r in read_csv_rows(release / "data" / "countries.csv")}
    reports = {r["report_id"]: r for r in read_csv_rows(release / "data" / "reports.csv")}
    result = []
    for row in expected_rows(release, "offices"):
        report = reports[row["first_reported_in"]]
        result.append(
            {
                **row,
                "country_name": countries[row["country"]],
                "first_report_title": report["title"],
                "first_report_url": report["url"],
            }
        )
    return result


def test_valid_against_the_official_geojson_schema(release: Path) -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(load(release))


def test_rfc7946_members(release: Path) -> None:
    collection = load(release)
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    offices = expected_rows(release, "offices")
    assert [f["id"] for f in collection["features"]] == [o["office_id"] for o in offices]
    for feature, office in zip(collection["features"], offices, strict=True):
        if office["latitude"] is None:
            assert feature["geometry"] is None
        else:
            lon, lat = feature["geometry"]["coordinates"]
            assert feature["geometry"]["type"] == "Point"
            assert (lon, lat) == (round(office["longitude"], 6), round(office["latitude"], 6))


def test_properties_equal_the_csv_plus_lookups(release: Path) -> None:
    properties = [f["properties"] for f in load(release)["features"]]
    assert properties == expected_properties(release)
    assert list(properties[0]) == [
        *field_names(release, "offices"),
        "country_name",
        "first_report_title",
        "first_report_url",
    ]


def test_escaping_of_quotes_backslashes_and_control_characters(release: Path) -> None:
    by_id = {f["id"]: f["properties"] for f in load(release)["features"]}
    assert by_id["nl-test-messy"]["notes"] == MESSY_NOTE
    assert by_id["ie-test-chinese"]["city"] == "都柏林"
    text = (release / "offices.geojson").read_text(encoding="utf-8")
    assert "都柏林" in text  # UTF-8 as is, not \\u escapes


def _point(wkb: bytes | None) -> tuple[float, float] | None:
    if wkb is None:
        return None
    byte_order = "<" if wkb[0] == 1 else ">"
    kind, lon, lat = struct.unpack(f"{byte_order}Idd", wkb[1:21])
    assert kind == 1  # Point
    return lon, lat


def test_gdal_reads_every_office(release: Path) -> None:
    import pyogrio

    _, table = pyogrio.read_arrow(
        release / "offices.geojson", DATE_AS_STRING=True, ARRAY_AS_STRING=False
    )
    rows = table.to_pylist()
    expected = expected_properties(release)
    assert len(rows) == len(expected)
    geometry_column = next(n for n in table.column_names if "geometry" in n)
    for row, office in zip(rows, expected, strict=True):
        point = _point(row[geometry_column])
        if office["latitude"] is None:
            assert point is None
        else:
            assert point == (round(office["longitude"], 6), round(office["latitude"], 6))
        for name, value in office.items():
            assert row[name] == value, (office["office_id"], name)


@pytest.mark.parametrize("office_id", ["ie-test-chinese", "nl-test-messy"])
def test_offices_without_coordinates_have_null_geometry(release: Path, office_id: str) -> None:
    by_id = {f["id"]: f for f in load(release)["features"]}
    assert by_id[office_id]["geometry"] is None
