"""Canonical CSVs of every table (`data/<table>.csv`), byte for byte what `officedata fmt` writes.

Both go through the one canonical writer, `officedata.csvwrite`. Values are the validated CSV
text, untouched (booleans in the schema's canonical spelling): no re-typing, no float reprinting.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from officedata.csvwrite import write_canonical
from officedata.exporters.base import Exporter, OrderedTable
from officedata.package import Package


def write_csv(table: OrderedTable, stream: BinaryIO) -> None:
    """The table in canonical form."""
    write_canonical(stream, table.text, table.resource.schema)


class CsvExporter(Exporter):
    name = "csv"
    file_name = "data/{table}.csv"
    media_type = "text/csv"
    title = "CSV (canonical form, one file per table)"

    def write(
        self, package: Package, tables: Mapping[str, OrderedTable], out_dir: Path
    ) -> list[Path]:
        written = []
        for name, table in tables.items():
            path = out_dir / self.file_name.format(table=name)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as stream:
                write_csv(table, stream)
            written.append(path)
        return written
