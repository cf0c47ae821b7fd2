"""Run the validator as a contributor would and pick failures out of its JSON report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from officedata.cli import app


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def validate_json(package: Path) -> tuple[int, dict[str, Any]]:
    code, output = run_cli("validate", str(package), "--format", "json")
    return code, json.loads(output)


def failures_for(report: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in report["failures"] if f["rule"] == rule]
