"""officedata: the overseas police service stations dataset and its toolkit.

Importing this package does no I/O and imports no heavy library; loaders import pandas on call.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("officedata")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
