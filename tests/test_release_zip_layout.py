"""The release zip is a standard zipped Data Package: datapackage.json at its root. Zips of the
0.1.0 layout (every member under one `<name>-<version>/` folder) still load, compare and serve
as `build --previous`, and are checked against their SHA256SUMS just the same."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import release_folder, release_zip

import officedata
from officedata.cli import app
from officedata.errors import LoadError

ZIP = release_zip()


def old_layout_copy(archive: Path, target: Path, change: bytes | None = None) -> Path:
    """The zip rewritten as 0.1.0 wrote it: a top folder entry, then every member inside it;
    with `change`, the first line of offices.csv's data is replaced by it (a tampered copy)."""
    top = release_folder()
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as copy:
        copy.writestr(zipfile.ZipInfo(f"{top}/"), b"")
        for info in source.infolist():
            data = source.read(info)
            if change is not None and info.filename == "data/offices.csv":
                header, _replaced, rest = data.split(b"\n", 2)
                data = b"\n".join([header, change, rest])
            copy.writestr(f"{top}/{info.filename}", data)
    return target


def test_datapackage_json_is_at_the_zip_root(release: Path) -> None:
    with zipfile.ZipFile(release / ZIP) as archive:
        names = archive.namelist()
        descriptor = json.loads(archive.read("datapackage.json"))
    assert "SHA256SUMS" in names and "data/offices.csv" in names
    assert not any(name.endswith("/") for name in names)  # no folder entries, no top folder
    for resource in descriptor["resources"]:
        assert resource["path"] in names


def test_the_new_zip_loads_like_the_folder(release: Path) -> None:
    from_zip = officedata.load("offices", path=release / ZIP)
    from_folder = officedata.load("offices", path=release)
    assert len(from_zip) == len(from_folder) > 0
    assert list(from_zip["office_id"]) == list(from_folder["office_id"])


def test_a_zip_of_the_0_1_0_layout_still_loads_and_compares(release: Path, tmp_path: Path) -> None:
    old = old_layout_copy(release / ZIP, tmp_path / "old.zip")
    frame = officedata.load("offices", path=old)
    assert list(frame["office_id"]) == list(officedata.load("offices", path=release)["office_id"])
    result = CliRunner().invoke(app, ["diff", str(old), str(release / ZIP)])
    assert result.exit_code == 0, result.output


def test_a_tampered_zip_of_the_0_1_0_layout_is_refused(release: Path, tmp_path: Path) -> None:
    tampered = old_layout_copy(release / ZIP, tmp_path / "old.zip", change=b"x,y")
    with pytest.raises(LoadError, match=r"'data/offices.csv' does not match its SHA256SUMS"):
        officedata.load("offices", path=tampered)


@pytest.mark.slow
def test_build_takes_a_0_1_0_zip_as_previous(
    planted_package: Path, release: Path, tmp_path: Path
) -> None:
    old = old_layout_copy(release / ZIP, tmp_path / "old.zip")
    out = tmp_path / "dist"
    result = CliRunner().invoke(
        app, ["build", str(planted_package), "--out", str(out), "--previous", str(old)]
    )
    assert result.exit_code == 0, result.output
    changes = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    rows = {name: table["rows"] for name, table in changes["tables"].items()}
    assert rows["offices"]["old"] == rows["offices"]["new"] > 0  # the old zip was read, whole
    assert all(r["added"] == r["removed"] == r["modified"] == 0 for r in rows.values())
    with zipfile.ZipFile(out / ZIP) as archive:
        assert "changes.json" in archive.namelist()
