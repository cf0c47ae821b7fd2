"""Open a package given as a folder or as a release zip, without ever writing outside a temp folder.

A zip is checked member by member before anything is extracted: absolute names, drive letters,
backslashes, `..` parts, symbolic links and anything but plain files and folders are refused,
as are names longer than a file system takes, duplicate names (also those differing only in
case, which collide on macOS and Windows), a name that is both a file and a folder, encrypted
members, compression methods other than stored and deflated, and archives that would unpack to
more than `MAX_UNPACKED_BYTES`. Only then are the members written, one by one, under a fresh
temporary folder that is removed on exit; a member whose data turns out corrupt (bad deflate
stream, CRC mismatch, truncated archive) stops the extraction and removes what was written.

A release carries its own `SHA256SUMS`: when the unpacked package root holds one, every file
it lists must be there with that checksum, and every other file must be listed, before the
package is read, so a member changed after the release was built never loads.
"""

from __future__ import annotations

import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from officedata.errors import ArchiveError
from officedata.files import sha256_of
from officedata.schema.model import DESCRIPTOR_NAME

# A release is a few megabytes; anything far bigger is not one of ours (or is a zip bomb).
MAX_UNPACKED_BYTES = 2 << 30
# A release has a few dozen members; a million tiny ones is an attack on the time it takes.
MAX_MEMBERS = 10_000
# What file systems take: 255 bytes a name (ext4, APFS, NTFS), and whole paths well below
# PATH_MAX (4096 on Linux) once the temporary folder's own path is in front.
MAX_NAME_PART_BYTES = 255
MAX_NAME_BYTES = 1024
COMPRESSION_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
ENCRYPTED_FLAGS = 0x0001 | 0x0040 | 0x2000  # encrypted, strong encryption, encrypted directory
CHECKSUMS_NAME = "SHA256SUMS"
# What zipfile and zlib raise on a damaged archive or member data.
CORRUPT_DATA_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)


def refused(archive: Path, message: str) -> ArchiveError:
    """An ArchiveError located at the zip (its failure's file), naming it in its text too."""
    return ArchiveError(message, subject=str(archive))


def unsafe_member_reason(info: zipfile.ZipInfo) -> str | None:
    """Why this member must not be extracted, or None when it is a plain file or folder."""
    name = info.filename
    if not name or "\x00" in name:
        return "has an empty or NUL-containing name"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "has an absolute path"
    if "\\" in name:
        return "uses backslashes in its path"
    parts = PurePosixPath(name).parts
    if any(part == ".." for part in parts):
        return "contains '..'"
    longest = max((len(part.encode("utf-8")) for part in parts), default=0)
    if longest > MAX_NAME_PART_BYTES:
        return (
            f"has a name part of {longest} bytes (file systems take at most {MAX_NAME_PART_BYTES})"
        )
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"has a path of over {MAX_NAME_BYTES} bytes"
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the archiver recorded no file type
    if kind == stat.S_IFLNK:
        return "is a symbolic link"
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        return "is not a regular file or folder"
    if info.flag_bits & ENCRYPTED_FLAGS:
        return "is encrypted"
    if info.compress_type not in COMPRESSION_METHODS:
        return f"uses compression method {info.compress_type} (only stored and deflated are read)"
    return None


def _key(parts: Sequence[str]) -> tuple[str, ...]:
    """How a path is compared: case-folded, as case-insensitive file systems compare names."""
    return tuple(part.casefold() for part in parts)


def layout_problem(members: Sequence[zipfile.ZipInfo]) -> str | None:
    """Why the members cannot all be extracted as they are named, or None: a name given twice
    (the last would silently win), or a name that is a file and also a folder of other members."""
    seen: dict[tuple[str, ...], str] = {}
    files: dict[tuple[str, ...], str] = {}
    folders: dict[tuple[str, ...], str] = {}  # every folder some member needs -> that member
    for info in members:
        parts = PurePosixPath(info.filename).parts
        key = _key(parts)
        if key in seen:
            first = seen[key]
            if first == info.filename:
                return f"member {info.filename!r} appears twice (the last copy would win)"
            return f"members {first!r} and {info.filename!r} name the same path"
        seen[key] = info.filename
        if info.is_dir():
            folders.setdefault(key, info.filename)
        else:
            files[key] = info.filename
        for depth in range(1, len(parts)):
            folders.setdefault(key[:depth], info.filename)
    for key, name in files.items():
        if key in folders:
            return f"member {name!r} is a file, but {folders[key]!r} needs it to be a folder"
    return None


def check_members(archive: Path, members: Sequence[zipfile.ZipInfo]) -> None:
    """Refuse the archive, before anything is written, if any member is unsafe or unreadable."""
    if len(members) > MAX_MEMBERS:
        raise refused(
            archive, f"refused: it has {len(members):,} members (at most {MAX_MEMBERS:,})"
        )
    for info in members:
        reason = unsafe_member_reason(info)
        if reason is not None:
            raise refused(
                archive, f"refused: member {info.filename!r} {reason}; nothing was extracted"
            )
    problem = layout_problem(members)
    if problem is not None:
        raise refused(archive, f"refused: {problem}; nothing was extracted")
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
        raise refused(archive, "refused: it would unpack to over 2 GiB")


