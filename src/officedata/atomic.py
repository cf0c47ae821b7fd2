"""Atomic file writes and folder swaps: a reader sees the old file (or release) or the new one,
never half of either; and what a killed run left behind is removed by the next one.

`write_bytes_atomic` writes a temporary `.<name>.XXXXXXXX.tmp` beside the file and renames it
over the file. `exchange` swaps two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`).
A run killed halfway leaves its temporary file or hidden staging folder; `remove_leftovers`
removes exactly those names (the prefix, tempfile's eight random characters, the suffix) beside
the same target on the next run of the same command, and never anything else.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

# What tempfile puts between prefix and suffix: eight of "a-z0-9_" (tempfile._RandomNameSequence).
TEMP_NAME_CHARS = r"[a-z0-9_]{8}"
AT_FDCWD = -100  # Linux: paths relative to the current folder
RENAME_EXCHANGE = 2  # Linux: swap the two paths atomically (linux/fs.h)
# renameat2 missing (old libc or kernel) or the exchange not supported by the file system.
NOT_SUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP})


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path`.
    Temporary files a killed earlier write of the same file left are removed first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path.parent, f".{path.name}.", ".tmp", folders=False)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); keep the mode of the file replaced, else 0644.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def leftover_pattern(prefix: str, suffix: str = "") -> re.Pattern[str]:
    """The names tempfile gives with this prefix and suffix, and no others."""
    return re.compile(re.escape(prefix) + TEMP_NAME_CHARS + re.escape(suffix))


def leftovers(folder: Path, prefix: str, suffix: str = "", *, folders: bool) -> list[Path]:
    """Entries of folder named like a temporary of ours: folders (`folders`) or regular files,
    never a symbolic link, in name order."""
    if not folder.is_dir():
        return []
    pattern = leftover_pattern(prefix, suffix)
    found = []
    for entry in sorted(folder.iterdir()):
        if not pattern.fullmatch(entry.name) or entry.is_symlink():
            continue
        if entry.is_dir() if folders else entry.is_file():
            found.append(entry)
    return found


def remove_leftovers(folder: Path, prefix: str, suffix: str = "", *, folders: bool) -> list[Path]:
    """Remove what a killed run left in folder (see `leftovers`); return what was removed."""
    found = leftovers(folder, prefix, suffix, folders=folders)
    for entry in found:
        if folders:
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    return found


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux `renameat2` with RENAME_EXCHANGE).

    False when this system cannot (not Linux, no renameat2 in libc, a kernel or file system
    without the exchange): then nothing was changed and the caller must fall back. Any other
    failure is an OSError, and also leaves both paths as they were."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    renameat2.restype = ctypes.c_int
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in NOT_SUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))
