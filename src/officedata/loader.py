"""Tables of a data package as typed pandas DataFrames, for people who use the data.

`load` reads one table through the same structure checks and typing as the validator
(csvfile.py, tables.py) but skips the slower cross-table rules: it trusts a released package and
refuses, with a `LoadError` naming file, line and reason, a table whose cells do not fit their
types. Enums become pandas Categoricals with the schema's categories in the schema's order;
partial dates stay text; list fields hold Python lists. It never writes anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from officedata.errors import LoadError, PackageError
from officedata.schema.model import Package, TableSchema

if TYPE_CHECKING:
    import pandas as pd


@contextmanager
def package_at(path: str | Path | None) -> Iterator[Package]:
    """The package at a folder, a datapackage.json or a release zip (`source.opened_package`),
    or the one shipped with officedata for None; a broken one is a LoadError."""
    from officedata.source import opened_package

    try:
        with opened_package(path, discover=False) as package:
            yield package
    except PackageError as error:
        raise LoadError(failures=error.failures) from None


def load(name: str, path: str | Path | None = None) -> pd.DataFrame:
    """One table (`offices`, `countries`, `reports`, `responses`) as a typed DataFrame.

    `path`: a package folder, its datapackage.json or a release zip; default: the data
    installed with officedata."""
    with package_at(path) as package:
        return load_table(package, name)


def load_all(path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the package, in the descriptor's order, keyed by resource name."""
    with package_at(path) as package:
        return {name: load_table(package, name) for name in package.resource_names}


def load_table(package: Package, name: str) -> pd.DataFrame:
    from officedata.table.csvfile import read_raw_table
    from officedata.table.table import type_table

    try:
        resource = package.resource(name)
    except KeyError:
        raise KeyError(
            f"no table named {name!r}; the package has {', '.join(package.resource_names)}"
        ) from None
    raw, failures = read_raw_table(package, resource)
    errors = [f for f in failures if f.severity == "error"]
    if raw is None or errors:
        raise LoadError(failures=errors)
    table, type_failures = type_table(raw, resource)
    if type_failures:
        raise LoadError(failures=type_failures)
    return with_categories(table.frame, resource.schema)


def with_categories(frame: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """Enum columns → Categorical with the schema's values, in the schema's order; list
    columns → Python lists (None where empty), as users of a DataFrame expect them."""
    import pandas as pd

    frame = frame.copy()
    for spec in schema.fields:
        if spec.type == "list" and isinstance(frame[spec.name].dtype, pd.ArrowDtype):
            # The validator keeps lists in Arrow (fast); row by row they would read as arrays.
            lists = pa_list_values(frame[spec.name])
            frame[spec.name] = pd.Series(lists, index=frame.index, dtype=object)
    for spec in schema.fields:
        if spec.enum and spec.type == "string":
            values = frame[spec.name].astype(object).where(frame[spec.name].notna(), None)
            frame[spec.name] = pd.Categorical(values, categories=list(spec.enum), ordered=False)
    return frame


def pa_list_values(column: pd.Series) -> list[list[object] | None]:
    import pyarrow as pa

    return pa.array(column).to_pylist()


def describe(name: str, path: str | Path | None = None) -> pd.DataFrame:
    """One row per field of a table: name, title, type, required, constraints, description and
    the allowed values with their meanings (the data dictionary's rows, as a DataFrame)."""
    import pandas as pd

    from officedata.documentation.dictionary import dictionary_rows

    with package_at(path) as package:
        rows = [row for row in dictionary_rows(package) if row.table == name]
    if not rows:
        raise KeyError(
            f"no table named {name!r}; the package has {', '.join(package.resource_names)}"
        )
    columns = ["field", "title", "type", "required", "constraints", "description", "values"]
    table = [
        [row.field, row.title, row.type, row.required, row.constraints, row.description,
         row.enum_text.replace("\n", "; ")]
        for row in rows
    ]  # fmt: skip
    return pd.DataFrame(table, columns=columns)
