"""The CLI refuses what would lose data and says which package it reads.

The attacks of issue 12 on commands (docs --out onto a source file, markup in data, runs of
identical failures, a full disk, no PATH inside or outside a package) are command cases of the
bad-input corpus: tests/bad_commands.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from officedata.cli import app


def test_fmt_refuses_the_package_shipped_with_officedata(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    cli_app = importlib.import_module("officedata.cli.app")  # the module, not its click `app`
    monkeypatch.setattr(cli_app, "bundled_package_root", lambda: package.resolve())
    result = CliRunner().invoke(app, ["fmt", str(package)])
    assert result.exit_code == 2
    assert "read-only" in result.output


def test_fmt_outside_any_package_refuses_the_fallback_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No PATH and no package upwards: the fallback (in an editable install, the clone the
    code runs from) is never reformatted."""
    from officedata.schema.model import default_package_root

    shipped = default_package_root() / "data" / "offices.csv"
    before = shipped.stat().st_mtime_ns, shipped.read_bytes()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["fmt"])
    assert result.exit_code == 2, result.output
    assert "read-only" in result.output
    assert (shipped.stat().st_mtime_ns, shipped.read_bytes()) == before


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
