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
from collections.abc import Iterator, Mapping
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from officedata.exporters.base import ExportError
from officedata.exporters.sqlite_ddl import Column, TablePlan, plan_table, quote
from officedata.exporters.sqlite_extras import create_full_text_indexes, create_views
from officedata.schema.partial_dates import partial_date_bounds
from officedata.table.table import Table

if TYPE_CHECKING:
    import pyarrow as pa

PAGE_SIZE = 4096


def plan_database(tables: Mapping[str, Table]) -> list[TablePlan]:
    return [plan_table(name, table.schema) for name, table in tables.items()]


def column_values(column: Column, batch: pa.RecordBatch) -> list[object]:
    """The SQLite values of one column for a block of rows (booleans as 0/1, full dates and
    bounds as ISO dates), converted a column at a time."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = batch.column(column.field)
    if column.bound is not None:
        return _bounds(column, values.to_pylist())
    if pa.types.is_boolean(values.type):
        return pc.cast(values, pa.int64()).to_pylist()
    if pa.types.is_date(values.type):
        return pc.cast(values, pa.string()).to_pylist()  # YYYY-MM-DD, as date.isoformat()
    return values.to_pylist()


def _bounds(column: Column, texts: list[Any]) -> list[object]:
    """A partial date's first or last day, each distinct text worked out once."""
    side = 0 if column.bound == "earliest" else 1
    known: dict[str, str] = {}
    shown: list[object] = []
    for text in texts:
        if text is None:
            shown.append(None)
            continue
        if text not in known:
            bounds = partial_date_bounds(str(text))
            if bounds is None:
                raise ExportError(f"{column.field} {text!r} is not a partial date")
            known[text] = bounds[side].isoformat()
        shown.append(known[text])
    return shown


def table_rows(plan: TablePlan, batch: pa.RecordBatch) -> Iterator[tuple]:
    return zip(*(column_values(column, batch) for column in plan.columns), strict=True)


def link_rows(plan: TablePlan, batch: pa.RecordBatch, field: str) -> Iterator[tuple]:
    keys = zip(*(batch.column(name).to_pylist() for name in plan.primary_key), strict=True)
    for key, items in zip(keys, batch.column(field).to_pylist(), strict=True):
        for position, item in enumerate(items or ()):
            yield (*key, position, item)


def insert(connection: sqlite3.Connection, table: str, width: int, rows: Iterator[tuple]) -> None:
    placeholders = ", ".join("?" * width)
    connection.executemany(f"INSERT INTO {quote(table)} VALUES ({placeholders})", rows)


BLOCK_ROWS = 16_384


def record_blocks(table: Table, block_rows: int) -> Iterator[pa.RecordBatch]:
    """The table's rows as it is released (`Table.typed`), a block at a time: a Python value
    per cell for a whole table was the database export's largest copy (+107 MB at 1e5)."""
    yield from table.typed.to_batches(max_chunksize=block_rows)


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
            for batch in record_blocks(tables[plan.name], block_rows):
                insert(connection, plan.name, len(plan.columns), table_rows(plan, batch))
                for link in plan.links:
                    rows = link_rows(plan, batch, link.field)
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
