"""A pipe or a folder where a CSV should be is refused at once, never read (no hang)."""

from __future__ import annotations

import os
from pathlib import Path

from officedata.validation.validate import validate_package


def test_a_fifo_in_place_of_a_csv_is_refused_without_blocking(package: Path) -> None:
    path = package / "data" / "reports.csv"
    path.unlink()
    os.mkfifo(path)  # nobody writes to it: reading would block for ever
    result = validate_package(package)
    refused = [f for f in result.findings.errors if f.rule == "not-a-file"]
    assert len(refused) == 1 and "data/reports.csv" in refused[0].message
    assert refused[0].file == "datapackage.json"


def test_a_folder_in_place_of_a_csv_is_refused(package: Path) -> None:
    path = package / "data" / "reports.csv"
    path.unlink()
    path.mkdir()
    result = validate_package(package)
    assert not result.ok
    assert any("data/reports.csv" in f.message for f in result.findings.errors)


def test_a_fifo_in_place_of_a_schema_is_refused_without_blocking(package: Path) -> None:
    path = package / "schemas" / "reports.json"
    path.unlink()
    os.mkfifo(path)
    result = validate_package(package)
    refused = [f for f in result.findings.errors if f.rule == "not-a-file"]
    assert len(refused) == 1 and "schemas/reports.json" in refused[0].message
