"""The release descriptor lists every file the release ships, and frictionless validates the
release folder and zip with the tables really checked (rows read, sizes and hashes compared)."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import release_zip
from release_helpers import RESOURCES

import officedata

ZIP = release_zip()
# Not listed: the descriptor and SHA256SUMS each hold the other's hash, and the zip holds both;
# the site is one `officedata:folders` entry (SHA256SUMS covers each of its files).
UNLISTED = {"datapackage.json", "SHA256SUMS", ZIP}


def descriptor_of(release: Path) -> dict[str, Any]:
    return json.loads((release / "datapackage.json").read_text(encoding="utf-8"))


def csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as stream:
        return sum(1 for _ in csv.DictReader(stream))


def test_every_shipped_file_is_a_resource_with_its_size_and_hash(release: Path) -> None:
    descriptor = descriptor_of(release)
    listed = {r["path"]: r for r in descriptor["resources"]}
    shipped = {
        p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()
    } - UNLISTED
    assert {name for name in shipped if not name.startswith("site/")} == set(listed)
    for path, resource in listed.items():
        data = (release / path).read_bytes()
        assert resource["bytes"] == len(data), path
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), path
        assert resource["mediatype"] and resource["title"], path
    for expected in (
        "parquet/offices.parquet",
        "offices.geojson",
        "officedata.xlsx",
        "officedata.db",
        "pictures/offices-map.png",
        "LICENSE-DATA",
    ):
        assert expected in listed
    assert listed["offices.geojson"]["format"] == "geojson"
    assert listed["parquet/offices.parquet"]["mediatype"] == "application/vnd.apache.parquet"
    (site,) = descriptor["officedata:folders"]
    site_files = [name for name in shipped if name.startswith("site/")]
    assert site["path"] == "site/" and site["files"] == len(site_files) > 0


def test_only_the_tables_have_schemas_and_the_loader_sees_only_them(release: Path) -> None:
    resources = descriptor_of(release)["resources"]
    tables = [r["name"] for r in resources if "schema" in r]
    assert tables == list(RESOURCES)
    assert all(r.get("type") == "table" for r in resources if "schema" in r)
    assert all(r.get("type") != "table" for r in resources if "schema" not in r)
    assert officedata.list_tables(path=release) == list(RESOURCES)


def check_valid_with_rows(report: Any, release: Path) -> None:
    assert report.valid, report.flatten(["type", "note"])
    by_name = {task.name: task for task in report.tasks}
    assert set(by_name) == {r["name"] for r in descriptor_of(release)["resources"]}
    for name in RESOURCES:  # the tables were read row by row, not merely listed
        expected = csv_rows(release / "data" / f"{name}.csv")
        assert by_name[name].type == "table"
        assert by_name[name].stats["rows"] == expected > 0


def test_frictionless_validates_the_release_folder_reading_every_table(release: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    check_valid_with_rows(frictionless.validate(str(release / "datapackage.json")), release)


def test_frictionless_validates_the_release_zip_as_a_package(release: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(release / ZIP), type="package")
    check_valid_with_rows(report, release)
    package = frictionless.Package(str(release / ZIP))
    rows = package.get_resource("offices").read_rows()
    assert len(rows) == csv_rows(release / "data" / "offices.csv")


def test_frictionless_notices_a_file_changed_after_the_build(release: Path, tmp_path: Path) -> None:
    """The check above is not vacuous: a changed picture fails its size and hash."""
    frictionless = pytest.importorskip("frictionless")
    copy = tmp_path / "release"
    shutil.copytree(release, copy, ignore=shutil.ignore_patterns("site", "*.zip"))
    picture = copy / "pictures" / "offices-map.png"
    picture.write_bytes(picture.read_bytes() + b"tampered")
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    errors = {(task.name, error.type) for task in report.tasks for error in task.errors}
    assert errors == {("pictures-offices-map-png", "hash-count"), ("pictures-offices-map-png", "byte-count")}


def test_a_table_without_its_schema_is_still_refused(package: Path) -> None:
    """Files without a schema are resources; a CSV without one is a broken table."""
    from officedata.errors import PackageError
    from officedata.schema.descriptor import load_package

    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    del descriptor["resources"][0]["schema"]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(PackageError) as raised:
        load_package(package)
    assert "'schema' is missing" in str(raised.value.failures[0].message)
