"""The database is written a block of rows at a time; the file must not depend on the block size."""

from __future__ import annotations

from pathlib import Path

from release_helpers import REPO

from officedata.exporters.sqlite_database import write_database
from officedata.release.staging import validated_tables
from officedata.source import opened_package


def test_block_size_does_not_change_a_byte(tmp_path: Path) -> None:
    with opened_package(REPO) as package:
        _, tables = validated_tables(package)
    assert max(table.num_rows for table in tables.values()) > 7  # so 7 means several blocks
    one_block, small_blocks = tmp_path / "one.db", tmp_path / "small.db"
    write_database(tables, one_block, block_rows=1_000_000)
    write_database(tables, small_blocks, block_rows=7)
    assert one_block.read_bytes() == small_blocks.read_bytes()
