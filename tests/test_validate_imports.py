"""`officedata validate` runs on Arrow and polars: it imports neither pandas nor matplotlib.

Measured the honest way: a fresh interpreter runs the CLI with `-X importtime`, and every module
it imported (the importtime lines on stderr) is read back, so an import hidden anywhere (a
library that imports pandas for us, such as pyarrow converting a Python value) is caught.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, SetCell, edit_schema, read_rows, write_rows
from helpers import run_cli

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


def test_reading_every_field_type_imports_neither_pandas_nor_matplotlib(package: Path) -> None:
    # The rare paths too: a '+' sign, digits beyond 64 bits, an impossible date, integer lists.
    added = {
        "n": ({"type": "integer"}, ["+5", "99999999999999999999"]),
        "x": ({"type": "number"}, ["+.5", "1e999"]),
        "d": ({"type": "date"}, ["2024-02-29", "2022-02-30"]),
        "flag": ({"type": "boolean"}, ["true", "maybe"]),
        "li": ({"type": "list", "itemType": "integer", "delimiter": ";"}, ["1;+2", "3;++4"]),
    }
    edit_schema(
        package,
        "countries",
        lambda schema: schema["fields"].extend({"name": n, **f} for n, (f, _) in added.items()),
    )
    path = package / "data" / "countries.csv"
    rows = read_rows(path)
    for name, (_, (good, bad)) in added.items():
        for row in rows:
            row[name] = ""
        rows[0][name], rows[1][name] = good, bad
    write_rows(path, rows)
    code, names = imported_modules("validate", str(package), "--format", "json")
    assert code == 1
    assert roots(names) & set(FORBIDDEN) == set()
    report = json.loads(run_cli("validate", str(package), "--format", "json", stdout_only=True)[1])
    typed = {(f["line"], f["field"]) for f in report["failures"] if f["rule"] == "type"}
    assert typed == {(3, name) for name in added}


# Run in one fresh interpreter: validates every broken package of the corpus in turn and prints
# the first case after which each forbidden module was loaded.
CORPUS_PROBE = """
import json, sys, tempfile
from pathlib import Path
from bad_inputs import all_cases, copy_package
from officedata.validation.validate import validate_package
first, validated = {}, 0
for case in all_cases():
    with tempfile.TemporaryDirectory() as folder:
        root = copy_package(Path(folder) / "pkg")
        expected = case.mutate(root)
        validated += not validate_package(expected.target or root).ok
    for name in FORBIDDEN:
        if name in sys.modules:
            first.setdefault(name, case.id)
print(json.dumps({"first": first, "refused": validated}))
"""


def test_no_broken_package_of_the_corpus_makes_validate_import_pandas_or_matplotlib() -> None:
    # Rare inputs take rare paths (a number beyond 64 bits once went through pandas).
    tests = Path(__file__).resolve().parent
    probe = f"FORBIDDEN = {FORBIDDEN!r}\n{CORPUS_PROBE}"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=tests,
        check=True,
        env={**os.environ, "PYTHONPATH": str(tests)},
    )
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["refused"] >= 200  # the corpus was validated, and its packages refused
    assert seen["first"] == {}
