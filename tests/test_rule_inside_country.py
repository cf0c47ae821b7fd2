"""Swapped or misplaced coordinates are caught without the GeoNames gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest
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


def test_points_are_judged_together_in_blocks_with_the_same_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The vectorised judge: 0 inside, the equirectangular distance to the nearest edge
    outside, the same whatever the block size (blocks of 3 cells force several)."""
    import math

    import numpy as np

    from officedata.validation.rules import outline

    square = [np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]])]
    lats = np.array([5.0, 5.0, 5.0, 12.0, 1.0])
    lons = np.array([5.0, 12.0, -3.0, 5.0, 9.5])
    expected = [
        0.0,
        2 * math.cos(math.radians(5.0)) * outline.KM_PER_DEGREE,
        3 * math.cos(math.radians(5.0)) * outline.KM_PER_DEGREE,
        2 * outline.KM_PER_DEGREE,
        0.0,
    ]
    whole = outline.distances_km(lons, lats, square)
    monkeypatch.setattr(outline, "_CELLS_PER_BLOCK", 3)
    blocked = outline.distances_km(lons, lats, square)
    assert np.allclose(whole, expected) and np.array_equal(whole, blocked)


def test_a_point_inside_any_ring_is_inside_and_one_outside_all_is_nearest_the_closest() -> None:
    import math

    import numpy as np

    from officedata.validation.rules import outline

    mainland = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]])
    island = mainland + 20.0
    lats = np.array([25.0, 5.0, 5.0])
    lons = np.array([25.0, 13.0, 5.0])  # on the island; 3° east of the mainland; inland
    found = outline.distances_km(lons, lats, [mainland, island])
    expected = [0.0, 3 * math.cos(math.radians(5.0)) * outline.KM_PER_DEGREE, 0.0]
    assert np.allclose(found, expected)
