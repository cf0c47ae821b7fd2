"""officedata: the overseas police service stations dataset and its toolkit.

    >>> import officedata
    >>> offices = officedata.load("offices")   # typed pandas DataFrame
    >>> tables = officedata.load_all()          # every table, by name
    >>> officedata.describe("offices")          # the fields, from the Table Schema

Importing this package does no I/O and imports no heavy library; the loaders import pandas
when they are called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from officedata.loader import LoadError, describe, load, load_all

__all__ = ["LoadError", "__version__", "describe", "load", "load_all"]

_LAZY = frozenset({"LoadError", "describe", "load", "load_all"})


def __getattr__(name: str) -> Any:
    # Resolved on first use, so `import officedata` stays free of I/O and heavy imports
    # (importlib.metadata alone costs ~25 ms of `officedata --help`).
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("officedata")
        except PackageNotFoundError:  # running from a source tree that was never installed
            return "0+unknown"
    if name in _LAZY:
        from officedata import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'officedata' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY | {"__version__"})
