"""The built wheel ships the data: installed into a fresh virtual environment, it loads every table
from a folder outside the repository.

This test needs the package registry for the wheel's dependencies (pip's cache makes repeats
quick); deselect it with `-m "not wheel"` when working offline.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from officedata.schema.descriptor import load_package

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.wheel


def run(*args: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{args[:4]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_wheel_installed_in_a_fresh_venv_loads_every_table(tmp_path: Path):
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", wheels, REPO, cwd=tmp_path)  # fmt: skip
    (wheel,) = wheels.glob("officedata-*.whl")
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True, system_site_packages=False)
    python = environment / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", "--no-compile", "--disable-pip-version-check", wheel,
        cwd=tmp_path)  # fmt: skip

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
        shutil.rmtree(environment)  # about 0.5 GB of dependencies; pytest keeps old tmp dirs

    package = load_package(REPO)
    assert report["version"] == package.version
    assert str(environment) in report["file"]  # the installed copy, not the source tree
    assert report["rows"] == {
        r.name: (REPO / r.path).read_text(encoding="utf-8").count("\n") - 1
        for r in package.resources
    }
    assert report["status"] == "category"
    assert report["fields"] == package.resource("offices").schema.field_names
    assert "wrote map.png" in drawn
    assert (elsewhere / "map.png").read_bytes().startswith(b"\x89PNG")
