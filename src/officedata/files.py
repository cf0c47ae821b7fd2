"""Read a file of a package only when it is a regular file, without ever blocking on it."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """A pipe, device or folder stands where a file should be; it was not read."""


def read_regular_file(path: Path) -> bytes:
    """The file's bytes. Opened without blocking and checked before reading: a FIFO where a CSV
    or JSON file should be would otherwise hang the reader for ever."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegularFile(f"{path} is not a regular file (a pipe, device or folder?)")
        with os.fdopen(descriptor, "rb") as stream:
            descriptor = -1  # the stream owns it now
            return stream.read()
    finally:
        if descriptor != -1:
            os.close(descriptor)


def sha256_of(path: Path) -> str:
    """The file's SHA-256 (releases and their checksums)."""
    return digest_of(path, "sha256")


def digest_of(path: Path, algorithm: str) -> str:
    """The file's hash by any algorithm hashlib knows, read in 1 MiB blocks."""
    digest = hashlib.new(algorithm)
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