def extract_safely(archive: Path, target: Path) -> None:
    """Extract every member of `archive` under `target` after checking them all; if a member's
    data is corrupt, remove everything extracted so far and refuse the archive."""
    try:
        bundle = zipfile.ZipFile(archive)
    except (*CORRUPT_DATA_ERRORS, ValueError) as error:
        raise refused(archive, f"not a readable zip file ({error})") from None
    created: list[Path] = []
    with bundle:
        members = bundle.infolist()
        check_members(archive, members)
        root = target.resolve()
        try:
            for info in members:
                destination = (root / info.filename).resolve()
                if not destination.is_relative_to(root):  # belt and braces after the checks
                    raise refused(archive, f"refused: {info.filename!r} escapes")
                folder = destination if info.is_dir() else destination.parent
                _make_folders(folder, root, created)
                if info.is_dir():
                    continue
                created.append(destination)
                try:
                    with bundle.open(info) as source, destination.open("xb") as sink:
                        shutil.copyfileobj(source, sink)
                except CORRUPT_DATA_ERRORS as error:
                    raise refused(
                        archive,
                        f"refused: member {info.filename!r} is corrupt ({error}); nothing was kept",
                    ) from None
        except BaseException:
            _remove(created)
            raise


def _make_folders(folder: Path, root: Path, created: list[Path]) -> None:
    """mkdir -p of folder under root, noting each folder made (to remove them on failure)."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate == root or candidate.is_dir():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        candidate.mkdir()
        created.append(candidate)


def _remove(created: list[Path]) -> None:
    """Undo a partial extraction: the files and folders it made, newest first."""
    for path in reversed(created):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def find_package_root(folder: Path) -> Path:
    """The folder holding datapackage.json: `folder` itself (releases since 0.2.0, the Data
    Package zip convention) or its single top-level folder (0.1.0's `<name>-<version>/`)."""
    if (folder / DESCRIPTOR_NAME).is_file():
        return folder
    children = [child for child in folder.iterdir() if child.is_dir()]
    if len(children) == 1 and (children[0] / DESCRIPTOR_NAME).is_file():
        return children[0]
    raise ArchiveError(f"no {DESCRIPTOR_NAME} at the top of the archive")


_CHECKSUM_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")


def read_checksums(archive: Path, path: Path) -> dict[str, str]:
    """The file -> SHA-256 pairs of a SHA256SUMS file (`sha256sum` format)."""
    listed: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise refused(archive, f"refused: {CHECKSUMS_NAME} is not UTF-8 text") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _CHECKSUM_LINE.fullmatch(line)
        name = match.group(2) if match else ""
        parts = PurePosixPath(name).parts
        if match is None or name.startswith("/") or "\\" in name or ".." in parts or not parts:
            raise refused(
                archive,
                f"refused: {CHECKSUMS_NAME} line {number} is not '<sha256>  <relative file>'",
            )
        name, digest = PurePosixPath(name).as_posix(), match.group(1).lower()
        if listed.setdefault(name, digest) != digest:
            raise refused(archive, f"refused: {CHECKSUMS_NAME} lists {name!r} twice")
    return listed


def verify_checksums(archive: Path, root: Path) -> None:
    """When root holds a SHA256SUMS, every file it lists must match it and every other file
    must be listed; else refuse the archive, naming the file."""
    sums = root / CHECKSUMS_NAME
    if not sums.is_file():
        return
    listed = read_checksums(archive, sums)
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p != sums}
    unlisted = sorted(present - set(listed))
    if unlisted:
        raise refused(
            archive,
            f"refused: member {unlisted[0]!r} is not listed in the release's {CHECKSUMS_NAME}",
        )
    for name, expected in sorted(listed.items()):
        if name not in present:
            raise refused(
                archive,
                f"refused: {CHECKSUMS_NAME} lists {name!r}, which is not in the archive",
            )
        if sha256_of(root / name) != expected:
            raise refused(
                archive,
                f"refused: member {name!r} does not match its {CHECKSUMS_NAME} checksum "
                "(changed after the release was built)",
            )


@contextmanager
def extracted(archive: Path) -> Iterator[Path]:
    """Yield the package folder of a release zip, unpacked under a temporary folder and checked
    against the SHA256SUMS it carries."""
    with tempfile.TemporaryDirectory(prefix="officedata-release-") as temporary:
        extract_safely(archive, Path(temporary))
        try:
            root = find_package_root(Path(temporary))
        except ArchiveError as error:
            raise refused(archive, str(error)) from None
        verify_checksums(archive, root)
        yield root
