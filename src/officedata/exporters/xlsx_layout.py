"""How the workbook's sheets look and print: cell styles, column widths, row heights, page setup.

- Every sheet prints landscape, one page wide (as many pages down as needed), its first row on
  every page, with the sheet name and page number in the footer.
- Data columns are as wide as their longest value (8 to 60 characters); the README and
  dictionary sheets have fixed widths and wrap their text.
- A wrapped row gets a height that fits its lines (Excel does not compute it for files it did
  not lay out itself), estimated on the safe side.

Nothing here knows the data or writes a cell value.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    from officedata.schema.model import Field

EXCEL_MAX_ROW_HEIGHT = 409  # points
LINE_HEIGHT = 15  # points a line of the default font (Calibri 11) takes
MIN_WIDTH, MAX_WIDTH = 8, 60
README_WIDTHS = (18, 110)
DICTIONARY_WIDTHS = (12, 24, 24, 24, 10, 50, 70, 60)

STYLES: dict[str, dict[str, Any]] = {
    "plain": {},
    "header": {"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "top"},
    "title": {"bold": True, "font_size": 14},
    "label": {"bold": True, "text_wrap": True, "valign": "top"},
    "wrap": {"text_wrap": True, "valign": "top"},
}


def print_setup(sheet: Any) -> None:
    """Landscape, one page wide (as many pages down as needed), the first row on every page."""
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_footer("&L&A&RPage &P of &N")


def set_widths(sheet: Any, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)


def column_width(spec: Field, values: pa.ChunkedArray) -> int:
    """A data column's width: its longest value or its name, within MIN_WIDTH..MAX_WIDTH."""
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
