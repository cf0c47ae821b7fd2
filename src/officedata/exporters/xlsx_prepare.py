"""A table made ready for its sheet, with Arrow kernels only: nothing is written here.

Each column gets its kind of Excel cell from the type registry (`excel_cell`: text, url,
integer, number, boolean, date or list), its cell values as Arrow (lists as their CSV text,
enums as text), its width, and the few cells that the column's one write method cannot take
("special" cells, written one by one): text that is formula-like, shaped like rich text or over
half of Excel's cell limit (cut to fit, with a marker), integers beyond 2^53 and numbers that
are not finite (both as text). Web URLs are not special: a URL column's writer links them.
Tables too long for a sheet are refused here, before any file is opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from officedata.errors import ExportError
from officedata.exporters import xlsx_limits as limits
from officedata.exporters.xlsx_layout import column_width
from officedata.schema.model import Field
from officedata.schema.types import field_type

if TYPE_CHECKING:
    import pyarrow as pa

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_PATTERN = r"^[=+\-@\t\r]"
TEXT_KINDS = frozenset({"text", "list", "url"})


@dataclass(frozen=True)
class SheetSource:
    """One table as the workbook takes it: typed Arrow columns (the type registry's release types) in
    canonical row order, one per field of the schema, in the schema's order."""

    name: str
    table: pa.Table
    fields: Sequence[Field]
    title: str = ""
    description: str = ""
    key: Sequence[str] = ()  # the primary key, to name a cut cell's row
    full_text_in: str = ""  # where a cut cell's whole text is, e.g. "data/offices.csv"


@dataclass(frozen=True)
class CutCell:
    sheet: str
    cell: str  # A1 reference
    field: str
    row_key: str  # e.g. "office_id nl-rotterdam-fuzhou"
    length: int  # characters of the whole text
    hidden: int  # characters not shown


@dataclass
class PreparedColumn:
    """One column, ready to write: `values` as the cells show them, written with the one method
    of its `kind`; the cells at `special_rows` (sorted) are written as text, one by one, with
    `special_values` instead."""

    spec: Field
    kind: str
    values: pa.ChunkedArray
    width: int
    special_rows: list[int] = field(default_factory=list)
    special_values: list[str] = field(default_factory=list)
    web_urls: int = 0


@dataclass
class PreparedSheet:
    source: SheetSource
    columns: list[PreparedColumn]
    cuts: list[CutCell]

    @property
    def web_urls(self) -> int:
        return sum(column.web_urls for column in self.columns)


def cell_values(spec: Field, column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray:
    """What a column's cells show, as Arrow: lists as their CSV text, enums and partial dates
    as text, numbers, booleans and dates as typed (refused if the type does not fit)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.Array):
        column = pa.chunked_array([column])
    kind, arrow = field_type(spec).excel_cell(spec), column.type
    if kind == "list":
        if not (pa.types.is_list(arrow) or pa.types.is_large_list(arrow)):
            return column.cast(pa.string())  # already text
        return pc.binary_join(column.cast(pa.list_(pa.string())), spec.delimiter)
    if kind in TEXT_KINDS:
        return column if arrow == pa.string() else column.cast(pa.string())
    fits = {
        "integer": pa.types.is_integer(arrow) or pa.types.is_floating(arrow),
        "number": pa.types.is_integer(arrow) or pa.types.is_floating(arrow),
        "boolean": pa.types.is_boolean(arrow),
        "date": pa.types.is_date(arrow),
    }
    if not fits.get(kind, False) and not pa.types.is_null(arrow):
        raise ExportError(f"field '{spec.name}' ({kind}) arrived as Arrow {arrow}; this is a bug")
    return column


def _rows_where(mask: pa.ChunkedArray | pa.Array) -> list[int]:
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(mask, pa.ChunkedArray):
        mask = mask.combine_chunks() if mask.num_chunks else pa.array([], pa.bool_())
    return list(pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist())


def _take(values: pa.ChunkedArray, rows: list[int]) -> list[Any]:
    import pyarrow as pa

    if not rows:
        return []
    return list(values.take(pa.array(rows, pa.int64())).to_pylist())


def prepare_column(spec: Field, column: pa.ChunkedArray | pa.Array) -> PreparedColumn:
    """A column's cell values and its special cells, found by Arrow kernels."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = cell_values(spec, column)
    kind = field_type(spec).excel_cell(spec)
    prepared = PreparedColumn(spec, kind, values, width=column_width(spec, values))
    if len(values) == 0 or pa.types.is_null(values.type):
        return prepared
    arrow = values.type
    if pa.types.is_integer(arrow):
        big = pc.greater(pc.abs(values), limits.EXCEL_MAX_INTEGER)
        prepared.special_rows = _rows_where(big)
        prepared.special_values = [str(v) for v in _take(values, prepared.special_rows)]
    elif pa.types.is_floating(arrow):
        prepared.special_rows = _rows_where(pc.invert(pc.is_finite(values)))
        prepared.special_values = [
            "NaN" if v != v else ("INF" if v > 0 else "-INF")
            for v in _take(values, prepared.special_rows)
        ]
    elif kind in TEXT_KINDS:
        lengths = pc.utf8_length(values)
        mask = pc.or_(
            pc.match_substring_regex(values, FORMULA_PATTERN),
            pc.and_(pc.starts_with(values, "<r>"), pc.ends_with(values, "</r>")),
        )
        # A cell over half the limit in code points may be over it in UTF-16 units.
        mask = pc.or_(mask, pc.greater(lengths, limits.EXCEL_MAX_CELL_CHARS // 2))
        prepared.special_rows = _rows_where(mask)
        prepared.special_values = _take(values, prepared.special_rows)
        if kind == "url":
            web = pc.and_(
                pc.or_(*(pc.starts_with(values, scheme) for scheme in limits.WEB_SCHEMES)),
                pc.less_equal(lengths, limits.EXCEL_MAX_URL_CHARS),
            )
            prepared.web_urls = int(pc.sum(web).as_py() or 0)
    return prepared


def prepare_sheet(source: SheetSource) -> PreparedSheet:
    """Every column of a table prepared, its over-long text cut and the cut cells listed."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    limits.check_rows(source.name, source.table.num_rows)
    columns = [prepare_column(spec, source.table.column(spec.name)) for spec in source.fields]
    full_text_in = source.full_text_in or f"the {source.name} CSV file"
    found: list[tuple[int, int, CutCell]] = []
    key_columns = [name for name in source.key if name in source.table.column_names]
    for col, column in enumerate(columns):
        if column.kind not in TEXT_KINDS:
            continue
        for i, (row, value) in enumerate(
            zip(column.special_rows, column.special_values, strict=True)
        ):
            cut, hidden = limits.cut_to_fit(value, full_text_in)
            if not hidden:
                continue
            column.special_values[i] = cut
            key = ", ".join(
                f"{name} {source.table.column(name)[row].as_py()}" for name in key_columns
            )
            cell = CutCell(
                source.name,
                xl_rowcol_to_cell(row + 1, col),
                column.spec.name,
                key or f"row {row + 2}",
                len(value),
                hidden,
            )
            found.append((row, col, cell))
    return PreparedSheet(
        source, columns, [cell for _, _, cell in sorted(found, key=lambda f: f[:2])]
    )
