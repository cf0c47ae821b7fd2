"""CSV: the release CSVs are the canonical form `officedata fmt` gives the source files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from release_helpers import CHINESE_CITY, HYPERLINK_NOTE, MESSY_NOTE, RESOURCES, read_csv_rows

from officedata.schema.descriptor import load_package
from officedata.table.fmt import format_package


@pytest.fixture(scope="module")
def formatted_sources(planted_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("formatted") / "package"
    shutil.copytree(planted_package, copy)
    format_package(load_package(copy), check=False)
    return copy


@pytest.mark.parametrize("resource", RESOURCES)
def test_release_csv_equals_the_formatted_source(
    release: Path, formatted_sources: Path, resource: str
) -> None:
    released = (release / "data" / f"{resource}.csv").read_bytes()
    assert released == (formatted_sources / "data" / f"{resource}.csv").read_bytes()


@pytest.mark.parametrize("resource", RESOURCES)
def test_release_csv_rows_are_sorted_by_primary_key(release: Path, resource: str) -> None:
    rows = read_csv_rows(release / "data" / f"{resource}.csv")
    key = load_package(release).resource(resource).schema.primary_key
    keys = [[row[k] for k in key] for row in rows]
    assert keys == sorted(keys)


def test_planted_text_survives_unchanged(release: Path) -> None:
    rows = {r["office_id"]: r for r in read_csv_rows(release / "data" / "offices.csv")}
    assert rows["ie-test-chinese"]["city"] == CHINESE_CITY
    assert rows["ie-test-chinese"]["notes"] == HYPERLINK_NOTE
    assert rows["nl-test-messy"]["notes"] == MESSY_NOTE
    assert rows["nl-test-messy"]["status_date"] == "2023"
