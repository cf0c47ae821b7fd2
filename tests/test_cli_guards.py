"""The CLI refuses what would lose data, prints data as data, and summarises runs of failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import read_rows, write_rows
from typer.testing import CliRunner

from officedata.cli import app


def test_docs_refuses_to_write_over_a_file_of_the_package(package: Path) -> None:
    before = (package / "data" / "offices.csv").read_bytes()
    result = CliRunner().invoke(app, ["docs", str(package), "--out", str(package / "data/offices.csv")])
    assert result.exit_code == 2
    assert "is a file of the package" in result.output
    assert (package / "data" / "offices.csv").read_bytes() == before


def test_fmt_refuses_the_package_shipped_with_officedata(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    cli_app = importlib.import_module("officedata.cli.app")  # the module, not its Typer `app`
    monkeypatch.setattr(cli_app, "bundled_package_root", lambda: package.resolve())
    result = CliRunner().invoke(app, ["fmt", str(package)])
    assert result.exit_code == 2
    assert "read-only" in result.output


def test_stats_prints_names_as_text_not_markup(package: Path) -> None:
    path = package / "data" / "countries.csv"
    rows = read_rows(path)
    host = next(row for row in rows if row["kind"] == "host")
    host["name"] = "Netherlands [/x]"
    write_rows(path, rows)
    result = CliRunner().invoke(app, ["stats", str(package)])
    assert result.exit_code == 0, result.output
    assert "Netherlands [/x]" in result.output


def test_a_run_of_identical_failures_is_summarised_with_the_fmt_hint(package: Path) -> None:
    path = package / "data" / "offices.csv"
    rows = read_rows(path)
    for row in rows:
        row["disputed"] = row["disputed"].upper()  # what a spreadsheet does to booleans
    write_rows(path, rows)
    result = CliRunner().invoke(app, ["validate", str(package)])
    assert result.exit_code == 1
    falses = sum(1 for row in rows if row["disputed"] == "FALSE")
    assert f"… and {falses - 3} more errors like these in disputed (type)" in result.output
    assert "run `officedata fmt`" in result.output
    assert result.output.count("'FALSE' is not a valid boolean") == 3


def test_version_flag_prints_the_package_version() -> None:
    import json

    from conftest import REPO

    version = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))["version"]
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip().endswith(version)


def test_export_help_lists_every_registered_format() -> None:
    from officedata.exporters.base import EXPORTERS

    result = CliRunner().invoke(app, ["export", "--help"])
    assert "Formats: " + ", ".join(EXPORTERS) + "." in " ".join(result.output.split())


def test_map_refuses_an_output_suffix_it_cannot_write(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["map", "--out", str(tmp_path / "m.pdf")])
    assert result.exit_code == 2 and "give one of those suffixes" in result.output
    assert list(tmp_path.iterdir()) == []


def test_every_command_says_which_package_it_reads(package: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(package)])
    assert result.stderr.splitlines()[0] == f"package: {package}"


def test_without_a_path_the_package_is_found_upwards_from_the_current_folder(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (package / "data" / "offices.csv").write_text("office_id\nx\n", encoding="utf-8")
    monkeypatch.chdir(package / "data")
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"package: {package}"
    assert "data/offices.csv:1" in result.output


def test_outside_any_package_the_shipped_one_is_read_and_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate"])
    assert "reading the package shipped with officedata" in result.stderr
