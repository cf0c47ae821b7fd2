"""The release holds the map and the chart, and `build --previous` adds changes.json."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import read_rows, write_rows
from helpers import release_zip

from officedata.cli import app
from officedata.errors import BuildError
from officedata.loader import load_table, with_categories
from officedata.release.build import CHANGES, build_release
from officedata.table.table import ordered_tables
from officedata.validation.validate import validate_package

PICTURES = (
    "pictures/offices-map.png",
    "pictures/offices-map.svg",
    "pictures/stations-per-country.png",
    "pictures/stations-per-country.svg",
)


def test_the_release_holds_the_pictures_with_checksums(release: Path):
    sums = (release / "SHA256SUMS").read_text(encoding="utf-8")
    (archive,) = release.glob("officedata-*.zip")
    with zipfile.ZipFile(archive) as bundle:
        members = set(bundle.namelist())
    for name in PICTURES:
        assert (release / name).stat().st_size > 10_000
        assert f"  {name}\n" in sums
        assert name in members
    assert (release / PICTURES[0]).read_bytes().startswith(b"\x89PNG")
    assert not (release / CHANGES).exists()  # only with --previous


def test_exporter_frames_equal_the_loader_frames(planted_package: Path):
    validation = validate_package(planted_package)
    tables = ordered_tables(validation.package, validation.tables)
    for name in ("offices", "countries"):
        from_text = with_categories(tables[name].frame, tables[name].schema)
        loaded = load_table(validation.package, name)
        key = list(tables[name].resource.schema.primary_key)
        expected = loaded.sort_values(key, ignore_index=True)
        pd.testing.assert_frame_equal(from_text, expected, check_exact=True)


@pytest.mark.slow
def test_build_with_previous_writes_the_diff_into_the_release(
    planted_package: Path, release: Path, tmp_path: Path
):
    package = tmp_path / "package"
    shutil.copytree(planted_package, package)  # the package the session's release came from
    offices = package / "data" / "offices.csv"
    rows = read_rows(offices)
    referenced = {
        office
        for r in read_rows(package / "data" / "responses.csv")
        for office in r["office_ids"].split(";")
    }
    removed = next(r for r in reversed(rows) if r["office_id"] not in referenced)
    moved = next(r for r in rows if r is not removed)
    moved_city = moved["city"]
    moved["city"] = "Corrected City"
    write_rows(offices, [r for r in rows if r is not removed])
    previous = release / release_zip()
    result = CliRunner().invoke(
        app, ["build", str(package), "--out", str(tmp_path / "second"), "--previous", str(previous)]
    )
    assert result.exit_code == 0, result.output

    second = tmp_path / "second"
    changes = json.loads((second / CHANGES).read_text(encoding="utf-8"))
    table = changes["tables"]["offices"]
    assert table["removed"] == [{"office_id": removed["office_id"]}]
    assert table["modified"] == [
        {
            "key": {"office_id": moved["office_id"]},
            "changes": {"city": {"before": moved_city or None, "after": "Corrected City"}},
        }
    ]
    assert changes["suggested_bump"]["level"] == "major"  # an ID disappeared
    assert changes["tables"]["reports"]["status"] == "unchanged"
    assert str(tmp_path) not in (second / CHANGES).read_text(encoding="utf-8")
    assert f"  {CHANGES}\n" in (second / "SHA256SUMS").read_text(encoding="utf-8")


def test_a_missing_previous_release_stops_the_build_before_writing(package: Path, tmp_path):
    with pytest.raises(BuildError, match="does not exist"):
        build_release(package, tmp_path / "out", previous=tmp_path / "nowhere")
    assert not (tmp_path / "out").exists()


def test_the_loader_reads_a_release_folder_like_the_source_package(
    release: Path, planted_package: Path
):
    from officedata.loader import load_all

    released, source = load_all(release), load_all(planted_package)
    assert list(released) == list(source)
    for name, frame in source.items():
        key = list(frame.columns[:1])
        pd.testing.assert_frame_equal(
            released[name].sort_values(key, ignore_index=True),
            frame.sort_values(key, ignore_index=True),
        )


def test_the_loader_reads_a_release_zip_and_refuses_an_unsafe_one(release: Path, tmp_path: Path):
    import officedata

    (archive,) = release.glob("officedata-*.zip")
    from_zip, from_folder = officedata.load_all(archive), officedata.load_all(release)
    for name, frame in from_folder.items():
        pd.testing.assert_frame_equal(from_zip[name], frame)
    derived = ("_earliest", "_latest")  # the loader's date bounds, not fields of the schema
    fields = [c for c in from_folder["offices"] if not c.endswith(derived)]
    assert list(officedata.describe("offices", archive)["field"]) == fields
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as bundle:
        bundle.writestr("../escaped.txt", "x")
    with pytest.raises(officedata.LoadError, match=r"contains '\.\.'"):
        officedata.load("offices", evil)
    assert not (tmp_path.parent / "escaped.txt").exists()
