"""Rule: every foreign key resolves, in plain fields and in list fields such as `sources`.

- A non-empty value of a foreign-key field must exist in the referenced table's key field
  (offices.country → countries.iso2, responses.office_id → offices.office_id, ...).
- Every item of a list field declared in `officedata:listForeignKeys` must exist likewise
  (each report id in `sources` must be a reports.report_id).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from officedata.failures import Failure
from officedata.table.arrow_numpy import integers, string_array
from officedata.table.table import Table
from officedata.validation.registry import rule
from officedata.validation.rules.base import Context, cell_failure, flags, quoted, where

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa


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
            # The whole column, not its unique values: is_in hashes it once either way.
            known = context.tables[target_name].column(target_field).drop_null()
            target = f"{target_name}.{target_field}"
            rows, values = _items(table, field) if fk.each_item else _present(table, field)
            unknown = ~_isin(values, known)
            for row, value in zip(
                rows[unknown].tolist(), where(values, unknown).to_pylist(), strict=True
            ):
                yield cell_failure(
                    table, row, field, "foreign-key", f"{quoted(value)} is not a known {target}"
                )


def _present(table: Table, field: str) -> tuple[np.ndarray, pa.Array]:
    """(row, value) of every non-empty cell of a field, in row order."""
    import numpy as np
    import pyarrow.compute as pc

    column = table.column(field).combine_chunks()
    present = pc.is_valid(column)
    return np.flatnonzero(flags(present)), column.filter(present)


def _items(table: Table, field: str) -> tuple[np.ndarray, pa.Array]:
    """(row, item) of every non-empty item of a list field, in row and item order (from the
    typed Arrow lists: the text is split once, when the table is typed)."""
    import pyarrow.compute as pc

    lists = table.column(field).combine_chunks()
    rows = integers(pc.list_parent_indices(lists))
    items = pc.list_flatten(lists)
    keep = pc.and_(pc.is_valid(items), pc.not_equal(items.cast("string"), string_array([""])[0]))
    return rows[flags(keep)], items.filter(keep)


def _isin(values: pa.Array, known: pa.ChunkedArray) -> np.ndarray:
    """Which values are among the known keys (Arrow hashes the keys once)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        return flags(pc.is_in(values, value_set=known))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return np.zeros(len(values), dtype=bool)  # keys of another kind: none can match
