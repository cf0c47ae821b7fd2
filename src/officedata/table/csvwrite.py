"""The one canonical CSV writer, used by `fmt`, the CSV exporter and the geocoder.

Canonical form: UTF-8 without BOM; LF line endings; the header in the schema's field order;
rows in primary-key order (plain code-point order, stable, empty keys first); booleans in the
schema's canonical spelling (the first of the field's trueValues/falseValues); cells quoted
only when they must be, exactly as Python's csv writer does with QUOTE_MINIMAL (a cell is
quoted, its quotes doubled, when it holds a comma, a quote or a line break; an empty cell is
empty, except the only cell of a row, written ""); no blank lines.

Python's csv writer takes tens of seconds over a million rows, so the rows are rendered with
Arrow string kernels, in blocks on all cores; a property test compares the bytes with Python's
csv module on arbitrary text, so the two cannot drift apart. Every other value is the CSV text
as read, untouched: no re-typing, no float reprinting.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from officedata.parallel import rendered_in_order
from officedata.schema.model import Field, TableSchema

if TYPE_CHECKING:
    import pyarrow as pa

ROWS_PER_BLOCK = 1 << 16
# Python's csv module quotes a field holding the delimiter, the quote character or a character
# of the line terminator; newer Pythons also quote \r. Validated files hold no \r at all.
_NEEDS_QUOTES = '[,"\n\r]'
# Spellings `fmt` reads as a boolean whatever the schema says (besides the field's own
# trueValues/falseValues), ignoring case: what spreadsheets write (TRUE, FALSE).
_USUAL_TRUE = ("true",)
_USUAL_FALSE = ("false",)


def write_canonical(stream: BinaryIO, text: pa.Table, schema: TableSchema) -> None:
    """The table (text columns, null where empty, any column order) in canonical form."""
    stream.write(header_line(schema.field_names))
    table = canonical_cells(in_key_order(text, list(schema.primary_key)), schema)
    for block in rendered_in_order(list(_blocks(table)), render_rows):
        stream.write(block)


def canonical_bytes(text: pa.Table, schema: TableSchema) -> bytes:
    """`write_canonical` into memory."""
    stream = io.BytesIO()
    write_canonical(stream, text, schema)
    return stream.getvalue()


def canonical_cells(text: pa.Table, schema: TableSchema) -> pa.Table:
    """The schema's columns, in its order, with boolean cells in their canonical spelling."""
    import pyarrow as pa

    columns = [
        canonical_booleans(text.column(spec.name), spec)
        if spec.type == "boolean"
        else text.column(spec.name)
        for spec in schema.fields
    ]
    return pa.table(columns, names=schema.field_names)


def boolean_spellings(spec: Field) -> tuple[frozenset[str], frozenset[str]]:
    """The lower-cased spellings read as true and as false; one read as both is in neither."""
    true = {value.lower() for value in (*spec.true_values, *_USUAL_TRUE)}
    false = {value.lower() for value in (*spec.false_values, *_USUAL_FALSE)}
    both = true & false
    return frozenset(true - both), frozenset(false - both)


def canonical_booleans(column: pa.ChunkedArray, spec: Field) -> pa.ChunkedArray:
    """Each cell that spells a boolean (ignoring case) as the schema's canonical spelling.

    Any other cell is left as it is, for `validate` to report.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    true, false = boolean_spellings(spec)
    canonical_true = spec.true_values[0] if spec.true_values else "true"
    canonical_false = spec.false_values[0] if spec.false_values else "false"
    column = column.cast(pa.string())
    lowered = pc.utf8_lower(column)
    is_true = pc.is_in(lowered, value_set=pa.array(sorted(true), pa.string()))
    is_false = pc.is_in(lowered, value_set=pa.array(sorted(false), pa.string()))
    spelled = pc.if_else(is_false, canonical_false, column)
    return pc.if_else(is_true, canonical_true, spelled)


def in_key_order(text: pa.Table, key: list[str]) -> pa.Table:
    """The rows sorted by the primary key: code-point order, stable, empty (null) keys first."""
    order = key_order(text, key)
    return text if order is None else text.take(order)


def key_order(text: pa.Table, key: list[str]) -> pa.Array | None:
    """The row order that sorts the table by its primary key, or None when it is in order."""
    import pyarrow.compute as pc

    if not key or text.num_rows < 2 or _ascending(text, key):
        return None
    return pc.sort_indices(text, sort_keys=[(name, "ascending", "at_start") for name in key])


def _ascending(text: pa.Table, key: list[str]) -> bool:
    """True when the rows already ascend strictly by a one-field key, as canonical files do.

    One vectorised comparison of each row with the next instead of a sort.
    """
    import pyarrow.compute as pc

    if len(key) != 1:
        return False
    column = text.column(key[0])
    if column.null_count:
        return False
    ascending = pc.less(column.slice(0, len(column) - 1), column.slice(1))
    return bool(pc.all(ascending).as_py())


def cell_texts(values: pa.Array) -> pa.Array:
    """Each cell as canonical CSV text ("" for null)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    strings = values.cast(pa.string())
    needs_quotes = pc.fill_null(pc.match_substring_regex(strings, _NEEDS_QUOTES), False)
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(strings, '"', '""'), '"', "")
    return pc.fill_null(pc.if_else(needs_quotes, quoted, strings), "")


def render_rows(text: pa.Table) -> memoryview:
    """These rows, cells as they are, as canonical CSV lines (each ending in LF), zero-copy."""
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


def header_line(names: list[str]) -> bytes:
    """The header row in canonical form."""
    import pyarrow as pa

    return bytes(render_rows(pa.table({f"c{i}": [name] for i, name in enumerate(names)})))


def _array(column: pa.ChunkedArray) -> pa.Array:
    return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)


def _blocks(table: pa.Table) -> Iterator[pa.Table]:
    for start in range(0, table.num_rows, ROWS_PER_BLOCK):
        yield table.slice(start, ROWS_PER_BLOCK)
