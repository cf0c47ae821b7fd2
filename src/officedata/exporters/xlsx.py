"""One Excel workbook, `officedata.xlsx`: a README sheet, one sheet per table, a dictionary sheet.

Written through XlsxWriter's public API only, in `constant_memory` mode, so the workbook is
never held in memory (pandas' `to_excel` cannot be used: in that mode it silently loses cells
not written in row order). The writing functions take Arrow tables (typed per
the type registry), the schema's fields and the package's metadata (`SheetSource`,
`write_workbook`); `XlsxExporter` only adapts the exporter interface to them.

Cells, by schema type: numbers and integers as numbers (an integer beyond ±2^53, which Excel's
doubles cannot hold exactly, as text), booleans as Excel booleans (TRUE/FALSE), full dates as
real dates, partial dates and lists as their CSV text, URL fields (`format: uri`) as hyperlinks
when they are http(s). Columns become Python lists a block of rows at a time (Arrow's
`to_pylist`) and each cell goes to the one write method of its column's type; the few cells that
need more (links, formula-like, rich-text-like or cut text, integers beyond 2^53) are written
afterwards, one by one.

Safety and limits:
- Text is never a formula: `strings_to_formulas`, `strings_to_urls` and `strings_to_numbers` are
  off, and a text cell beginning with = + - @ tab or CR (the title included) also gets Excel's
  quote-prefix style, so even editing it in Excel does not evaluate it. Text shaped like
  "<r>…</r>", which XlsxWriter would pass on as rich-text XML, is written as three plain runs.
- More rows than a sheet holds (1,048,575 below the header) fail the export with a clear
  message before any file is written.
- A cell over Excel's 32,767 characters (UTF-16 units, as Excel counts) is cut with a visible
  marker at its end saying how much is not shown and where the full text is; the README sheet
  lists every cut cell.
- Beyond 65,530 hyperlinks in a sheet, the remaining URLs are written as plain text, and the
  README sheet says so.
- Print-ready: every sheet prints landscape, one page wide, its header row on every page;
  wrapped cells of the README and dictionary sheets get row heights that fit their lines.
- Deterministic: document properties carry the release date, never the clock; XlsxWriter fixes
  the zip member timestamps.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from officedata.errors import ExportError
from officedata.exporters.base import Exporter, Output, release_date
from officedata.schema.model import Field, Package
from officedata.table.table import Table

if TYPE_CHECKING:
    import pyarrow as pa

    from officedata.documentation.dictionary import DictionaryRow

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL_CHARS = 32_767
EXCEL_MAX_LINKS_PER_SHEET = 65_530
EXCEL_MAX_URL_CHARS = 2_079
EXCEL_MAX_INTEGER = 2**53
EXCEL_MAX_ROW_HEIGHT = 409  # points
LINE_HEIGHT = 15  # points a line of the default font (Calibri 11) takes
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_PATTERN = r"^[=+\-@\t\r]"
README_SHEET = "README"
DICTIONARY_SHEET = "dictionary"
MIN_WIDTH, MAX_WIDTH = 8, 60
README_WIDTHS = (18, 110)
DICTIONARY_WIDTHS = (12, 24, 24, 24, 10, 50, 70, 60)
ROWS_PER_BLOCK = 1 << 14
CUT_CELLS_LISTED = 50  # the README names this many cut cells, then counts the rest

DICTIONARY_HEADER = (
    "table",
    "field",
    "title",
    "type",
    "required",
    "constraints",
    "description",
    "allowed values",
)

STYLES: dict[str, dict[str, Any]] = {
    "plain": {},
    "header": {"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "top"},
    "title": {"bold": True, "font_size": 14},
    "label": {"bold": True, "text_wrap": True, "valign": "top"},
    "wrap": {"text_wrap": True, "valign": "top"},
}


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
class _Column:
    """One column, ready to write: `values` as the cells show them; the cells at `special_rows`
    (sorted) are written one by one with `special_values` instead."""

    spec: Field
    values: pa.ChunkedArray
    link: bool
    width: int
    special_rows: list[int] = field(default_factory=list)
    special_values: list[Any] = field(default_factory=list)
    web_urls: int = 0


@dataclass
class _Sheet:
    source: SheetSource
    columns: list[_Column]
    cuts: list[CutCell]

    @property
    def web_urls(self) -> int:
        return sum(column.web_urls for column in self.columns)


# -- text ------------------------------------------------------------------------------------


def utf16_length(text: str) -> int:
    """Length as Excel counts it: characters beyond the BMP take two units."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _utf16_prefix(text: str, units: int) -> str:
    """The longest prefix of text of at most `units` UTF-16 units, never half a surrogate pair."""
    data = text.encode("utf-16-le")[: 2 * max(units, 0)]
    if len(data) >= 2 and 0xD800 <= int.from_bytes(data[-2:], "little") <= 0xDBFF:
        data = data[:-2]
    return data.decode("utf-16-le")


