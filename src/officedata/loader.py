"""Tables of a data package for people who use the data: pandas, polars or pyarrow.

`load` reads one table through the same structure checks and typing as the validator
(table/csvfile.py, table/table.py) but skips the slower cross-table rules: it trusts a released
package and refuses, with a `LoadError` naming file, line and reason, a table whose cells do not
fit their types. Types come from the schemas for every backend: enums are categoricals
(dictionaries in Arrow) with the schema's values in the schema's order; list fields are lists;
partial dates stay text, each with `<field>_earliest` and `<field>_latest` dates beside it
(`table/date_bounds.py`). It never writes anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from officedata.errors import LoadError, PackageError
from officedata.schema.model import Package, TableSchema

if TYPE_CHECKING:
    import pandas as pd

    from officedata.table.table import Table

BACKENDS = ("pandas", "polars", "pyarrow")


class UnknownTable(LoadError, KeyError):
    """No table of that name; the message lists the tables there are."""

    __str__ = Exception.__str__  # the message as written, not KeyError's repr of it


class MissingBackend(LoadError):
    """The backend asked for is not installed; the message says what to install."""


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


def list_tables(path: str | Path | None = None) -> list[str]:
    """The names of the package's tables, in the descriptor's order (reads only the descriptor)."""
    with package_at(path) as package:
        return list(package.resource_names)


def load(name: str, path: str | Path | None = None, backend: str = "pandas") -> Any:
    """One table as a pandas DataFrame (default), a polars DataFrame or a pyarrow Table.

    `path`: a package folder, its datapackage.json or a release zip; default: the data
    installed with officedata."""
    if backend not in BACKENDS:
        raise LoadError(f"no backend {backend!r}; backends: {', '.join(BACKENDS)}")
    with package_at(path) as package:
        return as_backend(read_table(package, name), backend)


def load_all(path: str | Path | None = None, backend: str = "pandas") -> dict[str, Any]:
    """Every table of the package, in the descriptor's order, keyed by resource name."""
    with package_at(path) as package:
        return {
            name: as_backend(read_table(package, name), backend)
            for name in package.resource_names
        }


def offices(path: str | Path | None = None, backend: str = "pandas") -> Any:
    """The reported stations, one row per office (see `describe("offices")`)."""
    return load("offices", path, backend)


def countries(path: str | Path | None = None, backend: str = "pandas") -> Any:
    """Host countries, China as operator and the EU as responder."""
    return load("countries", path, backend)


def reports(path: str | Path | None = None, backend: str = "pandas") -> Any:
    """Every document cited anywhere in the data."""
    return load("reports", path, backend)


def responses(path: str | Path | None = None, backend: str = "pandas") -> Any:
    """Actions by governments and other authorities about the stations."""
    return load("responses", path, backend)


def as_backend(table: Table, backend: str) -> Any:
    """The table, typed from its schema, with the partial dates' bounds, in the backend's type."""
    from officedata.table.date_bounds import with_date_bounds

    arrow = with_date_bounds(table.typed, table.schema)
    if backend == "pyarrow":
        return arrow
    if backend == "polars":
        try:
            import polars
        except ImportError:
            raise MissingBackend(
                "the polars backend needs polars: pip install 'officedata[polars]'"
            ) from None
        return polars.from_arrow(arrow)
    frame = with_categories(table.frame, table.schema)
    for name in arrow.column_names:
        if name not in frame.columns:  # the derived date bounds, as pandas dates
            days = arrow.column(name).to_pandas(date_as_object=False)
            frame[name] = days.astype("datetime64[s]")
    return frame[arrow.column_names]


def load_table(package: Package, name: str) -> pd.DataFrame:
    """One table as the typed pandas frame the map and chart draw from (no derived columns)."""
    table = read_table(package, name)
    return with_categories(table.frame, table.schema)


def read_table(package: Package, name: str) -> Table:
    from officedata.table.csvfile import read_raw_table
    from officedata.table.table import type_table

    try:
        resource = package.resource(name)
    except KeyError:
        raise UnknownTable(
            f"no table named {name!r}; the package has {', '.join(package.resource_names)}"
        ) from None
    raw, failures = read_raw_table(package, resource)
    errors = [f for f in failures if f.severity == "error"]
    if raw is None or errors:
        raise LoadError(failures=errors)
    table, type_failures = type_table(raw, resource)
    if type_failures:
        from officedata.validation.positions import with_character_columns

        raise LoadError(failures=with_character_columns(package, type_failures))
    return table


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
        raise UnknownTable(
            f"no table named {name!r}; the package has {', '.join(package.resource_names)}"
        )
    columns = ["field", "title", "type", "required", "constraints", "description", "values"]
    table = [
        [row.field, row.title, row.type, row.required, row.constraints, row.description,
         row.enum_text.replace("\n", "; ")]
        for row in rows
    ]  # fmt: skip
    return pd.DataFrame(table, columns=columns)
