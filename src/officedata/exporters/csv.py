"""Canonical CSVs of every table (`data/<table>.csv`), byte for byte what `officedata fmt` writes.

Canonical form is defined in `officedata.table.fmt` (Python's csv writer, QUOTE_MINIMAL, LF, rows in
primary-key order). Running that writer over a million rows takes tens of seconds, so this
module produces the same bytes with Arrow string kernels: a cell is quoted (its quotes doubled)
exactly when it holds a comma, a quote or a line break, an empty cell is empty. Tests compare
both writers on tricky values, so they cannot drift apart. Values are the validated CSV text,
untouched: no re-typing, no float reprinting.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from officedata.exporters.base import Exporter, Output, rendered_in_order
from officedata.schema.model import Package
from officedata.table.table import Table

if TYPE_CHECKING:
    import pyarrow as pa

ROWS_PER_BLOCK = 1 << 16
# Python's csv module quotes a field holding the delimiter, the quote character or a character
# of the line terminator; newer Pythons also quote \r. Validated files hold no \r at all.
_NEEDS_QUOTES = '[,"\n\r]'


def cell_texts(values: pa.Array) -> pa.Array:
    """Each cell as canonical CSV text ("" for null)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    strings = values.cast(pa.string())
    needs_quotes = pc.fill_null(pc.match_substring_regex(strings, _NEEDS_QUOTES), False)
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(strings, '"', '""'), '"', "")
    return pc.fill_null(pc.if_else(needs_quotes, quoted, strings), "")


def render_rows(text: pa.Table) -> memoryview:
    """These rows as canonical CSV lines (each ending in LF), as a zero-copy view."""
    import pyarrow.compute as pc

    if text.num_rows == 0:
        return memoryview(b"")
    cells = [cell_texts(_array(text.column(name))) for name in text.column_names]
    if len(cells) == 1:
        # The csv module writes a row whose only field is empty as "" (else it is a blank line).
        cells[0] = pc.if_else(pc.equal(cells[0], ""), '""', cells[0])
    pieces: list[object] = []
    for index, column in enumerate(cells):
        pieces.extend([column] if index == 0 else [",", column])
    pieces.append("\n")
    lines = pc.binary_join_element_wise(*pieces, "")
    _, offsets, data = lines.buffers()
    bounds = memoryview(offsets).cast("i")
    return memoryview(data)[bounds[lines.offset] : bounds[lines.offset + len(lines)]]


def _array(column: pa.ChunkedArray) -> pa.Array:
    return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)


def header_line(names: list[str]) -> bytes:
    import pyarrow as pa

    return bytes(render_rows(pa.table({f"c{i}": [name] for i, name in enumerate(names)})))


def _blocks(table: pa.Table) -> Iterator[pa.Table]:
    for start in range(0, table.num_rows, ROWS_PER_BLOCK):
        yield table.slice(start, ROWS_PER_BLOCK)


def write_csv(table: Table, stream: BinaryIO) -> None:
    """The table in canonical form; blocks render on all cores and are written in order."""
    names = table.resource.schema.field_names
    stream.write(header_line(names))
    for block in rendered_in_order(list(_blocks(table.text.select(names))), render_rows):
        stream.write(block)


class CsvExporter(Exporter):
    name = "csv"
    title = "CSV (canonical form, one file per table)"
    outputs = (Output("data/{table}.csv", "text/csv", "The table as canonical CSV", table_data=True),)

    def write(
        self, package: Package, tables: Mapping[str, Table], out_dir: Path
    ) -> list[Path]:
        written = []
        for name, table in tables.items():
            path = out_dir / self.outputs[0].path.format(table=name)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as stream:
                write_csv(table, stream)
            written.append(path)
        return written
