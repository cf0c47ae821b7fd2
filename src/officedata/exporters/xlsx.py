"""One Excel workbook, `officedata.xlsx`: a README sheet, one sheet per table, a dictionary sheet.

Written row by row with XlsxWriter's worksheet API in `constant_memory` mode, so the workbook is
never held in memory (pandas' `to_excel` cannot be used: in that mode it silently loses cells
not written in row order). Sheets without hyperlink or date columns have their data rows
rendered as XML by Arrow kernels, a block at a time, in exactly the form XlsxWriter writes
(`write_rows_rendered`); XlsxWriter's per-cell calls cost ~6 us a cell. Types come from the Table Schemas: numbers and integers as numbers
(an integer beyond ±2^53, which Excel's doubles cannot hold exactly, as text), booleans as
booleans, full dates as real dates, partial dates and lists as their CSV text, URL fields
(`format: uri`) as hyperlinks when they are http(s).

Safety and limits:
- Text is never a formula: `strings_to_formulas`, `strings_to_urls` and `strings_to_numbers` are
  off and every text cell is written with `write_string`; a cell beginning with = + - @ tab or CR
  also gets Excel's quote-prefix style, so even editing it in Excel does not evaluate it.
- More rows than a sheet holds (1,048,575 below the header) or a cell over 32,767 characters
  (UTF-16 units, as Excel counts) fail the export with a clear message; no file is written.
- Beyond 65,530 hyperlinks in a sheet, the remaining URLs are written as plain text, and the
  README sheet says so.
- Deterministic: document properties carry the release date, never the clock; XlsxWriter fixes
  the zip member timestamps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from officedata.exporters.base import Exporter, ExportError, OrderedTable, release_date
from officedata.package import Field, Package

if TYPE_CHECKING:
    import pyarrow as pa
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL_CHARS = 32_767
EXCEL_MAX_LINKS_PER_SHEET = 65_530
EXCEL_MAX_URL_CHARS = 2_079
EXCEL_MAX_INTEGER = 2**53
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
README_SHEET = "README"
DICTIONARY_SHEET = "dictionary"
MIN_WIDTH, MAX_WIDTH = 8, 60
ROWS_PER_BLOCK = 1 << 14


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_limits(table: OrderedTable) -> None:
    """Refuse, naming the place, what Excel cannot hold: too many rows, too long a cell."""
    import pyarrow.compute as pc

    name = table.resource.name
    if table.num_rows + 1 > EXCEL_MAX_ROWS:
        raise ExportError(
            f"table '{name}' has {table.num_rows:,} rows; an Excel sheet holds at most "
            f"{EXCEL_MAX_ROWS - 1:,} below its header. Use the CSV or Parquet files instead."
        )
    for column_name in table.text.column_names:
        column = table.text.column(column_name)
        lengths = pc.utf8_length(column)
        longest = pc.max(lengths).as_py()
        # UTF-16 units are at most twice the code points, so only long cells need a closer look.
        if longest is None or longest * 2 <= EXCEL_MAX_CELL_CHARS:
            continue
        candidates = pc.indices_nonzero(pc.greater(lengths, EXCEL_MAX_CELL_CHARS // 2))
        for row in candidates.to_pylist():
            value = column[row].as_py()
            if _utf16_length(value) > EXCEL_MAX_CELL_CHARS:
                raise ExportError(
                    f"table '{name}', row {row + 1} (key order), field '{column_name}' holds "
                    f"{_utf16_length(value):,} characters; an Excel cell holds at most "
                    f"{EXCEL_MAX_CELL_CHARS:,}. Shorten it or add a maxLength to the schema."
                )


def is_web_url(value: str) -> bool:
    return value.startswith(("http://", "https://")) and len(value) <= EXCEL_MAX_URL_CHARS


def count_links(table: OrderedTable) -> int:
    import pyarrow.compute as pc

    total = 0
    for spec in table.resource.schema.fields:
        if spec.format == "uri" and spec.type == "string":
            column = table.text.column(spec.name)
            total += pc.sum(pc.starts_with(column, "http://")).as_py() or 0
            total += pc.sum(pc.starts_with(column, "https://")).as_py() or 0
    return total


def column_widths(table: OrderedTable) -> list[int]:
    import pyarrow.compute as pc

    widths = []
    for spec in table.resource.schema.fields:
        longest = pc.max(pc.utf8_length(table.text.column(spec.name))).as_py() or 0
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, max(longest, len(spec.name)) + 2)))
    return widths


class _Formats:
    def __init__(self, workbook: Workbook):
        self.header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.quoted = workbook.add_format({"quote_prefix": True})
        self.date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.link = workbook.add_format({"font_color": "blue", "underline": 1})
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.label = workbook.add_format({"bold": True, "valign": "top"})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})


def _text_writer(sheet: Worksheet, formats: _Formats) -> Callable[[int, int, str], Any]:
    write_string, quoted = sheet.write_string, formats.quoted

    def put(row: int, col: int, value: str) -> None:
        if value.startswith(FORMULA_TRIGGERS):
            write_string(row, col, value, quoted)
        else:
            write_string(row, col, value)

    return put


def _cell_writer(
    spec: Field, sheet: Worksheet, formats: _Formats, links_left: list[int]
) -> Callable[[int, int, Any], Any]:
    """The fastest correct way to write one column's non-null values."""
    put_text = _text_writer(sheet, formats)
    if spec.type in ("number",):
        return sheet.write_number
    if spec.type == "integer":

        def put_integer(row: int, col: int, value: int) -> None:
            if -EXCEL_MAX_INTEGER <= value <= EXCEL_MAX_INTEGER:
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, str(value))

        return put_integer
    if spec.type == "boolean":
        return sheet.write_boolean
    if spec.type == "date":
        return lambda row, col, value: sheet.write_datetime(row, col, value, formats.date)
    if spec.type == "string" and spec.format == "uri":

        def put_url(row: int, col: int, value: str) -> None:
            # write_url returns < 0, having written nothing, for a link Excel cannot hold.
            if (
                links_left[0] > 0
                and is_web_url(value)
                and sheet.write_url(row, col, value, formats.link, string=value) == 0
            ):
                links_left[0] -= 1
            else:
                put_text(row, col, value)

        return put_url
    return put_text


