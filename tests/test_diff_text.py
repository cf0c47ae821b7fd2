"""diff's text shows what changed inside long values, and warns when the declared version is not
the one the versioning policy asks for."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import copy_package, read_rows, write_rows

from officedata.cli import app


def test_an_edit_deep_inside_a_long_note_is_visible(tmp_path: Path) -> None:
    old = copy_package(tmp_path / "old")
    new = tmp_path / "new"
    shutil.copytree(old, new)
    path = new / "data" / "offices.csv"
    rows = read_rows(path)
    row = next(r for r in rows if len(r["notes"]) > 150)
    middle = len(row["notes"]) // 2
    row["notes"] = row["notes"][:middle] + "EDITED" + row["notes"][middle:]
    write_rows(path, rows)
    result = CliRunner().invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.strip().startswith("notes:"))
    assert "EDITED" in line
    assert f"(from character {middle + 1})" in line


def test_a_data_change_without_a_version_bump_is_warned_about(tmp_path: Path) -> None:
    old = copy_package(tmp_path / "old")
    new = tmp_path / "new"
    shutil.copytree(old, new)
    path = new / "data" / "offices.csv"
    rows = read_rows(path)
    write_rows(path, rows[1:])  # a station removed, version unchanged
    result = CliRunner().invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 0
    assert "warning: the new release declares version" in result.output
    assert "asks for a" in result.output
