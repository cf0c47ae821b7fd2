"""Write the package as one SQLite database (`officedata.db`), byte-identical across builds.

Tables and link tables follow `sqlite_ddl` (from the schemas); `sqlite_extras` adds the
full-text indexes and the views. Rows are inserted in canonical order (primary key), so rowids
and pages come out the same every time; the journal is a plain rollback journal (no WAL
files), nothing records a time, and a final VACUUM lays the pages out afresh. Foreign keys,
list items included, are checked with `PRAGMA foreign_key_check` before the file is kept: a
dangling reference is an ExportError, never a silently broken database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from officedata.exporters.base import ExportError
from officedata.exporters.sqlite_ddl import Column, TablePlan, plan_table, quote
from officedata.exporters.sqlite_extras import create_full_text_indexes, create_views
from officedata.schema.partial_dates import partial_date_bounds
from officedata.table.table import Table

PAGE_SIZE = 4096


def plan_database(tables: Mapping[str, Table]) -> list[TablePlan]:
    return [plan_table(name, table.schema) for name, table in tables.items()]


def cell_value(column: Column, record: Mapping[str, Any]) -> object:
    """The SQLite value of one column for one row (booleans as 0/1, bounds as ISO dates)."""
    value = record[column.field]
    if value is None:
        return None
    if column.bound is not None:
        bounds = partial_date_bounds(str(value))
        if bounds is None:
            raise ExportError(f"{column.field} {value!r} is not a partial date")
        return bounds[0 if column.bound == "earliest" else 1].isoformat()
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()  # a full date
    return value


def table_rows(plan: TablePlan, records: Sequence[Mapping[str, Any]]) -> Iterator[tuple]:
    for record in records:
        yield tuple(cell_value(column, record) for column in plan.columns)


def link_rows(plan: TablePlan, records: Sequence[Mapping[str, Any]], field: str) -> Iterator[tuple]:
    for record in records:
        key = tuple(record[name] for name in plan.primary_key)
        for position, item in enumerate(record[field] or ()):
            yield (*key, position, item)


def insert(connection: sqlite3.Connection, table: str, width: int, rows: Iterator[tuple]) -> None:
    placeholders = ", ".join("?" * width)
    connection.executemany(f"INSERT INTO {quote(table)} VALUES ({placeholders})", rows)


BLOCK_ROWS = 16_384


def record_blocks(table: Table, block_rows: int) -> Iterator[list[dict[str, Any]]]:
    """The table's rows as dicts (`Table.records`' values), a block at a time: a dict per row
    for a whole table was the database export's largest copy (+107 MB at 1e5 offices)."""
    for batch in table.typed.to_batches(max_chunksize=block_rows):
        yield batch.to_pylist()


def write_database(
    tables: Mapping[str, Table], path: Path, block_rows: int = BLOCK_ROWS
) -> list[str]:
    """Write every table into a new SQLite file at path (which must not exist yet); return the
    names of the views created."""
    if path.exists():
        raise ExportError(f"{path} exists already; the database is written into a fresh folder")
    plans = plan_database(tables)
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("BEGIN")
        for plan in plans:
            connection.execute(plan.create_statement())
            for link in plan.links:
                connection.execute(link.create_statement())
        for plan in plans:
            # Each table's rows keep their order, so the file is the same at any block size.
            for records in record_blocks(tables[plan.name], block_rows):
                insert(connection, plan.name, len(plan.columns), table_rows(plan, records))
                for link in plan.links:
                    rows = link_rows(plan, records, link.field)
                    insert(connection, link.name, len(link.columns), rows)
        create_full_text_indexes(connection, plans)
        views = create_views(connection, plans)
        connection.execute("COMMIT")
        dangling = connection.execute("PRAGMA foreign_key_check").fetchall()
        if dangling:
            table, rowid, target, _ = dangling[0]
            raise ExportError(
                f"{len(dangling)} dangling references in the database, e.g. row {rowid} of "
                f"{table} → {target}"
            )
        connection.execute("VACUUM")
    return views
