"""The one way every command and the loader open a package: a folder, a `datapackage.json`, or a
release zip.

Whatever `officedata.load` reads, `validate`, `stats`, `diff` and `build` read too. A zip is
checked member by member and unpacked into a temporary folder that lives exactly as long as the
`with` block (`archive.py`). Without a path, a command reads the nearest `datapackage.json` in
the current folder or above it, as git finds its repository; only where there is none is it the
package shipped with officedata, and then the caller is told so.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from officedata.errors import ArchiveError, UsageError
from officedata.schema.descriptor import load_package
from officedata.schema.model import DESCRIPTOR_NAME, Package, default_package_root


@dataclass(frozen=True)
class Location:
    """Where a package is read from, and how it was chosen (said on stderr by the CLI)."""

    path: Path
    how: str  # "given", "found" (nearest datapackage.json upwards) or "shipped"

    def __str__(self) -> str:
        if self.how == "shipped":
            return f"the package shipped with officedata ({self.path})"
        return str(self.path)


def locate_package(
    path: str | Path | None, *, discover: bool = True, start: Path | None = None
) -> Location:
    """The package a command reads: the path given, else (when `discover`) the nearest one
    upwards from `start` (the current folder), else the one shipped with officedata."""
    if path is not None:
        given = Path(path)
        if not given.exists():
            raise UsageError(f"{given} does not exist", subject=str(given))
        return Location(given, "given")
    folder = (start or Path.cwd()).absolute()
    for candidate in (folder, *folder.parents) if discover else ():
        if (candidate / DESCRIPTOR_NAME).is_file():
            return Location(candidate, "found")
    return Location(default_package_root(), "shipped")


def is_release_zip(path: Path) -> bool:
    return path.is_file() and path.name != DESCRIPTOR_NAME and zipfile.is_zipfile(path)


@contextmanager
def opened_folder(path: str | Path) -> Iterator[Path]:
    """The package folder of a folder, a datapackage.json or a release zip (unpacked meanwhile)."""
    from officedata.archive import extracted

    target = Path(path)
    if is_release_zip(target):
        with extracted(target) as root:
            yield root
        return
    if target.is_file() and target.suffix != ".json":
        raise ArchiveError(
            f"{target} is neither a package folder nor a zip file (nor a datapackage.json)",
            subject=str(target),
        )
    yield target.parent if target.name == DESCRIPTOR_NAME and target.is_file() else target


@contextmanager
def opened_package(path: str | Path | None = None, *, discover: bool = True) -> Iterator[Package]:
    """The package at path (see `locate_package`), read and checked (descriptor and schemas).

    The loader passes `discover=False`: a user of the data gets the shipped data unless they
    name another package, whatever folder their script runs in."""
    location = locate_package(path, discover=discover)
    with opened_folder(location.path) as root:
        yield load_package(root)
