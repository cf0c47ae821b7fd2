"""Writing cells, through XlsxWriter's public worksheet methods only.

Each data column is written by one bound method chosen once from its kind of Excel cell (the
type registry's `excel_cell`): `write_string` for text and lists, `write_number` for integers
and numbers, `write_boolean` for booleans (TRUE/FALSE), `write_datetime` for full dates (in the
workbook's date format), and for URL fields a writer that makes each http(s) URL a hyperlink
until the sheet's 65,530 links are used up, then writes text. Calling the method directly skips
`write`'s per-cell type checks and pattern matching.

Text is never a formula or rich text: the workbook's `strings_to_*` options are off, and a text
cell beginning with = + - @ tab or CR also gets Excel's quote-prefix style, so even editing it in
Excel does not evaluate it. Text shaped like "<r>…</r>", which XlsxWriter would copy into the
sheet as rich-text XML, is written as three plain runs. Those cells are the prepared columns'
special cells (`xlsx_prepare`), written after the row's other cells.

Rows go out in order, a block of rows at a time (Arrow's `to_pylist` per column), as the
workbook's `constant_memory` mode needs.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from officedata.errors import ExportError
from officedata.exporters import xlsx_limits as limits
from officedata.exporters.xlsx_layout import STYLES, print_setup, set_widths
from officedata.exporters.xlsx_prepare import FORMULA_TRIGGERS, PreparedColumn, PreparedSheet

ROWS_PER_BLOCK = 1 << 14

CellWriter = Callable[[int, int, Any], int]  # (row, col, value) -> XlsxWriter's status


class TextCells:
    """Writes text cells: quote-prefixed when formula-like, never a formula or rich text.

    Every format is made once, with its quote-prefixed twin."""

    def __init__(self, workbook: Any):
        self.formats: dict[tuple[str, bool], Any] = {}
        for name, spec in STYLES.items():
            self.formats[name, False] = workbook.add_format(spec) if spec else None
            self.formats[name, True] = workbook.add_format({**spec, "quote_prefix": True})

    def write(self, sheet: Any, row: int, col: int, value: str, style: str = "plain") -> None:
        if not value:
            return
        cell_format = self.formats[style, value.startswith(FORMULA_TRIGGERS)]
        if value.startswith("<r>") and value.endswith("</r>"):
            # XlsxWriter's constant_memory mode copies such text into the sheet as rich-text XML;
            # written as plain runs it stays exactly this text.
            runs = [value[:1], value[1:2], value[2:]]
            status = sheet.write_rich_string(row, col, *runs, *[f for f in [cell_format] if f])
        else:
            status = sheet.write_string(row, col, value, cell_format)
        if status:
            raise ExportError(f"sheet '{sheet.name}': XlsxWriter refused cell ({row}, {col})")


class LinkWriter:
    """A URL column's writer: http(s) URLs become hyperlinks (showing the URL) while the sheet
    has links left; other URLs, and all URLs after the limit, are plain text. One per sheet, so
    every URL column of the sheet shares the limit."""

    def __init__(self, sheet: Any):
        self.write_url, self.write_string = sheet.write_url, sheet.write_string
        self.left = limits.EXCEL_MAX_LINKS_PER_SHEET

    def __call__(self, row: int, col: int, url: str) -> int:
        if (
            self.left > 0
            and limits.is_web_url(url)
            and self.write_url(row, col, url, None, url) == 0
        ):
            self.left -= 1
            return 0
        return int(self.write_string(row, col, url))


def column_writer(sheet: Any, kind: str, links: LinkWriter) -> CellWriter:
    """The worksheet method that writes a (non-null, non-special) cell of this kind."""
    writers: dict[str, CellWriter] = {
        "text": sheet.write_string,
        "list": sheet.write_string,
        "url": links,
        "integer": sheet.write_number,
        "number": sheet.write_number,
        "boolean": sheet.write_boolean,
        "date": sheet.write_datetime,  # in the workbook's default date format
    }
    if kind not in writers:
        raise ExportError(f"no Excel cell writer for the kind '{kind}'")
    return writers[kind]


def write_header(sheet: Any, text: TextCells, names: list[str]) -> None:
    for col, name in enumerate(names):
        text.write(sheet, 0, col, name, "header")


def _block(
    columns: list[PreparedColumn], start: int, stop: int
) -> tuple[list[list[Any]], dict[int, list[tuple[int, str]]]]:
    """Rows start..stop as one Python list per column, special cells blanked and returned apart
    (row → [(col, text)])."""
    block: list[list[Any]] = []
    specials: dict[int, list[tuple[int, str]]] = {}
    for col, column in enumerate(columns):
        values = column.values.slice(start, stop - start).to_pylist()
        rows = column.special_rows
        for i in range(bisect_left(rows, start), bisect_left(rows, stop)):
            values[rows[i] - start] = None
            specials.setdefault(rows[i], []).append((col, column.special_values[i]))
        block.append(values)
    return block, specials


def write_data_sheet(workbook: Any, text: TextCells, prepared: PreparedSheet) -> None:
    """One table's sheet: header row (frozen, filtered), then every row in order."""
    source, columns = prepared.source, prepared.columns
    sheet = workbook.add_worksheet(source.name[:31])
    set_widths(sheet, [column.width for column in columns])
    sheet.freeze_panes(1, 0)
    num_rows = source.table.num_rows
    sheet.autofilter(0, 0, max(num_rows, 1), max(len(columns) - 1, 0))
    print_setup(sheet)
    write_header(sheet, text, [spec.name for spec in source.fields])
    links = LinkWriter(sheet)
    writers = [column_writer(sheet, column.kind, links) for column in columns]
    write_text = text.write
    for start in range(0, num_rows, ROWS_PER_BLOCK):
        block, specials = _block(columns, start, min(start + ROWS_PER_BLOCK, num_rows))
        for row, cells in enumerate(zip(*block, strict=True), start=start + 1):
            for col, value in enumerate(cells):
                if value is not None and writers[col](row, col, value):
                    raise ExportError(f"sheet '{source.name}': XlsxWriter refused cell {row},{col}")
            for col, value in specials.get(row - 1, ()):
                write_text(sheet, row, col, value)
