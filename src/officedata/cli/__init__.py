"""The `officedata` command line: one small module per command over the library.

Heavy libraries (pandas, polars, pyarrow) are imported inside commands, so `--help` is quick.
"""

from __future__ import annotations

# Importing a command module registers its command.
from officedata.cli import (
    build,  # noqa: F401
    diff,  # noqa: F401
    docs,  # noqa: F401
    export,  # noqa: F401
    fmt,  # noqa: F401
    map,  # noqa: F401
    stats,  # noqa: F401
    validate,  # noqa: F401
)
from officedata.cli.app import app


def main() -> None:
    app(prog_name="officedata")
