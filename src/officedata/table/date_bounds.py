"""Partial dates as dates people can compute with: the first and last day each one can mean.

A partial date field (`officedata:partialDate`: YYYY, YYYY-MM or YYYY-MM-DD, ISO 8601 / EDTF
level 0) keeps its text, as curated; beside it a release carries `<field>_earliest` and
`<field>_latest`, typed as dates: "2022" spans 2022-01-01 to 2022-12-31, "2022-11" spans
2022-11-01 to 2022-11-30, a full date is both. No day is invented: the pair says exactly what
the text says. Text that names no real period (rejected by validation) gives nulls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from officedata.schema.model import TableSchema
from officedata.schema.partial_dates import partial_date_bounds

if TYPE_CHECKING:
    import pyarrow as pa

EARLIEST, LATEST = "_earliest", "_latest"


def bound_names(field: str) -> tuple[str, str]:
    return field + EARLIEST, field + LATEST


def with_date_bounds(typed: pa.Table, schema: TableSchema) -> pa.Table:
    """The table with `<field>_earliest` / `<field>_latest` date columns after each partial
    date field (titled and described in their Arrow metadata)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns, fields = [], []
    for spec in schema.fields:
        column = typed.column(spec.name)
        columns.append(column)
        fields.append(typed.schema.field(spec.name))
        if not spec.partial_date:
            continue
        text = column.cast(pa.string())
        distinct = pc.unique(text).drop_null()
        spans = [partial_date_bounds(value) for value in distinct.to_pylist()]
        positions = pc.index_in(text, value_set=distinct)
        for index, (name, side) in enumerate(zip(bound_names(spec.name), ("first", "last"), strict=True)):
            days = pa.array([None if s is None else s[index] for s in spans], pa.date32())
            columns.append(pc.take(days, positions))
            metadata = {
                b"title": f"{spec.title or spec.name}: {side} day".encode(),
                b"description": (
                    f"The {side} day the partial date in {spec.name} can mean (derived; the "
                    "text keeps the precision the sources give)."
                ).encode(),
                b"officedata:derivedFrom": spec.name.encode(),
            }
            fields.append(pa.field(name, pa.date32(), nullable=True, metadata=metadata))
    return pa.Table.from_arrays(columns, schema=pa.schema(fields, metadata=typed.schema.metadata))
