"""`build`: the release layout, checksums, reproducibility, atomicity and refusal of bad data."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from helpers import release_zip
from release_helpers import RESOURCES, copy_package

from officedata.errors import BuildError, InvalidPackage
from officedata.exporters.base import Exporter, Output, all_exporters, get_exporter
from officedata.release.build import build_release
from officedata.schema.model import Package
from officedata.table.table import Table

ZIP = release_zip()  # <name>-<version>.zip, from datapackage.json
EXPECTED_FILES = {
    "CHANGELOG.md",
    "CITATION.cff",
    "CONTRIBUTING.md",
    *(f"docs/{name}" for name in ("data-dictionary.md", "excluded.md", "status-lifecycle.md")),
    "docs/versioning.md",  # the README's map is pictures/offices-map.png in a release
    "LICENSE",
    "LICENSE-DATA",
    "README.md",
    "SHA256SUMS",
    "datapackage.json",
    "officedata.xlsx",
    "offices.geojson",
    "offices.gpkg",
    ZIP,
    "officedata.db",
    "metadata.json",
    *(f"data/{name}.csv" for name in RESOURCES),
    *(f"parquet/{name}.parquet" for name in RESOURCES),
    *(
        f"pictures/{name}.{ext}"
        for name in ("offices-map", "stations-per-country")
        for ext in ("png", "svg")
    ),
}


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_release_has_the_documented_layout(release: Path) -> None:
    files = set(digests(release))
    # The site's hundreds of pages are checked in test_export_site.py.
    assert {name for name in files if not name.startswith("site/")} == EXPECTED_FILES
    assert {"site/index.html", "site/api/index.json"} <= files


def test_sha256sum_accepts_the_checksums(release: Path) -> None:
    result = subprocess.run(
        ["sha256sum", "--check", "--strict", "SHA256SUMS"],
        cwd=release,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    listed = {line.split("  ", 1)[1] for line in (release / "SHA256SUMS").read_text().splitlines()}
    assert listed == set(digests(release)) - {"SHA256SUMS", ZIP}


def test_descriptor_gives_each_csv_its_size_and_hash(release: Path) -> None:
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] and descriptor["created"]
    tables = [r for r in descriptor["resources"] if "schema" in r]  # the rest: files
    assert [r["name"] for r in tables] == list(RESOURCES)
    for resource in tables:
        data = (release / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert isinstance(resource["schema"], dict)  # inlined: the release has no schemas/


def test_release_descriptor_validates_with_officedata(release: Path) -> None:
    from officedata.validation.validate import validate_package

    assert validate_package(release).ok


def test_zip_holds_every_file_sorted_with_fixed_times_and_modes(release: Path) -> None:
    with zipfile.ZipFile(release / ZIP) as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert {i.date_time for i in infos} == {(2026, 11, 28, 0, 0, 0)}
        files = [i for i in infos if not i.is_dir()]
        assert {i.external_attr >> 16 for i in files} == {0o100644}
        assert files == infos  # no folder entries: datapackage.json sits at the zip's root
        inside = {i.filename: hashlib.sha256(archive.read(i)).hexdigest() for i in files}
    on_disk = digests(release)
    on_disk.pop(ZIP)
    assert inside == on_disk


@pytest.mark.slow
def test_a_second_build_replaces_the_first_with_the_same_bytes(
    planted_package: Path, release: Path, tmp_path: Path
) -> None:
    """Rebuilding over a previous release replaces it whole (a stale file goes, no temporary
    folder stays) and, in the same process, writes exactly the bytes of the first build."""
    out = tmp_path / "dist"
    shutil.copytree(release, out)
    (out / "stale.txt").write_text("from an older release")
    rebuilt = build_release(planted_package, out)
    assert not (out / "stale.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]  # no temporary folders left
    assert digests(out) == digests(release)
    assert rebuilt.zip_sha256 == hashlib.sha256((release / ZIP).read_bytes()).hexdigest()


class ExplodingExporter(Exporter):
    name = "exploding"
    outputs = (Output("boom.bin", "application/octet-stream", "half a file"),)
    title = "fails after writing part of its output"

    def write(
        self, package: Package, tables: Mapping[str, Table], out_dir: Path
    ) -> list[Path]:
        (out_dir / "boom.bin").write_bytes(b"half")
        raise OSError("disk full (simulated)")


def test_a_failed_build_leaves_the_previous_release_untouched(
    planted_package: Path, release: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    shutil.copytree(release, out)  # a previous release
    before = digests(out)
    exporters = all_exporters()
    exporters.insert(2, ExplodingExporter())
    with pytest.raises(OSError, match="disk full"):
        build_release(planted_package, out, exporters=exporters)
    assert digests(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]


def test_invalid_data_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    package = copy_package(tmp_path / "package")
    text = (package / "data" / "offices.csv").read_text(encoding="utf-8")
    (package / "data" / "offices.csv").write_text(
        text.replace(",53.33306,", ",253.33306,"), encoding="utf-8"
    )
    with pytest.raises(InvalidPackage) as refused:
        build_release(package, tmp_path / "dist")
    assert any(f.field == "latitude" for f in refused.value.findings.errors)
    assert not (tmp_path / "dist").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["package"]


def test_a_dangling_reference_is_refused(tmp_path: Path) -> None:
    package = copy_package(tmp_path / "package")
    responses = (package / "data" / "responses.csv").read_text(encoding="utf-8")
    (package / "data" / "responses.csv").write_text(
        responses.replace("irishtimes-2022-10-26-nl-probe\n", "no-such-report\n"),
        encoding="utf-8",
    )
    with pytest.raises(InvalidPackage) as refused:
        build_release(package, tmp_path / "dist")
    assert any(f.rule == "foreign-key" for f in refused.value.findings.errors)


def test_refuses_to_replace_a_folder_that_is_not_a_release(
    planted_package: Path, tmp_path: Path
) -> None:
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.txt").write_text("do not delete")
    with pytest.raises(BuildError, match="not a previous release"):
        build_release(planted_package, precious)
    assert (precious / "thesis.txt").read_text() == "do not delete"


def test_refuses_to_build_over_the_package_itself(planted_package: Path) -> None:
    with pytest.raises(BuildError, match="holds the package"):
        build_release(planted_package, planted_package.parent)


def test_source_date_epoch_dates_a_package_without_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = copy_package(tmp_path / "package")
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    del descriptor["created"]
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    # Only the CSV exporter: the date is the descriptor's and the zip's, whatever else is built.
    build_release(package, tmp_path / "dist", exporters=[get_exporter("csv")])
    written = json.loads((tmp_path / "dist" / "datapackage.json").read_text(encoding="utf-8"))
    assert written["created"] == "2023-11-14T22:13:20Z"
    with zipfile.ZipFile(tmp_path / "dist" / release_zip(package)) as archive:
        assert archive.infolist()[0].date_time == (2023, 11, 14, 22, 13, 20)
    shutil.rmtree(tmp_path / "dist")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")

    # Validation asks for the release's date too (validate passes => build succeeds).
    with pytest.raises(InvalidPackage) as refused:
        build_release(package, tmp_path / "dist")
    assert any("SOURCE_DATE_EPOCH" in f.message for f in refused.value.findings.errors)
    assert not (tmp_path / "dist").exists()


@pytest.mark.slow
def test_a_build_in_another_process_is_byte_identical(
    planted_package: Path, release: Path, tmp_path: Path
) -> None:
    """No run-dependent bytes: a fresh interpreter builds the very same release."""
    import sys

    out = tmp_path / "dist"
    src = Path(__file__).resolve().parents[1] / "src"
    subprocess.run(
        [sys.executable, "-m", "officedata", "build", str(planted_package), "--out", str(out)],
        check=True,
        capture_output=True,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
    )
    assert digests(out) == digests(release)
