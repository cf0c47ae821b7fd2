"""The workbook's own pages: the README sheet (what the package is, how to cite it, what each
sheet holds and where Excel's limits changed a cell) and the dictionary sheet (every field of
every table, from the one source of the data dictionary, `documentation/dictionary.py`).

Both wrap their text, with row heights that fit it; their cells are text, quote-prefixed when
formula-like, like every other text cell. Nothing here reads the package: `ReadmeInfo` carries
what the README says about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from officedata.exporters import xlsx_limits as limits
from officedata.exporters.xlsx_cells import TextCells, write_header
from officedata.exporters.xlsx_layout import (
    DICTIONARY_WIDTHS,
    README_WIDTHS,
    print_setup,
    row_height,
    set_widths,
)
from officedata.exporters.xlsx_prepare import PreparedSheet

if TYPE_CHECKING:
    from officedata.documentation.dictionary import DictionaryRow

README_SHEET = "README"
DICTIONARY_SHEET = "dictionary"
CUT_CELLS_LISTED = 50  # the README names this many cut cells, then counts the rest
FULL_TEXT_IN = "datapackage.json"  # where a cut README or dictionary cell's text is

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


def _sheet_rows(prepared: PreparedSheet) -> list[tuple[str, str]]:
    source = prepared.source
    about = source.description
    if source.title and source.title.casefold() != source.name.casefold():
        about = f"{source.title}: {about}" if about else source.title
    rows = [(f"Sheet {source.name}", f"{about} ({source.table.num_rows:,} rows)".lstrip())]
    links = prepared.web_urls
    if links > limits.EXCEL_MAX_LINKS_PER_SHEET:
        rows.append(
            (
                "Note",
                f"Sheet {source.name} has {links:,} URLs; Excel allows "
                f"{limits.EXCEL_MAX_LINKS_PER_SHEET:,} links a sheet, so the URLs after that are "
                "plain text.",
            )
        )
    return rows


def _cut_cells_row(sheets: Sequence[PreparedSheet]) -> list[tuple[str, str]]:
    cuts = [cut for prepared in sheets for cut in prepared.cuts]
    if not cuts:
        return []
    lines = [
        f"{cut.sheet}!{cut.cell} ({cut.field}, {cut.row_key}): {cut.length:,} characters, "
        f"the last {cut.hidden:,} not shown"
        for cut in cuts[:CUT_CELLS_LISTED]
    ]
    if len(cuts) > CUT_CELLS_LISTED:
        lines.append(f"and {len(cuts) - CUT_CELLS_LISTED:,} more")
    return [
        (
            "Cut cells",
            f"{len(cuts):,} cells hold more than Excel's {limits.EXCEL_MAX_CELL_CHARS:,} "
            "characters; each is cut and ends with a [cut: …] marker, the full text is in the "
            "CSV and Parquet files:\n" + "\n".join(lines),
        )
    ]


def readme_rows(info: ReadmeInfo, sheets: Sequence[PreparedSheet]) -> list[tuple[str, str]]:
    """The README's (label, text) rows below its title."""
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
        rows += _sheet_rows(prepared)
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
    return rows + _cut_cells_row(sheets)


def write_readme_sheet(
    workbook: Any, text: TextCells, info: ReadmeInfo, sheets: Sequence[PreparedSheet]
) -> None:
    sheet = workbook.add_worksheet(README_SHEET)
    set_widths(sheet, README_WIDTHS)
    print_setup(sheet)
    title, _ = limits.cut_to_fit(info.title, FULL_TEXT_IN)
    text.write(sheet, 0, 0, title, "title")
    for row, (label, value) in enumerate(readme_rows(info, sheets), start=2):
        value, _ = limits.cut_to_fit(value, FULL_TEXT_IN)
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


def write_dictionary_sheet(
    workbook: Any, text: TextCells, entries: Sequence[DictionaryRow]
) -> None:
    sheet = workbook.add_worksheet(DICTIONARY_SHEET)
    set_widths(sheet, DICTIONARY_WIDTHS)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(entries), 1), len(DICTIONARY_HEADER) - 1)
    print_setup(sheet)
    write_header(sheet, text, list(DICTIONARY_HEADER))
    for row, entry in enumerate(entries, start=1):
        cells = [limits.cut_to_fit(cell, FULL_TEXT_IN)[0] for cell in dictionary_cells(entry)]
        sheet.set_row(row, row_height(list(zip(cells, DICTIONARY_WIDTHS, strict=True))))
        for col, value in enumerate(cells):
            text.write(sheet, row, col, value, "wrap")
