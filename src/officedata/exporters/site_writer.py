"""Writing the site's files into its folder: plain system calls, one mkdir per folder, every path
once, and the cyclic garbage collector paused while the site is built.

At 1e5 stations the site is 2.1e5 files: pathlib's mkdir and buffered file object per file cost
more system time than the bytes themselves, and the collector's full passes over the live rows,
events and citations cost a sixth of the build.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off inside, as it was after.

    Its full passes walk every live object, and the site keeps several per station alive (rows,
    events, citations, shared markup): at 1e5 stations ~30 passes took ~11 of ~60 CPU-s.
    Building the site leaves no reference cycles behind (a test checks), so there is nothing
    for it to find; reference counting frees everything as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_file(path: str, content: bytes) -> None:
    """Create (or truncate) path and write content: open, write, close and nothing else (a
    buffered file object adds an fstat, an ioctl and a seek per file)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, 0o666)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


class SiteWriter:
    """Writes files under root by their relative POSIX paths and remembers each, refusing a path
    twice (two pages must never land on one file)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._base = os.fspath(root)
        self._folders: set[str] = set()  # made already
        self._written: set[str] = set()

    def write(self, relative: str, content: bytes) -> None:
        if relative in self._written:
            raise ValueError(f"two files of the site have the same path: {relative}")
        self._written.add(relative)
        folder = relative.rpartition("/")[0]
        if folder not in self._folders:
            os.makedirs(os.path.join(self._base, folder), exist_ok=True)
            self._folders.add(folder)
        write_file(os.path.join(self._base, relative), content)

    def paths(self) -> list[Path]:
        """Every file written, in path order (by component, as sorting Paths gives)."""
        return [self.root / relative for relative in sorted(self._written, key=components)]


def components(relative: str) -> list[str]:
    return relative.split("/")
