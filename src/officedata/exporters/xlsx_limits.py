"""Excel's limits, and how the workbook stays within them: text fitted to a cell, rows refused.

- A sheet holds 1,048,576 rows: a table with more than 1,048,575 below its header is refused
  (`check_rows`) before any file is written.
- A cell holds 32,767 characters, counted in UTF-16 units as Excel counts them: longer text is
  cut with a visible marker at its end saying how much is not shown and where the full text is
  (`cut_to_fit`); a surrogate pair is never split.
- A sheet holds 65,530 hyperlinks and a link at most 2,079 characters: longer URLs, and the URLs
  after the 65,530th, are written as text (`is_web_url` says which URLs can be links).
- Excel's numbers are doubles: integers beyond ±2^53 are written as text.

The other exporter modules read these limits through this module at call time (tests lower
them to reach the limits cheaply). Nothing here writes a cell.
"""

from __future__ import annotations

from officedata.errors import ExportError

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL_CHARS = 32_767
EXCEL_MAX_LINKS_PER_SHEET = 65_530
EXCEL_MAX_URL_CHARS = 2_079
EXCEL_MAX_INTEGER = 2**53
WEB_SCHEMES = ("http://", "https://")


def check_rows(name: str, num_rows: int) -> None:
    """Refuse, naming the table, what a sheet cannot hold."""
    if num_rows + 1 > EXCEL_MAX_ROWS:
        raise ExportError(
            f"table '{name}' has {num_rows:,} rows; an Excel sheet holds at most "
            f"{EXCEL_MAX_ROWS - 1:,} below its header. Use the CSV or Parquet files instead."
        )


def utf16_length(text: str) -> int:
    """Length as Excel counts it: characters beyond the BMP take two units."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def fits_in_units(text: str, units: int) -> bool:
    """utf16_length(text) <= units, without counting when the code points alone decide."""
    return len(text) * 2 <= units or (len(text) <= units and utf16_length(text) <= units)


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
    if fits_in_units(text, limit):
        return text, 0
    # The marker for the largest possible count is at least as long as the final one.
    room = limit - utf16_length(cut_marker(len(text), full_text_in))
    kept = _utf16_prefix(text, room)
    hidden = len(text) - len(kept)
    return kept + cut_marker(hidden, full_text_in), hidden


def is_web_url(value: str) -> bool:
    """An http(s) URL short enough to be an Excel hyperlink."""
    return value.startswith(WEB_SCHEMES) and fits_in_units(value, EXCEL_MAX_URL_CHARS)
