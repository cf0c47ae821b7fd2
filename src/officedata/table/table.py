"""One `Table` per resource: its CSV text, its typed Arrow values, and views derived from them.

A Table is built once, by `type_table`, from the text columns that `csvfile` read, and handed
unchanged to validation, every exporter, stats, the map and diff. It is immutable: the views
(`frame` for pandas, `polars` for validation, `typed` for releases) are computed on first use and
cached, so a command that never asks for pandas never imports it, and
putting rows in canonical order gives a new Table. Types come from the type registry
(`schema/types.py`); nothing here dispatches on a field's type itself.

A value that does not fit its type becomes a `type` failure and a null, so later rules skip it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from officedata.failures import Failure, preview
from officedata.schema.model import Package, Resource, TableSchema
from officedata.schema.types import field_type
from officedata.table.arrow_numpy import index_array
from officedata.table.csvfile import RawTable

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd
    import polars as pl
    import pyarrow as pa


@dataclass(frozen=True, eq=False)
class Table:
    """A resource's rows: `text` (CSV text, null where empty) and `values` (typed per schema).

    Row i of both is the same record. `source` is the file the rows were read from, in file
    order; a reordered table has none and counts lines as if it were canonical.
    """

    resource: Resource
    text: pa.Table
    values: pa.Table
    bad_cells: frozenset[tuple[int, str]] = frozenset()
    source: RawTable | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.resource.name

    @property
    def schema(self) -> TableSchema:
        return self.resource.schema

    @property
    def file(self) -> str:
        return self.resource.path

    @property
    def title(self) -> str:
        return self.resource.title or self.schema.title or self.name

    @property
    def description(self) -> str:
        return self.resource.description or self.schema.description

    def records(self) -> list[dict[str, Any]]:
        """Every row as a dict of Python values (release types: lists as lists, enums as their
        text, empty cells as None)."""
        return list(self.typed.to_pylist())

    @property
    def num_rows(self) -> int:
        return self.text.num_rows

    def has(self, name: str) -> bool:
        return name in self.schema.field_names

    def line_of(self, row: int) -> int:
        """The line (1-based, as an editor counts) where data row `row` (0-based) begins."""
        return self.source.line_of(row) if self.source is not None else row + 2

    def column_number(self, name: str) -> int:
        return self.schema.field_names.index(name) + 1

    def column(self, name: str) -> pa.ChunkedArray:
        """A field's typed values (Arrow), null where empty or not of the field's type."""
        return self.values.column(name)

    def value_at(self, row: int, name: str) -> Any:
        """One typed value as Python sees it (None where empty; a list cell as a list)."""
        return self.values.column(name)[row].as_py()

    def polars_column(self, name: str) -> pl.Series:
        """A field's typed values as a polars Series, made anew on each call and not kept:
        polars stores strings its own way, so a kept Series is a second copy of the column
        (at a million offices, about 140 MB more at validation's peak for a conversion that
        costs a few milliseconds)."""
        import polars as pl

        return pl.Series(name, self.values.column(name))

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The typed values as pandas columns (the view the loader, stats and figures read)."""
        import pandas as pd

        columns = {
            spec.name: field_type(spec).to_pandas(self.values.column(spec.name), spec)
            for spec in self.schema.fields
        }
        return pd.DataFrame(columns, index=pd.RangeIndex(self.num_rows))

    @cached_property
    def typed(self) -> pa.Table:
        """The values as a release carries them: the schema's Arrow types, titles, descriptions."""
        import pyarrow as pa

        from officedata.table.arrow_schema import arrow_schema

        columns = [
            field_type(spec).to_release(self.values.column(spec.name), spec)
            for spec in self.schema.fields
        ]
        # Required columns hold no nulls after validation, so non-nullable fields are truthful.
        return pa.Table.from_arrays(columns, schema=arrow_schema(self.schema))

    def in_key_order(self) -> Table:
        """This table with rows in canonical order (primary key, code-point order, as fmt sorts)."""
        from officedata.table.csvwrite import key_order

        order = key_order(self.text, list(self.schema.primary_key))
        if order is None:
            return self
        return Table(self.resource, self.text.take(order), self.values.take(order))


def ordered_tables(package: Package, tables: Mapping[str, Table]) -> dict[str, Table]:
    """Every resource of the package in descriptor order, its rows in canonical order."""
    return {r.name: tables[r.name].in_key_order() for r in package.resources}


def type_table(raw: RawTable, resource: Resource) -> tuple[Table, list[Failure]]:
    """Type every column of a table read from its CSV; cells that do not fit are failures."""
    import numpy as np
    import pyarrow as pa

    schema = resource.schema
    text = raw.columns
    # Key columns as one contiguous array: pyarrow parsed ~1 MB blocks, and hashing (unique,
    # duplicated) over hundreds of chunks costs several times more than one copy.
    for spec in schema.fields:
        if spec.unique or spec.name in schema.primary_key:
            at = text.schema.get_field_index(spec.name)
            combined = text.column(at).combine_chunks()
            text = text.set_column(at, spec.name, pa.chunked_array([combined]))
    failures: list[Failure] = []
    bad_cells: set[tuple[int, str]] = set()
    columns = []
    for spec in schema.fields:
        column = text.column(spec.name)
        kind = field_type(spec)
        values, bad = kind.parse(column, spec)
        columns.append(
            values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])
        )
        bad_rows = np.flatnonzero(bad)
        if not len(bad_rows):
            continue  # take() on a chunked column joins its chunks first, even for no rows
        bad_values = column.take(index_array(bad_rows)).to_pylist()
        for row, value in zip(bad_rows.tolist(), bad_values, strict=True):
            bad_cells.add((row, spec.name))
            failures.append(
                Failure(
                    file=raw.file,
                    line=raw.line_of(row),
                    column=raw.column_number(spec.name),
                    rule="type",
                    message=f"{preview(value)} is not a valid {kind.describe(spec)}",
                    field=spec.name,
                    value=str(value),
                )
            )
    values_table = pa.Table.from_arrays(columns, names=schema.field_names)
    table = Table(resource, text, values_table, frozenset(bad_cells), raw)
    return table, failures


def is_missing(value: object) -> bool:
    """True for an empty cell of a typed table (None, NaN, pd.NA, NaT); a list is never missing.

    Values from the Arrow columns are None when empty; pandas' markers are recognised only when
    pandas is already loaded (this never imports it).
    """
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN
    pandas = sys.modules.get("pandas")
    if pandas is None or isinstance(value, str | bytes | list | tuple | dict):
        return False
    if not pandas.api.types.is_scalar(value):
        return False  # list cells (arrays) are present even when empty
    return bool(pandas.isna(value))
