"""The `build` and `export` commands: exit codes, messages, and the files they write."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BuiltRelease
from helpers import release_zip
from release_helpers import copy_package

from officedata.cli import app
from officedata.exporters.base import EXPORTERS

runner = CliRunner()


def test_build_writes_the_release_and_names_every_file_and_the_zip(
    built_release: BuiltRelease,
) -> None:
    """The session's release is built by `officedata build` itself (tests/conftest.py)."""
    out, output = built_release
    zip_name = release_zip()
    assert (out / zip_name).is_file() and (out / "SHA256SUMS").is_file()
    digest = hashlib.sha256((out / zip_name).read_bytes()).hexdigest()
    assert f"sha256 {digest}  {zip_name}" in output
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert all(f"  {name}\n" in output for name in files)
    assert f"({len(files)} files)" in output.splitlines()[-1]


def test_build_refuses_invalid_data_with_located_findings(tmp_path: Path) -> None:
    package = copy_package(tmp_path / "package")
    offices = package / "data" / "offices.csv"
    lines = offices.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, start=1) if ",closed," in text)
    lines[line - 1] = lines[line - 1].replace(",closed,", ",shut,", 1)
    offices.write_text("\n".join(lines), encoding="utf-8")
    result = runner.invoke(app, ["build", str(package), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 1
    assert f"data/offices.csv:{line}:" in result.output
    assert "'shut'" in result.output
    assert "build refused" in result.output
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize(
    "format_name",
    [pytest.param(n, marks=pytest.mark.slow) if n == "pictures" else n for n in EXPORTERS],
)
def test_export_writes_one_format_as_build_does(
    planted_package: Path, release: Path, tmp_path: Path, format_name: str
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", format_name, str(planted_package), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written
    assert all(f"wrote {out / name}" in result.output for name in written)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging left
    # The same files, byte for byte, as the release `build` wrote from the same package.
    for name in written:
        assert (out / name).read_bytes() == (release / name).read_bytes(), name


def test_export_refuses_the_package_folder_itself(planted_package: Path) -> None:
    result = runner.invoke(
        app, ["export", "csv", str(planted_package), "--out", str(planted_package)]
    )
    assert result.exit_code == 1
    assert "package folder" in result.output


def test_export_rejects_an_unknown_format(planted_package: Path) -> None:
    result = runner.invoke(app, ["export", "pdf", str(planted_package)])
    assert result.exit_code == 2
