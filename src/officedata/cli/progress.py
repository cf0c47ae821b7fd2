"""Progress on stderr for long commands (build, export): one line per step with the seconds so
far, only when a person is watching. Quiet when stderr is not a terminal (a pipe, a log file,
a test runner) and whenever the `CI` environment variable is set, so logs and captured output
hold only results. The library reports steps through a plain callback (`Progress`); this
module decides whether anyone sees them.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from typing import TextIO

from officedata.release.steps import Progress


def wants_progress(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """A terminal, outside CI (where CI is set to anything, even "false", logs are kept)."""
    if "CI" in environ:
        return False
    isatty: Callable[[], bool] | None = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def progress_reporter(
    stream: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Progress | None:
    """A callback printing `officedata: <step>… (<seconds> s)` to stream, or None when quiet."""
    stream = sys.stderr if stream is None else stream
    if not wants_progress(stream, os.environ if environ is None else environ):
        return None
    started = clock()

    def report(step: str) -> None:
        stream.write(f"officedata: {step}… ({clock() - started:.1f} s)\n")
        stream.flush()

    return report
