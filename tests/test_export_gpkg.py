"""offices.gpkg read back with independent readers (GDAL through pyogrio, and sqlite3): every
office, every field, list fields intact (as delimited text and as a related table), WGS 84
points, dates from the release (never the clock), the same bytes on every build."""

from __future__ import annotations

import json
import sqlite3
import struct
import time
from pathlib import Path

import pytest
from release_helpers import expected_rows, field_names, release_schema

from officedata.release.export import export_format

GPKG = "offices.gpkg"


def list_fields(release: Path) -> dict[str, str]:
    """List field name → its delimiter, from the release descriptor."""
    return {
        f["name"]: f.get("delimiter", ",")
        for f in release_schema(release, "offices")["fields"]
        if f.get("type") == "list"
    }


def test_every_office_and_field_reads_back_through_gdal(release: Path) -> None:
    pyogrio = pytest.importorskip("pyogrio")
    meta, table = pyogrio.raw.read_arrow(release / GPKG, layer="offices")
    assert meta["geometry_type"] == "Point" and meta["crs"] == "EPSG:4326"
    rows = table.to_pylist()
    expected = expected_rows(release, "offices")
    assert len(rows) == len(expected) > 0
    lists = list_fields(release)
    assert lists  # the offices have a list field to keep intact
    for got, want in zip(rows, expected, strict=True):
        for name in field_names(release, "offices"):
            value = want[name]
            if name in lists and value is not None:
                value = lists[name].join(value)  # the text the CSV holds, not "(3:a,b,c)"
            assert got[name] == value, (want["office_id"], name)
        geometry = got[meta["geometry_name"] or "wkb_geometry"]
        if want["longitude"] is None:
            assert geometry is None
        else:  # GeoPackage stores its own header before the WKB point; GDAL returns plain WKB
            _, kind, x, y = struct.unpack("<BIdd", geometry)
            assert (kind, x, y) == (1, want["longitude"], want["latitude"])


def test_list_fields_are_related_tables_with_every_item_in_order(release: Path) -> None:
    expected = {row["office_id"]: row for row in expected_rows(release, "offices")}
    with sqlite3.connect(release / GPKG) as db:
        for name in list_fields(release):
            table = f"offices_{name}"
            columns = [c[1] for c in db.execute(f"PRAGMA table_info({table})")]
            item = columns[-1]
            assert columns[-3:-1] == ["office_id", "position"]
            found: dict[str, list[str]] = {}
            for office, position, value in db.execute(
                f'SELECT office_id, position, "{item}" FROM {table} ORDER BY office_id, position'
            ):
                found.setdefault(office, []).append(value)
                assert position == len(found[office])
            wanted = {k: v[name] for k, v in expected.items() if v[name]}
            assert found == wanted
        assert item == "report_id"  # sources name the reports they cite


def test_the_geopackage_dates_are_the_release_date(release: Path) -> None:
    created = json.loads((release / "datapackage.json").read_text())["created"]
    with sqlite3.connect(release / GPKG) as db:
        changes = {row[0] for row in db.execute("SELECT last_change FROM gpkg_contents")}
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
    assert application_id == 0x47504B47  # "GPKG": an OGC GeoPackage file
    assert len(changes) == 1
    assert changes.pop()[:19] == created[:19]


@pytest.mark.slow
def test_two_exports_a_second_apart_give_the_same_bytes(
    planted_package: Path, tmp_path: Path
) -> None:
    first = export_format("gpkg", planted_package, tmp_path / "first")
    time.sleep(1.1)  # GDAL would otherwise stamp the clock's time, to the second
    second = export_format("gpkg", planted_package, tmp_path / "second")
    assert [p.name for p in first] == [p.name for p in second] == [GPKG]
    assert first[0].read_bytes() == second[0].read_bytes()


def test_the_descriptor_lists_the_geopackage(release: Path) -> None:
    descriptor = json.loads((release / "datapackage.json").read_text())
    (entry,) = [r for r in descriptor["resources"] if r["path"] == GPKG]
    assert entry["format"] == "gpkg"
    assert entry["mediatype"] == "application/geopackage+sqlite3"
