"""The `officedata` command line: one small module per command over the library.

Heavy libraries (pandas, pandera, pyarrow) are imported inside commands, so `--help` is quick.
"""

from __future__ import annotations

from officedata.cli import diff, docs, fmt, validate  # noqa: F401  (importing registers the commands)
from officedata.cli.app import app


def main() -> None:
    app()
