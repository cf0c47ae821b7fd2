"""Canonical CSVs of every table (`data/<table>.csv`), exactly as `officedata fmt` writes them.

The bytes come from `officedata.fmt.canonical_csv`, so a release CSV and a formatted source CSV
never differ. Values are the validated CSV text, untouched: no re-typing, no float reprinting.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from officedata.exporters.base import Exporter, OrderedTable
from officedata.package import Package


def csv_bytes(table: OrderedTable) -> bytes:
    from officedata.fmt import canonical_csv

    names = table.resource.schema.field_names
    columns = [
        ["" if value is None else value for value in table.text.column(name).to_pylist()]
        for name in names
    ]
    rows = [list(row) for row in zip(*columns, strict=True)]
    return canonical_csv(names, rows, table.resource)


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
            path.write_bytes(csv_bytes(table))
            written.append(path)
        return written
