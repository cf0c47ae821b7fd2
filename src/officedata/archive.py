"""Open a package given as a folder or as a release zip, without ever writing outside a temp folder.

A zip is checked member by member before anything is extracted: absolute names, drive letters,
backslashes, `..` parts, symbolic links and anything but plain files and folders are refused,
as are archives that would unpack to more than `MAX_UNPACKED_BYTES`. Only then are the members
written, one by one, under a fresh temporary folder that is removed on exit.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from officedata.errors import ArchiveError
from officedata.schema.model import DESCRIPTOR_NAME

# A release is a few megabytes; anything far bigger is not one of ours (or is a zip bomb).
MAX_UNPACKED_BYTES = 2 << 30


def unsafe_member_reason(info: zipfile.ZipInfo) -> str | None:
    """Why this member must not be extracted, or None when it is a plain file or folder."""
    name = info.filename
    if not name or "\x00" in name:
        return "has an empty or NUL-containing name"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "has an absolute path"
    if "\\" in name:
        return "uses backslashes in its path"
    if any(part == ".." for part in PurePosixPath(name).parts):
        return "contains '..'"
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the archiver recorded no file type
    if kind == stat.S_IFLNK:
        return "is a symbolic link"
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        return "is not a regular file or folder"
    return None


def extract_safely(archive: Path, target: Path) -> None:
    """Extract every member of `archive` under `target` after checking them all."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = bundle.infolist()
            for info in members:
                reason = unsafe_member_reason(info)
                if reason is not None:
                    raise ArchiveError(
                        f"{archive.name}: refused: member {info.filename!r} {reason}; "
                        "nothing was extracted"
                    )
            if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
                raise ArchiveError(f"{archive.name}: refused: it would unpack to over 2 GiB")
            root = target.resolve()
            for info in members:
                destination = (root / info.filename).resolve()
                if not destination.is_relative_to(root):  # belt and braces after the name checks
                    raise ArchiveError(f"{archive.name}: refused: {info.filename!r} escapes")
                if info.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                with bundle.open(info) as source, destination.open("wb") as sink:
                    shutil.copyfileobj(source, sink)
    except zipfile.BadZipFile as error:
        raise ArchiveError(f"{archive.name}: not a readable zip file ({error})") from None


def find_package_root(folder: Path) -> Path:
    """The folder holding datapackage.json: `folder` itself or its single top-level folder."""
    if (folder / DESCRIPTOR_NAME).is_file():
        return folder
    children = [child for child in folder.iterdir() if child.is_dir()]
    if len(children) == 1 and (children[0] / DESCRIPTOR_NAME).is_file():
        return children[0]
    raise ArchiveError(f"no {DESCRIPTOR_NAME} at the top of the archive")


@contextmanager
def extracted(archive: Path) -> Iterator[Path]:
    """Yield the package folder of a release zip, unpacked under a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="officedata-release-") as temporary:
        extract_safely(archive, Path(temporary))
        yield find_package_root(Path(temporary))
