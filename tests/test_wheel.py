"""The built wheel ships the data: installed into a fresh virtual environment, it loads every table
from a folder outside the repository.

The wheel is installed without its dependencies (`--no-deps`, so no package registry is needed);
the fresh environment sees the test environment's installed libraries through a `.pth` line, and
`pip check` then proves the wheel's declared dependencies are all satisfied by them. The wheel's
own `officedata` comes first on the path, and the test asserts that it is the copy imported.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from officedata.schema.descriptor import load_package

REPO = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.wheel, pytest.mark.slow]


def run(*args: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{args[:6]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_wheel_installed_in_a_fresh_venv_loads_every_table(tmp_path: Path):
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", wheels, REPO, cwd=tmp_path)  # fmt: skip
    (wheel,) = wheels.glob("officedata-*.whl")
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=False, system_site_packages=False)
    python = environment / "bin" / "python"
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
        ).strip()
    )
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
