"""Shared fixtures: a throw-away copy of the repository's package that a test may edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of datapackage.json, schemas/ and data/ in a temporary folder."""
    target = tmp_path / "package"
    target.mkdir()
    shutil.copy2(REPO / "datapackage.json", target / "datapackage.json")
    shutil.copytree(REPO / "schemas", target / "schemas")
    shutil.copytree(REPO / "data", target / "data")
    return target
