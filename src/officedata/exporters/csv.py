"""Canonical CSVs of every table (`data/<table>.csv`), byte for byte what `officedata fmt` writes.

Both go through the one canonical writer, `officedata.table.csvwrite`. Values are the validated
CSV text, untouched (booleans in the schema's canonical spelling): no re-typing, no float
reprinting.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from officedata.exporters.base import Exporter, Output
from officedata.schema.model import Package
from officedata.table.csvwrite import write_canonical
from officedata.table.table import Table


def write_csv(table: Table, stream: BinaryIO) -> None:
    """The table in canonical form."""
    write_canonical(stream, table.text, table.schema)


class CsvExporter(Exporter):
    name = "csv"
    title = "CSV (canonical form, one file per table)"
    outputs = (
        Output("data/{table}.csv", "text/csv", "The table as canonical CSV", table_data=True),
    )

    def write(self, package: Package, tables: Mapping[str, Table], out_dir: Path) -> list[Path]:
        written = []
        for name, table in tables.items():
            path = out_dir / self.outputs[0].path.format(table=name)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as stream:
                write_csv(table, stream)
            written.append(path)
        return written
