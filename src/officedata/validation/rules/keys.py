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
from officedata.schema.model import Field
from officedata.table.table import Table
from officedata.validation.registry import rule
from officedata.validation.rules.base import Context, cell_failure, quoted

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


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
            known = context.tables[target_name].frame[target_field].dropna()
            where = f"{target_name}.{target_field}"
            column = table.frame[field]
            if fk.each_item:
                items = _items(table, resource.schema.field(field))
                items = items[items.notna() & (items != "")]
            else:
                items = column.dropna()
            for row, value in items[~_isin(items, known)].items():
                yield cell_failure(
                    table, row, field, "foreign-key", f"{quoted(value)} is not a known {where}"
                )


def _items(table: Table, spec: Field) -> pd.Series:
    """Every item of a list field, indexed by its row, in row and item order (from the typed
    Arrow lists: the text is split once, when the table is typed)."""
    import pandas as pd
    import pyarrow.compute as pc

    lists = table.values.column(spec.name).combine_chunks()
    rows = pc.list_parent_indices(lists).to_numpy()
    return pd.Series(
        pc.list_flatten(lists),
        index=table.frame.index[rows],
        dtype=pd.ArrowDtype(lists.type.value_type),
    )


def _isin(values: pd.Series, known: object) -> np.ndarray:
    """values.isin(known) as a boolean array; pyarrow's is_in is ~50x faster than pandas' here."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        found = pc.is_in(pa.array(values), value_set=pa.array(known))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return values.isin(known).to_numpy(dtype=bool)
    return found.to_numpy(zero_copy_only=False)