def write_table_sheet(workbook: Workbook, formats: _Formats, table: OrderedTable) -> None:
    fields = table.resource.schema.fields
    sheet = workbook.add_worksheet(table.resource.name[:31])
    for col, width in enumerate(column_widths(table)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(table.num_rows, 1), len(fields) - 1)
    for col, spec in enumerate(fields):
        sheet.write_string(0, col, spec.name, formats.header)
    if rendered_in_arrow(table):
        write_rows_rendered(sheet, formats, table)
        return
    links_left = [EXCEL_MAX_LINKS_PER_SHEET]
    writers = [_cell_writer(spec, sheet, formats, links_left) for spec in fields]
    # Lists and partial dates go in as their CSV text; everything else typed.
    sources = [table.text if spec.type == "list" else table.typed for spec in fields]
    row = 1
    # Python objects for one block of rows at a time, so memory stays bounded.
    for start in range(0, table.num_rows, ROWS_PER_BLOCK):
        columns = [
            source.column(spec.name).slice(start, ROWS_PER_BLOCK).to_pylist()
            for source, spec in zip(sources, fields, strict=True)
        ]
        for values in zip(*columns, strict=True):
            for col, value in enumerate(values):
                if value is not None:
                    writers[col](row, col, value)
            row += 1


# Python's str.isspace() characters (what XlsxWriter's `\s` tests for xml:space="preserve"),
# spelled for RE2, whose own `\s` is ASCII only.
_WHITESPACE = (
    r"[\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
    r"\x{202f}\x{205f}\x{3000}]"
)
_CONTROL = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20)])


def rendered_in_arrow(table: OrderedTable) -> bool:
    """Whether a sheet's rows can be rendered as XML by Arrow kernels: no hyperlinks or dates
    (they need XlsxWriter's bookkeeping) and no integer Excel must hold as text."""
    import pyarrow.compute as pc

    for spec in table.resource.schema.fields:
        if spec.type == "date" or (spec.type == "string" and spec.format == "uri"):
            return False
        if spec.type == "integer":
            column = table.typed.column(spec.name)
            largest = pc.max(pc.abs(column)).as_py() if column.null_count < len(column) else 0
            if largest is not None and largest > EXCEL_MAX_INTEGER:
                return False
    return True


