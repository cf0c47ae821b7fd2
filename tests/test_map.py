"""officedata map / chart: offline pictures that count every office and are byte-reproducible."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

import matplotlib
import pytest
from click.testing import CliRunner
from conftest import read_rows, write_rows

from officedata.cli import app
from officedata.figures.chart import draw_country_chart
from officedata.figures.maps import (
    UNKNOWN_BUREAU,
    UNKNOWN_COLOUR,
    bureau_colours,
    caption_lines,
    draw_map,
    places,
)
from officedata.figures.render import output_paths
from officedata.loader import load_table
from officedata.outlines import load_basemap
from officedata.schema.descriptor import load_package as open_package

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tables():
    package = open_package(REPO)
    return package, load_table(package, "offices"), load_table(package, "countries")


def test_every_office_is_drawn_or_counted_in_the_caption(planted_package: Path):
    """Counted from the CSV text: the drawn markers hold every office with coordinates and the
    map's own text counts the rest (the planted offices have none, so there is a rest)."""
    rows = read_rows(planted_package / "data" / "offices.csv")
    located = [r for r in rows if r["latitude"] and r["longitude"]]
    unplaced = len(rows) - len(located)
    assert unplaced >= 2 and located
    package = open_package(planted_package)
    offices, countries = load_table(package, "offices"), load_table(package, "countries")
    assert sum(place.count for place in places(offices)) == len(located)
    figure = draw_map(package, offices, countries)
    text = " ".join(t.get_text() for t in figure.texts).replace("\n", " ")
    assert f"{len(located)} of the {len(rows)} reported stations" in text
    assert f"Not drawn: {unplaced} stations" in text
    without = Counter(r["country"] for r in rows if not (r["latitude"] and r["longitude"]))
    names = {c["iso2"]: c["name"] for c in read_rows(planted_package / "data" / "countries.csv")}
    for country, count in without.items():
        assert f"{names[country]} {count}" in text


def test_an_office_losing_its_coordinates_moves_into_the_caption(package: Path):
    path = package / "data" / "offices.csv"
    rows = read_rows(path)
    target = next(row for row in rows if row["latitude"])
    before = sum(1 for row in rows if not row["latitude"])
    target.update(latitude="", longitude="", geonames_id="", location_precision="country")
    write_rows(path, rows)
    loaded = open_package(package)
    offices, countries = load_table(loaded, "offices"), load_table(loaded, "countries")
    caption = caption_lines(loaded, offices, countries, before + 1).replace("\n", " ")
    assert f"Not drawn: {before + 1} stations" in caption
    assert sum(p.count for p in places(offices)) == len(rows) - before - 1


def test_stations_sharing_a_place_and_bureau_become_one_counted_marker(tables):
    _, offices, _ = tables
    located = offices[offices["latitude"].notna()]
    keys = located.assign(b=located["operating_bureau"].fillna(UNKNOWN_BUREAU)).groupby(
        [located["longitude"].round(4), located["latitude"].round(4), "b"]
    )
    expected = sorted(int(n) for n in keys.size())
    assert sorted(p.count for p in places(offices)) == expected


def test_unknown_bureau_is_grey_and_known_bureaus_have_their_own_colours(tables):
    _, offices, _ = tables
    colours = bureau_colours(offices)
    assert set(colours) == set(offices["operating_bureau"].dropna().astype(str))
    assert UNKNOWN_COLOUR not in colours.values()
    assert len(set(colours.values())) == len(colours)  # fewer bureaus than palette colours


def test_basemap_is_offline_and_has_the_host_countries(tables):
    _, _, countries = tables
    basemap = load_basemap()
    hosts = set(countries.loc[countries["kind"] == "host", "iso2"].astype(str))
    drawn = hosts & set(basemap.outlines)
    # Hosts without an outline are named in the caption rather than silently missing.
    assert drawn | (hosts & set(basemap.missing)) == hosts
    assert len(drawn) >= len(hosts) - 3


def test_release_pictures_are_the_four_files_and_carry_no_dates(release: Path):
    """That another process draws the very same bytes is checked with the whole release
    (tests/test_build_release.py, a build in another process); here, what the bytes hold."""
    pictures = release / "pictures"
    names = sorted(p.name for p in pictures.iterdir())
    assert names == [
        "offices-map.png", "offices-map.svg", "stations-per-country.png",
        "stations-per-country.svg",
    ]  # fmt: skip
    for stem in ("offices-map", "stations-per-country"):
        svg = (pictures / f"{stem}.svg").read_bytes()
        png = (pictures / f"{stem}.png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert b"Software" not in png
        assert ElementTree.fromstring(svg).tag.endswith("svg")
        assert b"<dc:date>" not in svg
        assert matplotlib.__version__.encode() not in svg + png  # no tool version drift


def test_chart_has_one_bar_pair_per_host_country(tables):
    package, offices, countries = tables
    figure = draw_country_chart(package, offices, countries)
    ax = figure.axes[0]
    hosts = int((countries["kind"] == "host").sum())
    assert len(ax.patches) == 2 * hosts
    listed = sorted(int(p.get_width()) for p in ax.patches[:hosts])
    assert sum(listed) == int(offices["country"].isin(countries["iso2"]).sum())


def test_out_suffix_picks_the_format():
    assert output_paths(Path("x/map.png")) == [Path("x/map.png")]
    assert output_paths(Path("x/map")) == [Path("x/map.svg"), Path("x/map.png")]


@pytest.mark.slow
def test_map_command_writes_svg_and_png(tmp_path: Path):
    result = CliRunner().invoke(app, ["map", str(REPO), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.svg").stat().st_size > 10_000
    assert (tmp_path / "m.png").read_bytes().startswith(b"\x89PNG")


def test_map_of_a_broken_package_says_why(package: Path, tmp_path: Path):
    path = package / "data" / "offices.csv"
    rows = read_rows(path)
    rows[0]["latitude"] = "north"
    write_rows(path, rows)
    result = CliRunner().invoke(app, ["map", str(package), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "data/offices.csv:2:" in result.output and "'north'" in result.output
    assert not (tmp_path / "m.svg").exists()


def test_names_the_font_cannot_draw_are_owned_up_to_in_the_caption(tables):
    package, offices, countries = tables
    assert "font" not in caption_lines(package, offices, countries, 0)
    planted = offices.copy()
    planted.loc[planted.index[0], "operating_bureau"] = "福州"
    assert "show as boxes" in caption_lines(package, planted, countries, 0)
