"""Shared fixtures: a planted copy of the package and one release built from it per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from release_helpers import copy_package, plant


@pytest.fixture(scope="session")
def planted_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's package plus synthetic rows (Chinese, formula-like, partial dates)."""
    return plant(copy_package(tmp_path_factory.mktemp("planted") / "package"))


@pytest.fixture(scope="session")
def release(planted_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release built once from the planted package; tests must not modify it."""
    from officedata.build import build_release

    out = tmp_path_factory.mktemp("release") / "dist"
    build_release(planted_package, out)
    return out
