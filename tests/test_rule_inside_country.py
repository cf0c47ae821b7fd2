"""Swapped or misplaced coordinates are caught without the GeoNames gazetteer."""

from __future__ import annotations

from pathlib import Path

from conftest import read_rows, write_rows

from officedata.validation.validate import validate_package


def _swap_first(package: Path, country: str) -> tuple[int, dict[str, str]]:
    path = package / "data" / "offices.csv"
    rows = read_rows(path)
    index, row = next((i, r) for i, r in enumerate(rows) if r["country"] == country and r["latitude"])
    row["latitude"], row["longitude"] = row["longitude"], row["latitude"]
    write_rows(path, rows)
    return index + 2, row


def test_swapped_coordinates_are_an_error_that_says_so(package: Path, monkeypatch) -> None:
    import officedata.validation.rules.geo as geo

    monkeypatch.setattr(geo, "geonames_places", lambda ids: None)  # as on an install without `geo`
    line, _ = _swap_first(package, "NL")
    result = validate_package(package)
    found = [f for f in result.findings.errors if f.rule == "inside-country"]
    assert [(f.file, f.line, f.field) for f in found] == [("data/offices.csv", line, "latitude")]
    assert "outside NL" in found[0].message and "wrong way round" in found[0].message
    assert not result.ok


def test_a_point_in_another_country_is_an_error(package: Path) -> None:
    path = package / "data" / "offices.csv"
    rows = read_rows(path)
    index, row = next((i, r) for i, r in enumerate(rows) if r["country"] == "FR" and r["latitude"])
    row["latitude"], row["longitude"] = "-33.9", "18.4"  # Cape Town
    write_rows(path, rows)
    found = [f for f in validate_package(package).findings.errors if f.rule == "inside-country"]
    assert [f.line for f in found] == [index + 2]
    assert "are they the wrong way round" not in found[0].message


def test_the_real_package_passes_the_outline_check() -> None:
    from conftest import REPO

    found = [f for f in validate_package(REPO).findings.items if f.rule == "inside-country"]
    assert found == []
