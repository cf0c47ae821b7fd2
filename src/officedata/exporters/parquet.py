"""One Parquet file per table (`parquet/<table>.parquet`), typed from the Table Schemas.

Types follow `arrow_types` (enums dictionary-encoded; partial dates stay strings marked
`officedata:partialDate` in the field metadata — a sibling precision column would make the
Parquet columns differ from the CSV's, and the precision is just the text's length). Field
titles, descriptions and constraints travel as Arrow field metadata; the resource descriptor
(schema inlined) and the package's name and version as the file's key-value metadata.
Compression is zstd; the writer settings are fixed so the bytes depend only on the data and the
pyarrow version (its `created_by` string names the version, never a time).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from officedata.exporters.base import Exporter, Output, resource_descriptor
from officedata.schema.model import Package
from officedata.table.table import Table

COMPRESSION = "zstd"
COMPRESSION_LEVEL = 9
ROW_GROUP_SIZE = 1 << 20


def package_summary(package: Package) -> dict[str, object]:
    keys = ("name", "title", "version", "created", "licenses")
    return {key: package.descriptor[key] for key in keys if key in package.descriptor}


class ParquetExporter(Exporter):
    name = "parquet"
    title = "Parquet (typed columns, one file per table)"
    outputs = (
        Output("parquet/{table}.parquet", "application/vnd.apache.parquet", "The table, typed"),
    )

    def write(
        self, package: Package, tables: Mapping[str, Table], out_dir: Path
    ) -> list[Path]:
        import pyarrow.parquet as pq

        written = []
        for name, table in tables.items():
            metadata = dict(table.typed.schema.metadata or {})
            metadata[b"officedata:resource"] = _json(resource_descriptor(package, table.resource))
            metadata[b"officedata:package"] = _json(package_summary(package))
            typed = table.typed.replace_schema_metadata(metadata)
            path = out_dir / self.outputs[0].path.format(table=name)
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(
                typed,
                path,
                compression=COMPRESSION,
                compression_level=COMPRESSION_LEVEL,
                row_group_size=ROW_GROUP_SIZE,
                use_dictionary=True,
                write_statistics=True,
                version="2.6",
            )
            written.append(path)
        return written


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
