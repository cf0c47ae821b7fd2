"""officedata: the overseas police service stations dataset and its toolkit.

Importing this package does no I/O and imports no heavy library; loaders import pandas on call.
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # importlib.metadata costs ~25 ms to import; only pay for it when the version is asked for.
    if name != "__version__":
        raise AttributeError(f"module 'officedata' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("officedata")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"
