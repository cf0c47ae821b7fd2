"""officedata: the overseas police service stations dataset and its toolkit.

    >>> import officedata
    >>> officedata.list_tables()                 # ['offices', 'countries', 'reports', 'responses']
    >>> offices = officedata.offices()           # typed pandas DataFrame
    >>> offices = officedata.load("offices", backend="polars")   # or "pyarrow"
    >>> tables = officedata.load_all()           # every table, by name
    >>> officedata.describe("offices")           # the fields, from the Table Schema
    >>> officedata.pandera_schema("offices").validate(offices)   # pandera (the pandera extra)

Importing this package does no I/O and imports no heavy library; the loaders import pandas
(or polars, or pyarrow) when they are called.
"""

from __future__ import annotations

import typing as _typing

if _typing.TYPE_CHECKING:
    from officedata.loader import (
        BACKENDS,
        LoadError,
        MissingBackend,
        UnknownTable,
        countries,
        describe,
        list_tables,
        load,
        load_all,
        offices,
        reports,
        responses,
    )
    from officedata.validation.pandera_schema import pandera_schema

__all__ = [
    "BACKENDS",
    "LoadError",
    "MissingBackend",
    "UnknownTable",
    "__version__",
    "countries",
    "describe",
    "list_tables",
    "load",
    "load_all",
    "offices",
    "pandera_schema",
    "reports",
    "responses",
]
_LAZY = frozenset(__all__) - {"__version__", "pandera_schema"}


def __getattr__(name: str) -> _typing.Any:
    # Resolved on first use, so `import officedata` stays free of I/O and heavy imports
    # (importlib.metadata alone costs ~25 ms of `officedata --help`).
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("officedata")
        except PackageNotFoundError:  # running from a source tree that was never installed
            return "0+unknown"
    if name == "pandera_schema":
        from officedata.validation.pandera_schema import pandera_schema

        return pandera_schema
    if name in _LAZY:
        from officedata import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'officedata' has no attribute {name!r}")


def __dir__() -> list[str]:
    return list(__all__)
