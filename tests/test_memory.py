"""Validation hands each table's freed working set back to the system (officedata/memory.py)."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import pytest

from officedata import memory
from officedata.validation import validate


def test_on_glibc_the_freed_memory_is_trimmed_and_elsewhere_nothing_is_called() -> None:
    trim = memory._malloc_trim()
    if sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc":
        assert trim is not None
        assert trim(0) in (0, 1)  # 1: memory was returned, 0: there was none to return
    elif not sys.platform.startswith("linux"):
        assert trim is None
    memory.return_freed_memory()  # never raises, whatever the C library


def test_validate_trims_after_each_table(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(validate, "return_freed_memory", lambda: calls.append(1))
    result = validate.validate_package(package)
    assert result.ok and len(calls) == len(result.tables) == 4
