"""What every cross-table rule shares: the tables it reads and how it names a failing cell."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from officedata.failures import Failure, Severity, preview
from officedata.schema.json_text import JsonText
from officedata.schema.model import DESCRIPTOR_NAME, Package
from officedata.table.table import Table, is_missing

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa


@dataclass
class Context:
    """The package, its typed tables (only those whose structure could be read), and today."""

    package: Package
    tables: dict[str, Table]
    today: date

    def has(self, *names: str) -> bool:
        return all(name in self.tables for name in names)

    def json_text(self, file: str) -> JsonText | None:
        """The text of one of the package's JSON files, to locate members in; None when it
        cannot be read (the descriptor reader has reported why)."""
        try:
            return JsonText((self.package.root / file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return None

    def schema_file(self, table: str) -> str:
        """The file a resource's schema is written in (its own file, or the descriptor)."""
        resource = self.package.resource(table)
        return resource.schema_path or self.package.descriptor_file or DESCRIPTOR_NAME


def cell_failure(
    table: Table,
    row: int,
    field: str,
    rule: str,
    message: str,
    severity: Severity = "error",
) -> Failure:
    """A failure located at one cell: file, editor line, column number, field and value."""
    value = table.value_at(row, field)
    return Failure(
        file=table.file,
        line=table.line_of(row),
        column=table.column_number(field),
        rule=rule,
        message=message,
        field=field,
        value=None if is_missing(value) else str(value),
        severity=severity,
    )


def present_rows(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """The rows of a column that hold a value."""
    import numpy as np
    import pyarrow.compute as pc

    return np.flatnonzero(flags(pc.is_valid(column)))


def flags(values: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """A boolean Arrow column as numpy, null counting as False (without importing pandas)."""
    from officedata.table.arrow_numpy import mask

    return mask(values)


def where(column: pa.ChunkedArray | pa.Array, keep: np.ndarray) -> pa.ChunkedArray | pa.Array:
    """The values of a column where a numpy mask is true."""
    from officedata.table.arrow_numpy import bool_array

    return column.filter(bool_array(keep))


def at_rows(column: pa.ChunkedArray | pa.Array, rows: np.ndarray) -> pa.ChunkedArray | pa.Array:
    """The values of a column at numpy row numbers."""
    from officedata.table.arrow_numpy import index_array

    return column.take(index_array(rows))


def first_of_each(keys: pa.ChunkedArray, values: pa.ChunkedArray) -> tuple[pa.Array, pa.Array]:
    """(distinct present keys, the value at each key's first row): a lookup table in Arrow."""
    import pyarrow.compute as pc

    keys, values = keys.combine_chunks(), values.combine_chunks()
    present = pc.is_valid(keys)
    keys, values = keys.filter(present), values.filter(present)
    distinct = pc.unique(keys)
    first = pc.index_in(distinct, value_set=keys)  # index_in finds a value's first position
    return distinct, values.take(first)


def look_up(
    keys: pa.Array | pa.ChunkedArray, table_keys: pa.Array, table_values: pa.Array
) -> pa.Array:
    """table_values at each key's position in table_keys (null where absent); keys distinct."""
    import pyarrow.compute as pc

    positions = pc.index_in(keys, value_set=table_keys)
    return table_values.take(positions)


def quoted(value: object) -> str:
    return preview(value)
