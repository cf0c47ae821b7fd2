"""What every cross-table rule shares: the tables it reads and how it names a failing cell."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from officedata.failures import Failure, Severity, preview
from officedata.schema.model import DESCRIPTOR_NAME, Package
from officedata.table.table import Table, is_missing

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Context:
    """The package, its typed tables (only those whose structure could be read), and today."""

    package: Package
    tables: dict[str, Table]
    today: date

    def has(self, *names: str) -> bool:
        return all(name in self.tables for name in names)

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
    value = table.frame.at[row, field]
    shown = None if is_missing(value) else str(value)
    return Failure(
        file=table.file,
        line=table.line_of(row),
        column=table.column_number(field),
        rule=rule,
        message=message,
        field=field,
        value=shown,
        severity=severity,
    )


def map_keys(keys: pd.Series, table: pd.Series) -> pd.Series:
    """table[key] for each key (NA where absent), like keys.map(table) but hashed in Arrow.

    `table`'s index must be unique.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        positions = pc.index_in(pa.array(keys), value_set=pa.array(table.index))
        values = pa.array(table).take(positions)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return keys.map(table)
    return pd.Series(values, index=keys.index, dtype=pd.ArrowDtype(values.type))


def quoted(value: object) -> str:
    return preview(value)
