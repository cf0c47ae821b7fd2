"""The release zip stores members that are compressed already and deflates the rest."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

import pytest
from helpers import release_zip

from officedata.release.build import DEFLATE_LEVEL, compression_for

ALREADY_COMPRESSED = {".png", ".parquet", ".xlsx", ".zip"}


@pytest.mark.parametrize(
    "member", ["pictures/offices-map.png", "parquet/offices.parquet", "officedata.xlsx", "x.ZIP"]
)
def test_compressed_members_are_stored(member: str) -> None:
    assert compression_for(member) == (zipfile.ZIP_STORED, None)


@pytest.mark.parametrize(
    "member", ["data/offices.csv", "offices.geojson", "pictures/offices-map.svg", "officedata.db"]
)
def test_text_and_databases_are_deflated(member: str) -> None:
    assert compression_for(member) == (zipfile.ZIP_DEFLATED, DEFLATE_LEVEL)


def test_the_built_zip_follows_the_choice(release: Path) -> None:
    with zipfile.ZipFile(release / release_zip()) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
    methods = {PurePosixPath(i.filename).suffix: i.compress_type for i in members}
    assert {".png", ".parquet", ".xlsx", ".csv", ".svg"} <= set(methods)
    for info in members:
        stored = PurePosixPath(info.filename).suffix.lower() in ALREADY_COMPRESSED
        expected = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        assert info.compress_type == expected, info.filename
