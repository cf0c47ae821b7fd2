"""The SQLite database (`officedata.db`) and its Datasette metadata (`metadata.json`).

A thin adapter: the layout is `sqlite_ddl` and `sqlite_extras`, the writing `sqlite_database`,
the metadata `datasette_metadata`; all of them read `PublishedTable`s, not the build's types.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from officedata.exporters.base import Exporter, OrderedTable
from officedata.exporters.published_tables import (
    PublishedTable,
    package_descriptor,
    published_tables,
)
from officedata.package import Package

DATABASE_FILE = "officedata.db"
METADATA_FILE = "metadata.json"


def write_database_and_metadata(
    descriptor: Mapping[str, Any], tables: Mapping[str, PublishedTable], out_dir: Path
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
    file_name = DATABASE_FILE  # and metadata.json beside it
    media_type = "application/vnd.sqlite3"
    title = "SQLite database with full-text search and views, and its Datasette metadata"

    def write(
        self, package: Package, tables: Mapping[str, OrderedTable], out_dir: Path
    ) -> list[Path]:
        return write_database_and_metadata(
            package_descriptor(package, tables), published_tables(package, tables), out_dir
        )
