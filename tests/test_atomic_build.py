"""A build killed at any step leaves a whole release in dist/, and the next run cleans up after it.

The kills are real: a child process builds and SIGKILLs itself at the step under test (so no
`finally` runs, as with a power cut or `kill -9`); the test then looks at what is on disk and
runs the next build. The swap itself must be the Linux atomic exchange where there is one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from officedata import atomic
from officedata.atomic import exchange, remove_leftovers, write_bytes_atomic
from officedata.exporters.base import get_exporter
from officedata.release import build
from officedata.release.build import build_release, recover_retired, swap_in
from officedata.release.staging import staged

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux")

KILL_AT_EXCHANGE = """
import os, signal, sys
from pathlib import Path
from officedata.exporters.base import get_exporter
from officedata.release import build
def killed(first, second):
    os.kill(os.getpid(), signal.SIGKILL)
build.exchange = killed
build.build_release(sys.argv[1], sys.argv[2], exporters=[get_exporter("csv")])
"""

KILL_BETWEEN_FALLBACK_RENAMES = """
import os, signal, sys
from pathlib import Path
from officedata.exporters.base import get_exporter
from officedata.release import build
out = Path(sys.argv[2]).absolute()
real_replace = os.replace
def replace(source, target):
    if Path(target) == out:  # the second rename: the new release into place
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(source, target)
build.exchange = lambda first, second: False  # a system without renameat2
build.os.replace = replace
build.build_release(sys.argv[1], sys.argv[2], exporters=[get_exporter("csv")])
"""


def old_release(out: Path) -> Path:
    """A stand-in previous release (what check_target takes for one), with a marker file."""
    out.mkdir(parents=True)
    (out / "SHA256SUMS").write_text("", encoding="utf-8")
    (out / "datapackage.json").write_text("{}", encoding="utf-8")
    (out / "OLD-RELEASE").write_text("the previous release\n", encoding="utf-8")
    return out


def hidden(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir() if entry.name.startswith("."))


def run_killed(script: str, package: Path, out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", script, str(package), str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == -9, result.stderr  # killed where the script says, not before


@linux_only
def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").touch()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "from-b").touch()
    assert exchange(tmp_path / "a", tmp_path / "b") is True
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["from-b"]
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"]


def test_exchange_of_a_missing_path_is_an_error_and_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    if not sys.platform.startswith("linux"):
        assert exchange(tmp_path / "a", tmp_path / "missing") is False
        return
    with pytest.raises(FileNotFoundError):
        exchange(tmp_path / "a", tmp_path / "missing")
    assert (tmp_path / "a").is_dir() and not (tmp_path / "missing").exists()


@linux_only
def test_swap_uses_the_atomic_exchange_and_removes_the_old_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = old_release(tmp_path / "dist")
    staging = tmp_path / ".dist.building-abcd1234"
    staging.mkdir()
    (staging / "NEW-RELEASE").touch()
    calls: list[tuple[Path, Path, bool]] = []

    def spy(first: Path, second: Path) -> bool:
        swapped = exchange(first, second)
        calls.append((first, second, swapped))
        # both folders swapped: the old release is now where staging was
        assert (first / "OLD-RELEASE").is_file() and (second / "NEW-RELEASE").is_file()
        return swapped

    def no_rename(*arguments: object) -> None:
        raise AssertionError("a plain rename was used instead of the exchange")

    monkeypatch.setattr(build, "exchange", spy)
    monkeypatch.setattr(build.os, "replace", no_rename)
    swap_in(staging, out)
    assert calls == [(staging, out, True)]
    assert sorted(p.name for p in out.iterdir()) == ["NEW-RELEASE"]
    assert not staging.exists()  # the old release, removed once swapped out
    assert hidden(tmp_path) == []


def test_without_the_exchange_the_fallback_swaps_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = old_release(tmp_path / "dist")
    staging = tmp_path / ".dist.building-abcd1234"
    staging.mkdir()
    (staging / "NEW-RELEASE").touch()
    monkeypatch.setattr(build, "exchange", lambda first, second: False)
    swap_in(staging, out)
    assert sorted(p.name for p in out.iterdir()) == ["NEW-RELEASE"]
    assert hidden(tmp_path) == []


def test_a_build_killed_before_the_swap_leaves_dist_whole_and_the_next_build_cleans_up(
    package: Path, tmp_path: Path
) -> None:
    out = old_release(tmp_path / "dist")
    before = sorted(p.name for p in out.iterdir())
    run_killed(KILL_AT_EXCHANGE, package, out)
    assert sorted(p.name for p in out.iterdir()) == before  # the old release, untouched
    (left,) = [tmp_path / name for name in hidden(tmp_path)]
    assert left.name.startswith(".dist.building-")
    assert (left / "SHA256SUMS").is_file()  # the new release was complete when killed
    # Names like ours that are not ours, and ours for another target: all kept.
    (tmp_path / ".dist.building-notes").mkdir()
    (tmp_path / ".dist.building-abcd1234x").mkdir()
    (tmp_path / ".site.building-abcd1234").mkdir()
    (tmp_path / ".dist.old-abcd1234").write_text("a file, not a folder", encoding="utf-8")
    (tmp_path / ".dist.building-zzzz9999").symlink_to(left)
    decoys = sorted({*hidden(tmp_path)} - {left.name})

    build_release(package, out, exporters=[get_exporter("csv")])
    assert not (out / "OLD-RELEASE").exists() and (out / "data" / "offices.csv").is_file()
    assert not left.exists()
    assert hidden(tmp_path) == decoys


def test_a_build_killed_between_the_fallback_renames_loses_nothing(
    package: Path, tmp_path: Path
) -> None:
    out = old_release(tmp_path / "dist")
    run_killed(KILL_BETWEEN_FALLBACK_RENAMES, package, out)
    assert not out.exists()  # the documented window of the fallback
    retired = [tmp_path / name for name in hidden(tmp_path) if name.startswith(".dist.old-")]
    assert len(retired) == 1 and (retired[0] / "OLD-RELEASE").is_file()
    recover_retired(out)  # what the next build does first
    assert (out / "OLD-RELEASE").is_file()
    assert [n for n in hidden(tmp_path) if n.startswith(".dist.old-")] == []
    build_release(package, out, exporters=[get_exporter("csv")])
    assert not (out / "OLD-RELEASE").exists() and (out / "data" / "offices.csv").is_file()
    assert hidden(tmp_path) == []  # the killed run's staging folder is gone too


def test_a_retired_release_is_removed_when_dist_is_there(tmp_path: Path) -> None:
    out = old_release(tmp_path / "dist")
    old_release(tmp_path / ".dist.old-abcd1234")
    recover_retired(out)
    assert (out / "OLD-RELEASE").is_file() and hidden(tmp_path) == []


def test_export_removes_only_its_own_killed_staging_folders(tmp_path: Path) -> None:
    (tmp_path / ".csv.exporting-abcd1234").mkdir()
    (tmp_path / ".csv.exporting-abcd1234" / "offices.csv").touch()
    (tmp_path / ".xlsx.exporting-abcd1234").mkdir()
    (tmp_path / "keep.csv").touch()
    with staged(tmp_path / "csv", "exporting") as staging:
        assert staging.name.startswith(".csv.exporting-")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".xlsx.exporting-abcd1234", "keep.csv"]


def test_an_atomic_write_removes_only_the_temporary_files_of_that_file(tmp_path: Path) -> None:
    target = tmp_path / "offices.csv"
    target.write_bytes(b"old\n")
    ours = tmp_path / ".offices.csv.k2_9ab7x.tmp"
    ours.write_bytes(b"half a wri")
    kept = [
        ".offices.csv.tmp",
        ".offices.csv.k2_9ab7x.tmp.keep",
        ".offices.csv.K2_9AB7X.tmp",
        ".countries.csv.k2_9ab7x.tmp",
    ]
    for name in kept:
        (tmp_path / name).write_bytes(b"not ours")
    (tmp_path / ".offices.csv.abcdefgh.tmp").mkdir()  # a folder, not a temporary file
    write_bytes_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n" and not ours.exists()
    assert hidden(tmp_path) == sorted([*kept, ".offices.csv.abcdefgh.tmp"])


def test_leftovers_never_follow_a_symbolic_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious").touch()
    (tmp_path / ".dist.building-abcd1234").symlink_to(elsewhere)
    assert remove_leftovers(tmp_path, ".dist.building-", folders=True) == []
    assert (elsewhere / "precious").is_file()
    assert atomic.leftover_pattern(".dist.building-").fullmatch(".dist.building-abcd1234")
    assert os.path.islink(tmp_path / ".dist.building-abcd1234")
