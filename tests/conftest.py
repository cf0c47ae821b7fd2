"""Shared fixtures: a private copy of the real package on disk, ways to break it, and a planted
copy with one release built from it per test run, shared by the xdist workers (for the export
and build tests)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest

try:
    import fcntl  # POSIX: the lock that lets xdist workers share one build
except ImportError:  # pragma: no cover - Windows builds per worker
    fcntl = None  # type: ignore[assignment]

# Under CI a skip is a failure (tests/ci_skips.py); importing the hooks registers them.
from ci_skips import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401
from release_helpers import copy_package as copy_release_package
from release_helpers import plant

REPO = Path(__file__).resolve().parent.parent
# What `build` requires beside the data (release/documents.py), and what the README links to.
RELEASE_DOCUMENTS = ("README.md", "LICENSE", "LICENSE-DATA", "CHANGELOG.md", "CONTRIBUTING.md")


class BuiltRelease(NamedTuple):
    out: Path
    output: str  # what `officedata build` printed


def copy_package(target: Path) -> Path:
    """Copy datapackage.json, schemas/, data/ and the documents a release needs into target."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "datapackage.json", target / "datapackage.json")
    shutil.copytree(REPO / "schemas", target / "schemas")
    shutil.copytree(REPO / "data", target / "data")
    for document in RELEASE_DOCUMENTS:
        shutil.copy(REPO / document, target / document)
    shutil.copytree(REPO / "docs", target / "docs")
    return target


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def write_rows(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> None:
    header = header or list(rows[0])
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A writable copy of the repository's package."""
    return copy_package(tmp_path / "pkg")


SetCell = Callable[[str, int, str, str], int]


@pytest.fixture
def set_cell(package: Path) -> SetCell:
    """set_cell(table, row, field, value) edits one cell; returns the editor line of that row."""

    def edit(table: str, row: int, field: str, value: str) -> int:
        path = package / "data" / f"{table}.csv"
        rows = read_rows(path)
        rows[row][field] = value
        write_rows(path, rows)
        return row + 2

    return edit


def edit_schema(package: Path, table: str, change: Callable[[dict], None]) -> None:
    path = package / "schemas" / f"{table}.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    change(schema)
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")


@contextmanager
def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Path]:
    """A folder made once for the whole test run, shared by the xdist workers: the first
    worker to take the lock makes it (the body sees it empty), the others wait and find it
    done (the body sees it whole, with its `.done` marker). Without xdist, a private folder."""
    if not os.environ.get("PYTEST_XDIST_WORKER") or fcntl is None:
        yield tmp_path_factory.mktemp(name)
        return
    shared = tmp_path_factory.getbasetemp().parent / f"shared-{name}"  # one run's workers only
    shared.mkdir(exist_ok=True)
    with (shared.parent / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield shared
            (shared / ".done").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def planted_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's package plus synthetic rows (Chinese, formula-like, partial dates)."""
    with once_per_run(tmp_path_factory, "planted") as folder:
        if not (folder / ".done").exists():
            shutil.rmtree(folder / "package", ignore_errors=True)  # a failed first attempt
            plant(copy_release_package(folder / "package"))
        return folder / "package"


@pytest.fixture(scope="session")
def built_release(planted_package: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltRelease:
    """`officedata build` run once per test run (in-process, by one xdist worker) on the
    planted package: its folder and output.

    Every test that only reads a release shares this one; tests must not modify it (copy it
    with shutil.copytree to change it)."""
    from click.testing import CliRunner

    from officedata.cli import app

    with once_per_run(tmp_path_factory, "release") as folder:
        out, printed = folder / "dist", folder / "build-output.txt"
        if not (folder / ".done").exists():
            shutil.rmtree(out, ignore_errors=True)
            result = CliRunner().invoke(app, ["build", str(planted_package), "--out", str(out)])
            assert result.exit_code == 0, result.output
            printed.write_text(result.output, encoding="utf-8")
        return BuiltRelease(out, printed.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def release(built_release: BuiltRelease) -> Path:
    """The folder of the release built once from the planted package; do not modify it."""
    return built_release.out


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once per test worker from the repository."""
    import subprocess
    import sys

    wheels = tmp_path_factory.mktemp("wheels")
    repository = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(repository)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"building the wheel failed:\n{result.stdout}\n{result.stderr}"
    (built,) = wheels.glob("officedata-*.whl")
    return built