def write_rows_rendered(sheet: Worksheet, formats: _Formats, table: OrderedTable) -> None:
    """Write the data rows as the `<row>` XML XlsxWriter itself would write in constant_memory
    mode (inline strings, the quote-prefix style on formula-like text), rendered a block of
    rows at a time by Arrow kernels: Python then handles blocks, not 10^6 cells one by one.

    The XML goes to the worksheet's row-data stream right after the header row, which is
    flushed first; the sheet's dimensions are then set as if each cell had been written.
    """
    from xlsxwriter.utility import xl_col_to_name

    fields = table.resource.schema.fields
    last_row = table.num_rows  # the header is row 0
    # Flush the header row: XlsxWriter writes a row out when a later row is started.
    sheet._write_single_row(last_row)
    quoted = formats.quoted._get_xf_index()
    letters = [xl_col_to_name(col) for col in range(len(fields))]
    for start in range(0, table.num_rows, ROWS_PER_BLOCK):
        sheet.fh.write(_rows_xml(table, fields, letters, quoted, start, ROWS_PER_BLOCK))
    sheet._check_dimensions(last_row, len(fields) - 1)


def _rows_xml(
    table: OrderedTable,
    fields: tuple[Field, ...],
    letters: list[str],
    quoted: int,
    start: int,
    count: int,
) -> str:
    import pyarrow as pa
    import pyarrow.compute as pc

    text = table.text.slice(start, count)
    typed = table.typed.slice(start, count)
    rows = len(text)
    numbers = pa.array(range(start + 2, start + 2 + rows), pa.int64()).cast(pa.string())
    pieces: list[object] = ['<row r="', numbers, '">']
    for spec, letter in zip(fields, letters, strict=True):
        reference = pc.binary_join_element_wise(f'<c r="{letter}', numbers, "")
        if spec.type in ("number", "integer"):
            value = typed.column(spec.name).combine_chunks().cast(pa.string())
            cell = pc.binary_join_element_wise(reference, '"><v>', value, "</v></c>", "")
        elif spec.type == "boolean":
            value = pc.if_else(typed.column(spec.name).combine_chunks(), "1", "0")
            cell = pc.binary_join_element_wise(reference, '" t="b"><v>', value, "</v></c>", "")
        else:  # strings and lists: their CSV text, as inline strings
            cell = _inline_strings(text.column(spec.name).combine_chunks(), reference, quoted)
        pieces.append(pc.fill_null(cell, ""))
    pieces.append("</row>")
    rendered = pc.binary_join_element_wise(*pieces, "")
    return str(_values_bytes(rendered), "utf-8")