def cut_marker(hidden: int, full_text_in: str) -> str:
    return f" … [cut: {hidden:,} characters not shown; full text in {full_text_in}]"


def cut_to_fit(text: str, full_text_in: str) -> tuple[str, int]:
    """(text as a cell can hold it, characters not shown): over Excel's limit, the text is cut
    and ends with a marker saying how much is missing and where the whole text is."""
    limit = EXCEL_MAX_CELL_CHARS
    if len(text) * 2 <= limit or utf16_length(text) <= limit:
        return text, 0
    # The marker for the largest possible count is at least as long as the final one.
    room = limit - utf16_length(cut_marker(len(text), full_text_in))
    kept = _utf16_prefix(text, room)
    hidden = len(text) - len(kept)
    return kept + cut_marker(hidden, full_text_in), hidden


def is_web_url(value: str) -> bool:
    return value.startswith(("http://", "https://")) and utf16_length(value) <= EXCEL_MAX_URL_CHARS


def _char_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def wrapped_lines(text: str, width: float) -> int:
    """How many lines wrapped text takes in a column `width` characters wide. An estimate on the
    safe side: words move whole to the next line, wide (CJK) characters count double, and
    Excel's column unit (the width of a digit) is wider than most letters."""
    room = max(1, int(width) - 1)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split(" "):
            size = sum(_char_width(char) for char in word)
            if used and used + 1 + size <= room:
                used += 1 + size
                continue
            if used:
                lines += 1
            full, used = divmod(size, room)
            if full and not used:
                full, used = full - 1, room
            lines += full
    return lines


def row_height(cells: Sequence[tuple[str, float]]) -> float:
    """Points a row needs for its wrapped (text, column width) cells."""
    lines = max((wrapped_lines(text, width) for text, width in cells if text), default=1)
    return min(EXCEL_MAX_ROW_HEIGHT, LINE_HEIGHT * lines)


class _Text:
    """Writes text cells: quote-prefixed when formula-like, never a formula or rich text.

    Every format is made once, with its quote-prefixed twin."""

    def __init__(self, workbook: Any):
        self._formats: dict[tuple[str, bool], Any] = {}
        for name, spec in STYLES.items():
            self._formats[name, False] = workbook.add_format(spec) if spec else None
            self._formats[name, True] = workbook.add_format({**spec, "quote_prefix": True})

    def style(self, name: str) -> Any:
        return self._formats[name, False]

    def write(self, sheet: Any, row: int, col: int, value: str, style: str = "plain") -> None:
        if not value:
            return
        cell_format = self._formats[style, value.startswith(FORMULA_TRIGGERS)]
        if value.startswith("<r>") and value.endswith("</r>"):
            # XlsxWriter's constant_memory mode copies such text into the sheet as rich-text XML;
            # written as plain runs it stays exactly this text.
            runs = [value[:1], value[1:2], value[2:]]
            status = sheet.write_rich_string(row, col, *runs, *[f for f in [cell_format] if f])
        else:
            status = sheet.write_string(row, col, value, cell_format)
        if status:
            raise ExportError(f"sheet '{sheet.name}': XlsxWriter refused cell ({row}, {col})")


