"""Rule: every foreign key resolves, in plain fields and in list fields such as `sources`.

- A non-empty value of a foreign-key field must exist in the referenced table's key field
  (offices.country → countries.iso2, responses.office_id → offices.office_id, ...).
- Every item of a list field declared in `officedata:listForeignKeys` must exist likewise
  (each report id in `sources` must be a reports.report_id).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from officedata.failures import Failure
from officedata.table.table import Table
from officedata.validation.registry import rule
from officedata.validation.rules.base import Context, cell_failure, flags, quoted

if TYPE_CHECKING:
    import polars as pl


@rule("foreign-keys")
def check_foreign_keys(context: Context) -> Iterator[Failure]:
    """Every value of a foreign-key field, and every item of a list field declared in
    `officedata:listForeignKeys`, is a key of the table it references."""
    for resource in context.package.resources:
        if resource.name not in context.tables:
            continue
        table = context.tables[resource.name]
        for fk in resource.schema.foreign_keys:
            target_name = fk.reference_resource or resource.name
            if target_name not in context.tables or len(fk.fields) != 1:
                continue  # the target could not be read; its own failures say why
            field, target_field = fk.fields[0], fk.reference_fields[0]
            target = f"{target_name}.{target_field}"
            known = context.tables[target_name].polars_column(target_field)
            for row, value in _unknown(table, field, known, each_item=fk.each_item):
                yield cell_failure(
                    table, row, field, "foreign-key", f"{quoted(value)} is not a known {target}"
                )


def _unknown(
    table: Table, field: str, known: pl.Series, *, each_item: bool
) -> list[tuple[int, Any]]:
    """(row, value) of every non-empty value (or list item) of a field that is not among the
    known keys, in row and item order. An anti-join in polars: it hashes the keys once, on
    every core, several times faster than Arrow's single-threaded is_in."""
    import polars as pl

    cells = pl.DataFrame([table.polars_column(field).alias("value")]).with_row_index("row")
    if each_item:
        cells = cells.explode("value")  # the text was split once, when the table was typed
    present = pl.col("value").is_not_null()
    if cells.schema["value"] == pl.String:
        present = present & (pl.col("value") != "")
    cells = cells.filter(present)
    if cells.schema["value"] != known.dtype:
        return _unknown_by_arrow(cells, known)
    keys = pl.DataFrame([known.alias("value")]).drop_nulls()
    return _pairs(cells.join(keys, on="value", how="anti", maintain_order="left"))


def _unknown_by_arrow(cells: pl.DataFrame, known: pl.Series) -> list[tuple[int, Any]]:
    """Keys of another type than the values: Arrow's is_in decides what may still match (it
    casts where it can); keys it cannot compare match nothing."""
    import numpy as np
    import polars as pl
    import pyarrow as pa
    import pyarrow.compute as pc

    values = cells.get_column("value").to_arrow()
    try:
        found = flags(pc.is_in(values, value_set=known.drop_nulls().to_arrow()))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        found = np.zeros(len(values), dtype=bool)
    return _pairs(cells.filter(pl.Series(~found)))


def _pairs(cells: pl.DataFrame) -> list[tuple[int, Any]]:
    rows, values = cells.get_column("row").to_list(), cells.get_column("value").to_list()
    return list(zip(rows, values, strict=True))