def _inline_strings(values: pa.Array, reference: pa.Array, quoted: int) -> pa.Array:
    """`<c … t="inlineStr">` cells, escaped as XlsxWriter escapes them (null stays null)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = values.cast(pa.string())
    # Excel's own escape for control characters, _xHHHH_, after escaping literal ones.
    values = pc.replace_substring_regex(values, r"(_x[0-9a-fA-F]{4}_)", r"_x005F\1")
    if pc.any(pc.match_substring_regex(values, f"[{re.escape(_CONTROL)}]")).as_py():
        for char in _CONTROL:
            values = pc.replace_substring(values, char, f"_x{ord(char):04X}_")
    values = pc.replace_substring(values, "\ufffe", "_xFFFE_")
    values = pc.replace_substring(values, "\uffff", "_xFFFF_")
    preserve = pc.match_substring_regex(values, f"^{_WHITESPACE}|{_WHITESPACE}$")
    formula_like = pc.match_substring_regex(values, r"^[=+\-@\t\r]")
    values = pc.replace_substring(values, "&", "&amp;")
    values = pc.replace_substring(values, "<", "&lt;")
    values = pc.replace_substring(values, ">", "&gt;")
    style = pc.if_else(formula_like, f'" s="{quoted}', "")
    space = pc.if_else(preserve, ' xml:space="preserve"', "")
    return pc.binary_join_element_wise(
        reference, style, '" t="inlineStr"><is><t', space, ">", values, "</t></is></c>", ""
    )


def _values_bytes(strings: pa.Array) -> memoryview:
    """The UTF-8 bytes of all values of a string array, concatenated (zero-copy view)."""
    _, offsets, data = strings.buffers()
    bounds = memoryview(offsets).cast("i")
    start, stop = bounds[strings.offset], bounds[strings.offset + len(strings)]
    return memoryview(data)[start:stop] if data is not None else memoryview(b"")


def coverage_line(package: Package, tables: Mapping[str, OrderedTable]) -> str:
    """The coverage line `officedata stats` and the README give (listed vs the headline claim)."""
    from officedata.stats import coverage

    offices = (
        tables["offices"]
        .typed.select(["first_reported_in", "country", "city", "location_precision", "sources"])
        .to_pandas()
    )
    reports = (
        tables["reports"]
        .typed.select(["report_id", "stations_claimed", "countries_claimed"])
        .to_pandas()
    )
    countries = (
        tables["countries"].typed.select(["iso2", "kind", "stations_reported"]).to_pandas()
        if "countries" in tables
        else None
    )
    return coverage(package, offices, reports, countries).line()


def write_readme_sheet(
    workbook: Workbook,
    formats: _Formats,
    package: Package,
    tables: Mapping[str, OrderedTable],
    released: datetime,
) -> None:
    from officedata.citation import how_to_cite, licence

    sheet = workbook.add_worksheet(README_SHEET)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 110)
    put_text = _text_writer(sheet, formats)
    sheet.write_string(0, 0, package.title or package.name, formats.title)
    rows: list[tuple[str, str]] = [
        ("Version", package.version),
        ("Released", released.date().isoformat()),
        ("Licence", licence(package) or "see LICENSE-DATA"),
        ("How to cite", how_to_cite(package, released)),
        ("Coverage", coverage_line(package, tables)),
        ("About", str(package.descriptor.get("description", ""))),
    ]
    for source in package.descriptor.get("sources", []):
        if isinstance(source, dict) and source.get("title"):
            rows.append(("Source", str(source["title"])))
    for name, table in tables.items():
        resource = table.resource
        rows.append(
            (
                f"Sheet {name}",
                f"{resource.title or name}: {resource.description} ({table.num_rows:,} rows)",
            )
        )
        links = count_links(table)
        if links > EXCEL_MAX_LINKS_PER_SHEET:
            rows.append(
                (
                    "Note",
                    f"Sheet {name} has {links:,} URLs; Excel allows {EXCEL_MAX_LINKS_PER_SHEET:,} "
                    "links a sheet, so the URLs after that are plain text.",
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
            "Partial dates (YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source) are text; "
            "lists are separated by ';'.",
        )
    )
    for row, (label, text) in enumerate(rows, start=2):
        sheet.write_string(row, 0, label, formats.label)
        put_text(row, 1, text)


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


def write_dictionary_sheet(workbook: Workbook, formats: _Formats, package: Package) -> None:
    from officedata.dictionary import dictionary_rows

    sheet = workbook.add_worksheet(DICTIONARY_SHEET)
    for col, width in enumerate((12, 24, 24, 24, 10, 50, 70, 60)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    rows = dictionary_rows(package)
    sheet.autofilter(0, 0, max(len(rows), 1), len(DICTIONARY_HEADER) - 1)
    for col, title in enumerate(DICTIONARY_HEADER):
        sheet.write_string(0, col, title, formats.header)
    put_text = _text_writer(sheet, formats)
    for row, entry in enumerate(rows, start=1):
        cells = (
            entry.table,
            entry.field,
            entry.title,
            entry.type,
            "yes" if entry.required else "no",
            entry.constraints,
            entry.description,
            entry.enum_text,
        )
        for col, text in enumerate(cells):
            if text:
                put_text(row, col, text)


def write_workbook(package: Package, tables: Mapping[str, OrderedTable], path: Path) -> None:
    import xlsxwriter

    for table in tables.values():
        check_limits(table)
    released = release_date(package)
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
                "title": package.title,
                "subject": f"{package.name} {package.version}",
                "author": "; ".join(
                    str(c.get("title", "")) for c in package.descriptor.get("contributors", [])
                ),
                "keywords": ", ".join(package.descriptor.get("keywords", [])),
                "comments": f"Generated by officedata from {package.name} {package.version}",
                "created": released.replace(tzinfo=None),
            }
        )
        formats = _Formats(workbook)
        write_readme_sheet(workbook, formats, package, tables, released)
        for table in tables.values():
            write_table_sheet(workbook, formats, table)
        write_dictionary_sheet(workbook, formats, package)
    finally:
        workbook.close()


class XlsxExporter(Exporter):
    name = "xlsx"
    file_name = "officedata.xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    title = "Excel workbook (README, one sheet per table, data dictionary)"

    def write(
        self, package: Package, tables: Mapping[str, OrderedTable], out_dir: Path
    ) -> list[Path]:
        path = out_dir / self.file_name
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_workbook(package, tables, path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return [path]
