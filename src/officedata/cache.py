"""The user's cache folder: files officedata can always rebuild, kept between runs to save time."""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder() -> Path:
    """Where officedata keeps files it can rebuild (XDG base directory convention)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "officedata"
