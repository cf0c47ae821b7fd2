"""`officedata validate` runs on Arrow and polars: it imports neither pandas nor matplotlib.

Measured the honest way: a fresh interpreter runs the CLI with `-X importtime`, and every module
it imported (the importtime lines on stderr) is read back, so an import hidden anywhere (a
library that imports pandas for us, such as pyarrow converting a Python value) is caught.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO, SetCell

FORBIDDEN = ("pandas", "matplotlib")


def imported_modules(*args: str) -> tuple[int, set[str]]:
    """Exit code and the names of every module imported by `python -m officedata ARGS`."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "officedata", *args],
        capture_output=True,
        text=True,
    )
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":  # the header line
                names.add(name)
    return result.returncode, names


def roots(names: set[str]) -> set[str]:
    return {name.split(".", 1)[0] for name in names}


def test_validating_the_real_package_imports_neither_pandas_nor_matplotlib() -> None:
    code, names = imported_modules("validate", str(REPO))
    assert code == 0
    # The probe saw the validation itself (else an empty list would prove nothing).
    assert {"officedata.validation.validate", "officedata.validation.model", "polars"} <= names
    assert roots(names) & set(FORBIDDEN) == set(), sorted(
        n for n in names if n.split(".")[0] in FORBIDDEN
    )[:10]


def test_reporting_failures_imports_neither_pandas_nor_matplotlib(
    package: Path, set_cell: SetCell
) -> None:
    # Failures of the schema checks and of cross-table rules are built and reported too.
    set_cell("offices", 0, "sources", "no-such-report")
    set_cell("offices", 1, "status", "not-a-status")
    set_cell("offices", 2, "latitude", "12.5")
    code, names = imported_modules("validate", str(package), "--format", "json")
    assert code == 1
    assert "officedata.validation.rules.keys" in names
    assert roots(names) & set(FORBIDDEN) == set()