def print_setup(sheet: Any) -> None:
    """Landscape, one page wide (as many pages down as needed), the first row on every page."""
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_footer("&L&A&RPage &P of &N")


# -- preparing the data sheets (Arrow only, nothing written yet) -------------------------------


def check_rows(name: str, num_rows: int) -> None:
    """Refuse, naming the table, what a sheet cannot hold."""
    if num_rows + 1 > EXCEL_MAX_ROWS:
        raise ExportError(
            f"table '{name}' has {num_rows:,} rows; an Excel sheet holds at most "
            f"{EXCEL_MAX_ROWS - 1:,} below its header. Use the CSV or Parquet files instead."
        )


def cell_values(spec: Field, column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray:
    """What a column's cells show, as Arrow: lists as their CSV text, enums and partial dates
    as text, numbers, booleans and dates as typed."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.Array):
        column = pa.chunked_array([column])
    kind = column.type
    if spec.type == "list":
        if not (pa.types.is_list(kind) or pa.types.is_large_list(kind)):
            return column.cast(pa.string())  # already text
        return pc.binary_join(column.cast(pa.list_(pa.string())), spec.delimiter)
    if spec.type in ("integer", "number", "boolean", "date"):
        return column
    if pa.types.is_dictionary(kind) or kind != pa.string():
        return column.cast(pa.string())
    return column


def _width(spec: Field, values: pa.ChunkedArray) -> int:
    import pyarrow as pa
    import pyarrow.compute as pc

    if values.type == pa.bool_():
        longest = 5
    elif pa.types.is_date(values.type):
        longest = 10
    else:
        text = values if values.type == pa.string() else values.cast(pa.string())
        longest = (pc.max(pc.utf8_length(text)).as_py() if len(text) else 0) or 0
    return max(MIN_WIDTH, min(MAX_WIDTH, max(longest, len(spec.name)) + 2))


def _special_rows(mask: pa.ChunkedArray | pa.Array) -> list[int]:
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


def prepare_column(spec: Field, column: pa.ChunkedArray | pa.Array) -> _Column:
    """A column's cell values and its special cells, found by Arrow kernels: text that is
    formula-like, shaped like rich text, too long or a web URL; integers beyond 2^53; numbers
    that are not finite."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = cell_values(spec, column)
    prepared = _Column(spec, values, link=False, width=_width(spec, values))
    if len(values) == 0:
        return prepared
    kind = values.type
    if pa.types.is_integer(kind):
        big = pc.greater(pc.abs(values), EXCEL_MAX_INTEGER)
        prepared.special_rows = _special_rows(big)
        prepared.special_values = [str(v) for v in _take(values, prepared.special_rows)]
    elif pa.types.is_floating(kind):
        prepared.special_rows = _special_rows(pc.invert(pc.is_finite(values)))
        prepared.special_values = [
            "NaN" if v != v else ("INF" if v > 0 else "-INF")
            for v in _take(values, prepared.special_rows)
        ]
    elif kind == pa.string():
        lengths = pc.utf8_length(values)
        mask = pc.or_(
            pc.match_substring_regex(values, FORMULA_PATTERN),
            pc.and_(pc.starts_with(values, "<r>"), pc.ends_with(values, "</r>")),
        )
        # A cell over half the limit in code points may be over it in UTF-16 units.
        mask = pc.or_(mask, pc.greater(lengths, EXCEL_MAX_CELL_CHARS // 2))
        if spec.type == "string" and spec.format == "uri":
            prepared.link = True
            web = pc.and_(
                pc.or_(pc.starts_with(values, "http://"), pc.starts_with(values, "https://")),
                pc.less_equal(lengths, EXCEL_MAX_URL_CHARS),
            )
            prepared.web_urls = int(pc.sum(web).as_py() or 0)
            mask = pc.or_(mask, web)
        prepared.special_rows = _special_rows(mask)
        prepared.special_values = _take(values, prepared.special_rows)
    return prepared


def prepare_sheet(source: SheetSource) -> _Sheet:
    import pyarrow as pa
    from xlsxwriter.utility import xl_rowcol_to_cell

    check_rows(source.name, source.table.num_rows)
    columns = [prepare_column(spec, source.table.column(spec.name)) for spec in source.fields]
    full_text_in = source.full_text_in or f"the {source.name} CSV file"
    found: list[tuple[int, int, CutCell]] = []
    key_columns = [name for name in source.key if name in source.table.column_names]
    for col, column in enumerate(columns):
        if not pa.types.is_string(column.values.type):
            continue
        for i, (row, value) in enumerate(
            zip(column.special_rows, column.special_values, strict=True)
        ):
            cut, hidden = cut_to_fit(value, full_text_in)
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
    return _Sheet(source, columns, [cell for _, _, cell in sorted(found, key=lambda f: f[:2])])


# -- writing ---------------------------------------------------------------------------------


def write_data_sheet(workbook: Any, text: _Text, prepared: _Sheet) -> None:
    source, columns = prepared.source, prepared.columns
    sheet = workbook.add_worksheet(source.name[:31])
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width)
    sheet.freeze_panes(1, 0)
    num_rows = source.table.num_rows
    sheet.autofilter(0, 0, max(num_rows, 1), max(len(columns) - 1, 0))
    print_setup(sheet)
    for col, spec in enumerate(source.fields):
        text.write(sheet, 0, col, spec.name, "header")
    links_left = EXCEL_MAX_LINKS_PER_SHEET
    # One bound write method per column, chosen once from its Arrow type: a direct call costs
    # less than write_row's per-cell type dispatch (about 10 % of the sheet's time).
    writers = [_cell_writer(sheet, column.values.type) for column in columns]
    write_url, write_text = sheet.write_url, text.write
    for start in range(0, num_rows, ROWS_PER_BLOCK):
        stop = min(start + ROWS_PER_BLOCK, num_rows)
        block: list[list[Any]] = []
        pending: dict[int, list[tuple[int, Any, bool]]] = {}
        for col, column in enumerate(columns):
            values = column.values.slice(start, stop - start).to_pylist()
            rows = column.special_rows
            for i in range(bisect_left(rows, start), bisect_left(rows, stop)):
                values[rows[i] - start] = None
                pending.setdefault(rows[i], []).append((col, column.special_values[i], column.link))
            block.append(values)
        for row, cells in enumerate(zip(*block, strict=True), start=start + 1):
            for col, value in enumerate(cells):
                if value is not None and writers[col](row, col, value):
                    raise ExportError(f"sheet '{source.name}': XlsxWriter refused cell {row},{col}")
            for col, value, link in pending.get(row - 1, ()):
                if (
                    link
                    and links_left > 0
                    and is_web_url(value)
                    and write_url(row, col, value, None, value) == 0
                ):
                    links_left -= 1
                else:
                    write_text(sheet, row, col, value)


def _cell_writer(sheet: Any, kind: pa.DataType) -> Any:
    """The worksheet method that writes a (non-null) value of this Arrow type."""
    import pyarrow as pa

    if pa.types.is_string(kind):
        return sheet.write_string
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        return sheet.write_number
    if pa.types.is_boolean(kind):
        return sheet.write_boolean
    if pa.types.is_date(kind):
        return sheet.write_datetime  # in the workbook's default date format
    return sheet.write


@dataclass(frozen=True)
class ReadmeInfo:
    """What the README sheet says about the package, besides the sheets themselves."""

    title: str
    version: str
    released: datetime
    licence: str
    how_to_cite: str
    coverage: str  # e.g. "86 of 102 (84%) stations … are listed"; "" when unknown
    about: str
    sources: Sequence[str]


def readme_rows(info: ReadmeInfo, sheets: Sequence[_Sheet]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = [
        ("Version", info.version),
        ("Released", info.released.date().isoformat()),
        ("Licence", info.licence),
        ("How to cite", info.how_to_cite),
    ]
    if info.coverage:
        rows.append(("Coverage", info.coverage))
    if info.about:
        rows.append(("About", info.about))
    rows += [("Source", source) for source in info.sources]
    for prepared in sheets:
        source = prepared.source
        about = source.description
        if source.title and source.title.casefold() != source.name.casefold():
            about = f"{source.title}: {about}" if about else source.title
        rows.append((f"Sheet {source.name}", f"{about} ({source.table.num_rows:,} rows)".lstrip()))
        links = prepared.web_urls
        if links > EXCEL_MAX_LINKS_PER_SHEET:
            rows.append(
                (
                    "Note",
                    f"Sheet {source.name} has {links:,} URLs; Excel allows "
                    f"{EXCEL_MAX_LINKS_PER_SHEET:,} links a sheet, so the URLs after that are "
                    "plain text.",
                )
            )
    rows.append(
        (
            f"Sheet {DICTIONARY_SHEET}",
            "Every field of every table: type, whether required, constraints, description, "
            "allowed values (generated from the Table Schemas).",
        )
    )
    rows.append(
        (
            "Note",
            "All text is stored as text: a cell beginning with =, +, -, @ is never a formula. "
            "Booleans are TRUE/FALSE. Partial dates (YYYY, YYYY-MM or YYYY-MM-DD, as precise as "
            "the source) are text; lists are separated by ';'.",
        )
    )
    cuts = [cut for prepared in sheets for cut in prepared.cuts]
    if cuts:
        lines = [
            f"{cut.sheet}!{cut.cell} ({cut.field}, {cut.row_key}): {cut.length:,} characters, "
            f"the last {cut.hidden:,} not shown"
            for cut in cuts[:CUT_CELLS_LISTED]
        ]
        if len(cuts) > CUT_CELLS_LISTED:
            lines.append(f"and {len(cuts) - CUT_CELLS_LISTED:,} more")
        rows.append(
            (
                "Cut cells",
                f"{len(cuts):,} cells hold more than Excel's {EXCEL_MAX_CELL_CHARS:,} characters; "
                "each is cut and ends with a [cut: …] marker, the full text is in the CSV and "
                "Parquet files:\n" + "\n".join(lines),
            )
        )
    return rows


def write_readme_sheet(
    workbook: Any, text: _Text, info: ReadmeInfo, sheets: Sequence[_Sheet]
) -> None:
    sheet = workbook.add_worksheet(README_SHEET)
    for col, width in enumerate(README_WIDTHS):
        sheet.set_column(col, col, width)
    print_setup(sheet)
    title, _ = cut_to_fit(info.title, "datapackage.json")
    text.write(sheet, 0, 0, title, "title")
    for row, (label, value) in enumerate(readme_rows(info, sheets), start=2):
        value, _ = cut_to_fit(value, "datapackage.json")
        sheet.set_row(row, row_height([(label, README_WIDTHS[0]), (value, README_WIDTHS[1])]))
        text.write(sheet, row, 0, label, "label")
        text.write(sheet, row, 1, value, "wrap")


def dictionary_cells(entry: DictionaryRow) -> tuple[str, ...]:
    return (
        entry.table,
        entry.field,
        entry.title,
        entry.type,
        "yes" if entry.required else "no",
        entry.constraints,
        entry.description,
        entry.enum_text,
    )


def write_dictionary_sheet(workbook: Any, text: _Text, entries: Sequence[DictionaryRow]) -> None:
    sheet = workbook.add_worksheet(DICTIONARY_SHEET)
    for col, width in enumerate(DICTIONARY_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(entries), 1), len(DICTIONARY_HEADER) - 1)
    print_setup(sheet)
    for col, title in enumerate(DICTIONARY_HEADER):
        text.write(sheet, 0, col, title, "header")
    for row, entry in enumerate(entries, start=1):
        cells = [cut_to_fit(cell, "datapackage.json")[0] for cell in dictionary_cells(entry)]
        sheet.set_row(row, row_height(list(zip(cells, DICTIONARY_WIDTHS, strict=True))))
        for col, value in enumerate(cells):
            text.write(sheet, row, col, value, "wrap")


def write_workbook(
    path: Path,
    info: ReadmeInfo,
    sources: Sequence[SheetSource],
    dictionary: Sequence[DictionaryRow],
    properties: Mapping[str, Any] | None = None,
) -> list[CutCell]:
    """Write the workbook: README, one sheet per source, the dictionary; return the cut cells.

    Every check that can refuse runs before the file is opened."""
    import xlsxwriter

    prepared = [prepare_sheet(source) for source in sources]
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    try:
        workbook.set_properties(
            {
                "title": info.title,
                **(properties or {}),
                "created": info.released.replace(tzinfo=None),
            }
        )
        text = _Text(workbook)
        write_readme_sheet(workbook, text, info, prepared)
        for sheet in prepared:
            write_data_sheet(workbook, text, sheet)
        write_dictionary_sheet(workbook, text, dictionary)
    finally:
        workbook.close()
    return [cut for sheet in prepared for cut in sheet.cuts]


# -- the exporter: package and Tables in, the functions above called -------------------


def coverage_text(package: Package, typed: Mapping[str, pa.Table]) -> str:
    """The coverage line `officedata stats` and the README give, without its own label."""
    from officedata.analysis.stats import coverage
    from officedata.schema.domain import COUNTRIES as C
    from officedata.schema.domain import OFFICES as O
    from officedata.schema.domain import REPORTS as R

    if O.table not in typed or R.table not in typed:
        return ""
    offices = typed[O.table].select(
        [O.first_report, O.country, O.city, O.precision, O.sources]
    ).to_pandas()
    reports = typed[R.table].select([R.id, R.stations_claimed, R.countries_claimed]).to_pandas()
    countries = (
        typed[C.table].select([C.iso2, C.kind, C.count]).to_pandas() if C.table in typed else None
    )
    line = coverage(package, offices, reports, countries).line()
    return line.removeprefix("Coverage:").strip()


def readme_info(package: Package, typed: Mapping[str, pa.Table]) -> ReadmeInfo:
    from officedata.release.citation import how_to_cite, licence

    released = release_date(package)
    sources = [
        str(source["title"])
        for source in package.descriptor.get("sources", [])
        if isinstance(source, dict) and source.get("title")
    ]
    return ReadmeInfo(
        title=package.title or package.name,
        version=package.version,
        released=released,
        licence=licence(package) or "see LICENSE-DATA",
        how_to_cite=how_to_cite(package, released),
        coverage=coverage_text(package, typed),
        about=str(package.descriptor.get("description", "")),
        sources=sources,
    )


def document_properties(package: Package) -> dict[str, str]:
    return {
        "subject": f"{package.name} {package.version}",
        "author": "; ".join(
            str(c.get("title", "")) for c in package.descriptor.get("contributors", [])
        ),
        "keywords": ", ".join(package.descriptor.get("keywords", [])),
        "comments": f"Generated by officedata from {package.name} {package.version}",
    }


def sheet_source(table: Table) -> SheetSource:
    resource = table.resource
    return SheetSource(
        name=resource.name,
        table=table.typed,
        fields=resource.schema.fields,
        title=resource.title,
        description=resource.description,
        key=tuple(resource.schema.primary_key),
        full_text_in=f"{resource.path} and parquet/{resource.name}.parquet",
    )


class XlsxExporter(Exporter):
    name = "xlsx"
    title = "Excel workbook (README, one sheet per table, data dictionary)"
    outputs = (
        Output(
            "officedata.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Every table in one workbook, with a README sheet and a data dictionary",
        ),
    )

    def write(self, package: Package, tables: Mapping[str, Table], out_dir: Path) -> list[Path]:
        from officedata.documentation.dictionary import dictionary_rows

        path = out_dir / self.outputs[0].path
        path.parent.mkdir(parents=True, exist_ok=True)
        typed = {name: table.typed for name, table in tables.items()}
        try:
            write_workbook(
                path,
                readme_info(package, typed),
                [sheet_source(table) for table in tables.values()],
                dictionary_rows(package),
                document_properties(package),
            )
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return [path]
