"""The built wheel ships the data: installed into a fresh virtual environment, it loads every table
from a folder outside the repository; installed plain (no extras), it loads the data and its CLI
refuses the commands of the extras with the pip command to run.

The wheel is installed without its dependencies (`--no-deps`, so no package registry is needed);
the fresh environment sees the test environment's installed libraries through a `.pth` line
(all of them, or for the plain install only the distributions the plain install resolves to),
and `pip check` then proves the wheel's declared dependencies are all satisfied by them. The
wheel's own `officedata` comes first on the path, and the test asserts that it is the copy
imported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from test_extras import MOST_PLAIN_DISTRIBUTIONS, NOT_PLAIN, plain_closure

from officedata.cli.extras import install_command
from officedata.schema.descriptor import load_package

REPO = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.wheel, pytest.mark.slow]


def run(*args: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{args[:6]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def fresh_venv(environment: Path) -> tuple[Path, Path]:
    """A new venv without pip: its interpreter and its site-packages folder."""
    venv.create(environment, with_pip=False, system_site_packages=False)
    python = environment / "bin" / "python"
    purelib = run(
        python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=environment
    )
    return python, Path(purelib.strip())


def test_wheel_installed_in_a_fresh_venv_loads_every_table(tmp_path: Path, wheel: Path):
    environment = tmp_path / "venv"
    python, site = fresh_venv(environment)
    # The test environment's libraries, after the fresh environment's own (a plain path line:
    # its .pth files, the editable officedata among them, are not processed).
    (site / "zz_test_dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    pip = (sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check")
    run(*pip, "install", "-q", "--no-compile", "--no-deps", wheel, cwd=tmp_path)
    run(*pip, "check", cwd=tmp_path)  # every declared dependency is installed

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = (
        "import json, officedata\n"
        "tables = officedata.load_all()\n"
        "print(json.dumps({'version': officedata.__version__,\n"
        "  'file': officedata.__file__,\n"
        "  'rows': {name: len(frame) for name, frame in tables.items()},\n"
        "  'status': str(tables['offices']['status'].dtype),\n"
        "  'fields': list(officedata.describe('offices')['field'])}))\n"
    )
    try:
        report = json.loads(run(python, "-I", "-c", script, cwd=elsewhere))
        # The map's dependencies and its bundled basemap come with the wheel too.
        drawn = run(environment / "bin" / "officedata", "map", "--out", "map.png", cwd=elsewhere)
    finally:
        shutil.rmtree(environment)

    package = load_package(REPO)
    assert report["version"] == package.version
    assert report["file"].startswith(str(site))  # the installed copy, not the source tree
    assert report["rows"] == {
        r.name: (REPO / r.path).read_text(encoding="utf-8").count("\n") - 1
        for r in package.resources
    }
    assert report["status"] == "category"
    assert report["fields"] == package.resource("offices").schema.field_names
    assert "wrote map.png" in drawn
    assert (elsewhere / "map.png").read_bytes().startswith(b"\x89PNG")


def linked_distributions(folder: Path) -> int:
    """A folder holding (as links) only the plain install's distributions, as installed here;
    returns their size in bytes."""
    folder.mkdir()
    size = 0
    for distribution in plain_closure().values():
        for file in distribution.files or []:
            if file.parts[0] == "..":  # a script in bin/, not a module
                continue
            size += file.locate().stat().st_size if Path(file.locate()).is_file() else 0
            link = folder / file.parts[0]
            if not link.exists():
                link.symlink_to(Path(distribution.locate_file(file.parts[0])))
    return size


PLAIN_PROBE = """
import importlib.util, json, officedata
offices = officedata.offices()
arrow = officedata.load("responses", backend="pyarrow")
print(json.dumps({
    "file": officedata.__file__,
    "offices": len(offices),
    "status": str(offices["status"].dtype),
    "arrow": type(arrow).__module__.split(".")[0],
    "importable": [m for m in %r if importlib.util.find_spec(m) is not None],
}))
"""


def test_the_plain_wheel_loads_the_data_and_refuses_what_needs_an_extra(
    tmp_path: Path, wheel: Path
):
    environment = tmp_path / "plain"
    python, site = fresh_venv(environment)
    size = linked_distributions(tmp_path / "plain-libs")
    (site / "zz_plain_dependencies.pth").write_text(f"{tmp_path / 'plain-libs'}\n", "utf-8")
    pip = (sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check")
    run(*pip, "install", "-q", "--no-compile", "--no-deps", wheel, cwd=tmp_path)
    run(*pip, "check", cwd=tmp_path)  # the plain install's dependencies are all there
    installed = [
        line.split("==")[0] for line in run(*pip, "freeze", "--all", cwd=tmp_path).split()
    ]
    size += sum(f.stat().st_size for f in (site / "officedata").rglob("*") if f.is_file())

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = run(python, "-I", "-c", PLAIN_PROBE % sorted(NOT_PLAIN), cwd=elsewhere)
    report = json.loads(probe)
    without_source = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    officedata = str(environment / "bin" / "officedata")
    refused = {
        command: subprocess.run(
            [officedata, *arguments], cwd=elsewhere, env=without_source,
            capture_output=True, text=True, check=False,
        )
        for command, arguments in {
            "validate": ["validate"],
            "export": ["export", "csv", "--out", "out"],
            "build": ["build", "--out", "out"],
        }.items()
    }  # fmt: skip
    version = subprocess.run(
        [officedata, "--version"], env=without_source, capture_output=True, text=True
    )

    assert report["file"].startswith(str(site))  # the installed copy, not the source tree
    offices_csv = REPO / load_package(REPO).resource("offices").path
    assert report["offices"] == offices_csv.read_text(encoding="utf-8").count("\n") - 1
    assert report["status"] == "category" and report["arrow"] == "pyarrow"
    assert report["importable"] == []  # no matplotlib, pandera, xlsxwriter, typer, ...
    assert len([name for name in installed if name not in ("pip", "setuptools")]) <= (
        MOST_PLAIN_DISTRIBUTIONS
    ), installed
    assert size <= 360 * 2**20, f"{size / 2**20:.0f} MB"
    assert version.returncode == 0 and load_package(REPO).version in version.stdout
    for command, done in refused.items():
        extra = "validate" if command == "validate" else "export"
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert install_command(extra) in done.stderr, (command, done.stderr)
        assert "Traceback" not in done.stderr
    assert not (elsewhere / "out").exists()
