"""The SQLite database (`officedata.db`) and its Datasette metadata (`metadata.json`).

A thin adapter: the layout is `sqlite_ddl` and `sqlite_extras`, the writing `sqlite_database`,
the metadata `datasette_metadata`; all of them read `Table`s, not the build's types.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from officedata.exporters.base import Exporter, Output
from officedata.exporters.published_tables import package_descriptor
from officedata.schema.model import Package
from officedata.table.table import Table

DATABASE_FILE = "officedata.db"
METADATA_FILE = "metadata.json"


def write_database_and_metadata(
    descriptor: Mapping[str, Any], tables: Mapping[str, Table], out_dir: Path
) -> list[Path]:
    from officedata.exporters.datasette_metadata import datasette_metadata
    from officedata.exporters.sqlite_database import plan_database, write_database

    database = out_dir / DATABASE_FILE
    database.parent.mkdir(parents=True, exist_ok=True)
    views = write_database(tables, database)
    metadata = datasette_metadata(
        descriptor, tables, plan_database(tables), views, database=Path(DATABASE_FILE).stem
    )
    metadata_path = out_dir / METADATA_FILE
    metadata_path.write_text(
        json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return [database, metadata_path]


class DatabaseExporter(Exporter):
    name = "database"
    outputs = (
        Output(DATABASE_FILE, "application/vnd.sqlite3", "Every table in one SQLite database"),
        Output("metadata.json", "application/json", "Datasette metadata for the database"),
    )
    title = "SQLite database with full-text search and views, and its Datasette metadata"

    def write(self, package: Package, tables: Mapping[str, Table], out_dir: Path) -> list[Path]:
        return write_database_and_metadata(
            package_descriptor(package, tables), dict(tables), out_dir
        )
