"""Hostile and tampered release zips are refused with one clear line naming the zip and the member.

The hostile zips are the bad-input corpus's (tests/bad_archives.py), where `validate x.zip` is
run on each; here every other reader must refuse them the same way: extraction
(`archive.extract_safely`, leaving nothing behind), `officedata.load(..., path=zip)` (a
LoadError), and on the command line `diff` and `build --previous` (exit 1, no traceback). The
tampering cases start from a real release built by officedata, and show first that the change
itself would load, so only the SHA256SUMS check can be what refuses it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from bad_archives import HOSTILE, Hostile, write_members
from click.testing import CliRunner
from helpers import release_folder

import officedata
from officedata.archive import extract_safely, extracted
from officedata.cli import app
from officedata.errors import ArchiveError, LoadError

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(params=HOSTILE, ids=str)
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Hostile, Path]:
    case: Hostile = request.param
    path = tmp_path / f"{case.id}.zip"
    case.build(path)
    return case, path


def test_extraction_refuses_and_leaves_nothing(hostile: tuple[Hostile, Path], tmp_path: Path):
    case, path = hostile
    target = tmp_path / "unpacked"
    target.mkdir()
    with pytest.raises(ArchiveError) as refused:
        extract_safely(path, target)
    message = str(refused.value)
    assert message.startswith(f"{path}: refused: ")
    assert case.reason in message and case.member in message
    assert [f.file for f in refused.value.failures] == [str(path)]
    assert list(target.iterdir()) == []  # refused up front, or the partial extraction removed


def test_load_raises_load_error(hostile: tuple[Hostile, Path]):
    case, path = hostile
    with pytest.raises(LoadError) as refused:
        officedata.load("offices", path=path)
    assert case.reason in str(refused.value) and str(path) in str(refused.value)


def assert_refused_on_one_line(result, case: Hostile, path: Path) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "internal error" not in result.output
    lines = [line for line in result.output.splitlines() if case.reason in line]
    assert len(lines) == 1 and case.member in lines[0] and path.name in lines[0]


def test_diff_exits_1_with_one_line(hostile: tuple[Hostile, Path]):
    case, path = hostile
    for arguments in ([str(REPO), str(path)], [str(path), str(REPO)]):
        assert_refused_on_one_line(CliRunner().invoke(app, ["diff", *arguments]), case, path)


def test_build_previous_exits_1_with_one_line_and_writes_nothing(
    hostile: tuple[Hostile, Path], tmp_path: Path
):
    case, path = hostile
    out = tmp_path / "dist"
    result = CliRunner().invoke(
        app, ["build", str(REPO), "--out", str(out), "--previous", str(path)]
    )
    assert_refused_on_one_line(result, case, path)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --- a real release, tampered after it was built ----------------------------------------------

RELEASE_TOP = release_folder()  # <name>-<version>, from datapackage.json
ORIGINAL_NOTE = b"Bureau not stated."
TAMPERED_NOTE = b"Bureau: Wenzhou."


def rewrite(source: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(source) as bundle:
        members = {info.filename: bundle.read(info) for info in bundle.infolist()}
    change(members)
    write_members(target, list(members.items()))
    return target


def release_zip(release: Path) -> Path:
    return release / f"{RELEASE_TOP}.zip"


def tamper_offices(members: dict[str, bytes]) -> None:
    name = "data/offices.csv"
    assert ORIGINAL_NOTE in members[name]
    members[name] = members[name].replace(ORIGINAL_NOTE, TAMPERED_NOTE, 1)


def test_an_untouched_release_zip_loads_and_compares(release: Path):
    frame = officedata.load("offices", path=release_zip(release))
    assert len(frame) > 0
    result = CliRunner().invoke(app, ["diff", str(release), str(release_zip(release))])
    assert result.exit_code == 0, result.output


def test_a_tampered_member_would_load_but_is_refused(release: Path, tmp_path: Path):
    tampered = rewrite(release_zip(release), tmp_path / f"{RELEASE_TOP}.zip", tamper_offices)
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    extract_safely(tampered, unpacked)  # the zip itself is well formed
    notes = officedata.load("offices", path=unpacked)["notes"]
    assert notes.str.contains(TAMPERED_NOTE.decode(), regex=False).any()  # it would load
    with pytest.raises(LoadError, match=r"'data/offices.csv' does not match its SHA256SUMS"):
        officedata.load("offices", path=tampered)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda m: m.pop("CITATION.cff"),
            "SHA256SUMS lists 'CITATION.cff', which is not in the archive",
        ),
        (
            lambda m: m.update({"data/extra.csv": b"x\n"}),
            "member 'data/extra.csv' is not listed in the release's SHA256SUMS",
        ),
        (
            lambda m: m.update(
                {
                    "SHA256SUMS": m["SHA256SUMS"]
                    + b"not a checksum line\n"
                }
            ),
            "SHA256SUMS line",
        ),
        (
            lambda m: m.update(
                {
                    "SHA256SUMS": m["SHA256SUMS"]
                    + b"0" * 64
                    + b"  ../../etc/passwd\n"
                }
            ),
            "is not '<sha256>  <relative file>'",
        ),
    ],
    ids=["listed-file-missing", "unlisted-file", "malformed-line", "escaping-line"],
)
def test_a_release_that_disagrees_with_its_checksums_is_refused(
    release: Path, tmp_path: Path, change: Callable[[dict[str, bytes]], object], reason: str
):
    broken = rewrite(release_zip(release), tmp_path / f"{RELEASE_TOP}.zip", change)
    with pytest.raises(ArchiveError) as refused, extracted(broken):
        pass
    assert reason in str(refused.value) and str(broken) in str(refused.value)
    result = CliRunner().invoke(app, ["diff", str(release), str(broken)])
    assert result.exit_code == 1 and reason in result.output
    assert "Traceback" not in result.output
