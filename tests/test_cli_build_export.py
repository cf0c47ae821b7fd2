"""The `build` and `export` commands: exit codes, messages, and a quick `--help`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from release_helpers import copy_package
from typer.testing import CliRunner

from officedata.cli import app
from officedata.exporters.base import EXPORTERS

runner = CliRunner()


def test_build_writes_the_release_and_names_the_zip(planted_package: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(planted_package), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    version = json.loads((planted_package / "datapackage.json").read_text(encoding="utf-8"))
    assert f"officedata-{version['version']}.zip" in result.output
    assert (tmp_path / "dist" / "SHA256SUMS").is_file()


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


@pytest.mark.parametrize("format_name", EXPORTERS)
def test_export_writes_one_format(planted_package: Path, tmp_path: Path, format_name: str) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", format_name, str(planted_package), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written
    assert all(f"wrote {out / name}" in result.output for name in written)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging left


def test_export_refuses_the_package_folder_itself(planted_package: Path) -> None:
    result = runner.invoke(
        app, ["export", "csv", str(planted_package), "--out", str(planted_package)]
    )
    assert result.exit_code == 1
    assert "package folder" in result.output


def test_export_rejects_an_unknown_format(planted_package: Path) -> None:
    result = runner.invoke(app, ["export", "pdf", str(planted_package)])
    assert result.exit_code == 2


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys; from officedata.cli import app; "
        "from typer.testing import CliRunner; CliRunner().invoke(app, ['--help']); "
        "import json; print(json.dumps(sorted(m for m in "
        "('pandas','pyarrow','xlsxwriter','pandera','numpy','duckdb') if m in sys.modules)))"
    )
    src = Path(__file__).resolve().parents[1] / "src"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
