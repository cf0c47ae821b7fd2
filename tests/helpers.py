"""Run the validator as a contributor would and pick failures out of its JSON report; the one
place tests learn the package's name and version (from datapackage.json, never written out)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from officedata.cli import app

REPO = Path(__file__).resolve().parent.parent


def package_version(root: Path = REPO) -> str:
    """The version datapackage.json declares."""
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"]


def release_folder(root: Path = REPO) -> str:
    """The top folder of the release zip, `<name>-<version>`, from datapackage.json."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return f"{descriptor['name']}-{descriptor['version']}"


def release_zip(root: Path = REPO) -> str:
    """The release zip's file name, `<name>-<version>.zip`."""
    return f"{release_folder(root)}.zip"


def run_cli(*args: str, stdout_only: bool = False) -> tuple[int, str]:
    """Exit code and what the command printed (stdout and stderr, or stdout alone)."""
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout if stdout_only else result.output


def validate_json(package: Path) -> tuple[int, dict[str, Any]]:
    code, output = run_cli("validate", str(package), "--format", "json", stdout_only=True)
    return code, json.loads(output)


def failures_for(report: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in report["failures"] if f["rule"] == rule]


def char_column(path: Path, line: int, field: str) -> int:
    """The character column where `field`'s cell begins on `line` of a canonical CSV (one line
    per record), computed with the csv module, independently of officedata."""
    import csv
    import io

    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[line - 1]]))
    index = header.index(field)
    if index == 0:
        return 1
    prefix = io.StringIO()
    csv.writer(prefix, lineterminator="\n").writerow([*cells[:index], ""])
    return len(prefix.getvalue())  # the prefix less its line end, plus one
