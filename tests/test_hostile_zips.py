"""Hostile and tampered release zips are refused with one clear line naming the zip and the member.

Each case is built here with `zipfile` (flag bits, compression methods and corrupt data patched
into the written bytes) and must be refused the same way by every reader: extraction
(`archive.extract_safely`, leaving nothing behind), `officedata.load(..., path=zip)` (a
LoadError), and on the command line `validate`, `diff` and `build --previous` (exit 1, no
traceback). The tampering cases start from a real release built by officedata, and show first
that the change itself would load, so only the SHA256SUMS check can be what refuses it.
"""

from __future__ import annotations

import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import release_folder
from typer.testing import CliRunner

import officedata
from officedata.archive import extract_safely, extracted
from officedata.cli import app
from officedata.errors import ArchiveError, LoadError

REPO = Path(__file__).resolve().parent.parent
TOP = "officedata-9.9.9"
LOCAL_HEADER = b"PK\x03\x04"
CENTRAL_HEADER = b"PK\x01\x02"
# Offsets of the 2-byte fields in the local header and in the central directory record.
FLAGS = (6, 8)
METHOD = (8, 10)


@dataclass(frozen=True)
class Hostile:
    id: str
    build: Callable[[Path], None]  # writes the zip at the given path
    reason: str  # in the message
    member: str  # named in the message

    def __str__(self) -> str:
        return self.id


def write_members(path: Path, members: list[tuple[str, bytes]], method: int = 8) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about duplicate names
        with zipfile.ZipFile(path, "w", compression=method) as bundle:
            for name, data in members:
                bundle.writestr(name, data)


def base(*extra: tuple[str, bytes]) -> list[tuple[str, bytes]]:
    return [(f"{TOP}/datapackage.json", b"{}"), (f"{TOP}/data/a.csv", b"a\n1\n" * 50), *extra]


def patch_field(path: Path, member: str, offsets: tuple[int, int], value: int, *, add=False):
    """Set (or OR into) a 2-byte field of member's local header and central directory record."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as bundle:
        local = bundle.getinfo(member).header_offset
    assert raw[local : local + 4] == LOCAL_HEADER
    starts = [local + offsets[0]]
    central = raw.find(CENTRAL_HEADER)
    while central != -1:
        (name_length,) = struct.unpack_from("<H", raw, central + 28)
        if raw[central + 46 : central + 46 + name_length] == member.encode():
            starts.append(central + offsets[1])
        central = raw.find(CENTRAL_HEADER, central + 4)
    assert len(starts) == 2
    for start in starts:
        (old,) = struct.unpack_from("<H", raw, start)
        struct.pack_into("<H", raw, start, (old | value) if add else value)
    path.write_bytes(bytes(raw))


def overwrite_data(path: Path, member: str, change: Callable[[bytes], bytes]) -> None:
    """Replace the stored (compressed) bytes of one member, keeping their length."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as bundle:
        info = bundle.getinfo(member)
    name_length, extra_length = struct.unpack_from("<HH", raw, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    data = bytes(raw[start : start + info.compress_size])
    changed = change(data)
    assert len(changed) == len(data) and changed != data
    raw[start : start + len(data)] = changed
    path.write_bytes(bytes(raw))


def clash(path: Path) -> None:
    write_members(path, base((f"{TOP}/data", b"x"), (f"{TOP}/data/b.csv", b"b\n")))


def clash_folder_first(path: Path) -> None:
    write_members(path, base((f"{TOP}/data/b/c.csv", b"c\n"), (f"{TOP}/data/b", b"x")))


def clash_with_folder_entry(path: Path) -> None:
    write_members(path, base((f"{TOP}/notes/", b""), (f"{TOP}/notes", b"x")))


def long_name(path: Path) -> None:
    write_members(path, base((f"{TOP}/data/{'n' * 296}.csv", b"x")))


def long_path(path: Path) -> None:
    deep = "/".join(["d" * 100] * 11)
    write_members(path, base((f"{TOP}/{deep}/x.csv", b"x")))


def encrypted(path: Path) -> None:
    write_members(path, base((f"{TOP}/data/secret.csv", b"s\n")))
    patch_field(path, f"{TOP}/data/secret.csv", FLAGS, 0x1, add=True)


def unknown_method(path: Path) -> None:
    write_members(path, base((f"{TOP}/data/odd.csv", b"o\n")), method=zipfile.ZIP_STORED)
    patch_field(path, f"{TOP}/data/odd.csv", METHOD, 99)


def bzip2_method(path: Path) -> None:
    write_members(path, base((f"{TOP}/data/b.csv", b"b\n")), method=zipfile.ZIP_BZIP2)


def corrupt_deflate(path: Path) -> None:
    write_members(path, base((f"{TOP}/data/z.csv", b"z,1\n" * 5000)))
    overwrite_data(path, f"{TOP}/data/z.csv", lambda data: b"\xff" * len(data))


def bad_crc(path: Path) -> None:
    write_members(path, base((f"{TOP}/data/z.csv", b"z,1\n" * 50)), method=zipfile.ZIP_STORED)
    overwrite_data(path, f"{TOP}/data/z.csv", lambda data: data[:-2] + b"2\n")


def duplicate(path: Path) -> None:
    write_members(path, base((f"{TOP}/data/a.csv", b"a\n2\n")))


def duplicate_in_case(path: Path) -> None:
    write_members(path, base((f"{TOP}/data/A.csv", b"a\n2\n")))


def duplicate_spelled_apart(path: Path) -> None:
    write_members(path, base((f"{TOP}/./data/a.csv", b"a\n2\n")))


HOSTILE = [
    Hostile("file-folder-clash", clash, "needs it to be a folder", f"{TOP}/data"),
    Hostile("clash-folder-first", clash_folder_first, "needs it to be a folder", "data/b"),
    Hostile("clash-folder-entry", clash_with_folder_entry, "name the same path", "notes"),
    Hostile("300-byte-name", long_name, "name part of 300 bytes", "n" * 296),
    Hostile("1100-byte-path", long_path, "path of over 1024 bytes", "x.csv"),
    Hostile("encrypted", encrypted, "is encrypted", "secret.csv"),
    Hostile("unknown-method", unknown_method, "compression method 99", "odd.csv"),
    Hostile("bzip2-method", bzip2_method, "compression method 12", "datapackage.json"),
    Hostile("corrupt-deflate", corrupt_deflate, "is corrupt", "z.csv"),
    Hostile("bad-crc", bad_crc, "Bad CRC-32", "z.csv"),
    Hostile("duplicate-name", duplicate, "appears twice", "data/a.csv"),
    Hostile("duplicate-in-case", duplicate_in_case, "name the same path", "data/A.csv"),
    Hostile("duplicate-dot", duplicate_spelled_apart, "name the same path", "./data/a.csv"),
]


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


def test_validate_exits_1_with_one_line(hostile: tuple[Hostile, Path]):
    case, path = hostile
    assert_refused_on_one_line(CliRunner().invoke(app, ["validate", str(path)]), case, path)


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
    result = CliRunner().invoke(app, ["validate", str(tampered)])
    assert result.exit_code == 1
    assert "'data/offices.csv' does not match its SHA256SUMS checksum" in result.output
    assert str(tampered) in result.output


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
