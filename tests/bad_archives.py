"""The corpus's hostile release zips (issue 12, item 4): each built with `zipfile` (flag bits,
compression methods and corrupt data patched into the written bytes), and a release zip of the
real package whose member no longer matches the SHA256SUMS it carries.

Every case must be refused the same way by every reader, with one line naming the zip, the
member and the reason: `validate x.zip` (the corpus, tests/test_bad_inputs.py), and extraction,
`officedata.load(path=zip)`, `diff` and `build --previous` (tests/test_hostile_zips.py).
Nothing here asserts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


def patch_field(
    path: Path, member: str, offsets: tuple[int, int], value: int, *, add: bool = False
) -> None:
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
    Hostile("zip-file-folder-clash", clash, "needs it to be a folder", f"{TOP}/data"),
    Hostile("zip-clash-folder-first", clash_folder_first, "needs it to be a folder", "data/b"),
    Hostile("zip-clash-folder-entry", clash_with_folder_entry, "name the same path", "notes"),
    Hostile("zip-300-byte-name", long_name, "name part of 300 bytes", "n" * 296),
    Hostile("zip-1100-byte-path", long_path, "path of over 1024 bytes", "x.csv"),
    Hostile("zip-encrypted", encrypted, "is encrypted", "secret.csv"),
    Hostile("zip-unknown-method", unknown_method, "compression method 99", "odd.csv"),
    Hostile("zip-bzip2-method", bzip2_method, "compression method 12", "datapackage.json"),
    Hostile("zip-corrupt-deflate", corrupt_deflate, "is corrupt", "z.csv"),
    Hostile("zip-bad-crc", bad_crc, "Bad CRC-32", "z.csv"),
    Hostile("zip-duplicate-name", duplicate, "appears twice", "data/a.csv"),
    Hostile("zip-duplicate-in-case", duplicate_in_case, "name the same path", "data/A.csv"),
    Hostile("zip-duplicate-dot", duplicate_spelled_apart, "name the same path", "./data/a.csv"),
]


# --- a release zip of the real package, made here (not by officedata), then tampered with -----


def zip_as_release(root: Path, path: Path, *, tamper: bool, sums_after: bool = False) -> Path:
    """Zip the package folder root as a release (`<folder>/...` members and a SHA256SUMS of
    every file, in `sha256sum` format). `tamper` changes one office's notes, after the sums
    were taken (a tampered release) or, with `sums_after`, before (a valid release of other
    data: the change itself is fine, so only the checksum can refuse the tampered one)."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    members = {p.relative_to(root).as_posix(): p.read_bytes() for p in files}
    if tamper and sums_after:
        members["data/offices.csv"] = tampered_offices(members["data/offices.csv"])
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in members.items())
    members["SHA256SUMS"] = sums.encode("utf-8")
    if tamper and not sums_after:
        members["data/offices.csv"] = tampered_offices(members["data/offices.csv"])
    write_members(path, [(f"{root.name}/{name}", data) for name, data in members.items()])
    return path


def tampered_offices(data: bytes) -> bytes:
    """offices.csv with the first office's notes changed, still canonical CSV."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    notes = rows[0].index("notes")
    rows[1][notes] = "Tampered after the release was built."
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


TAMPERED_REASON = "'data/offices.csv' does not match its SHA256SUMS checksum"
