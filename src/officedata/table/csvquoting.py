"""RFC 4180 quoting, checked over a CSV's bytes before any parser sees them.

pyarrow's parser accepts '"quoted"tail' and similar breaks that Python's csv module and
spreadsheets read differently, so `read_structure` (csvfile.py) runs `quoting_break` first; and
`scan_bytes` tells it whether any cell holds a line break (only then is the slower
`newlines_in_values` parse needed). One vectorised pass over the bytes, never decoding them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from officedata.failures import Failure

if TYPE_CHECKING:
    import numpy as np


def line_at(data: bytes, offset: int) -> int:
    """The line (from 1) of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


# A quote that opens a cell follows a delimiter or a line end (or starts the file); a quote
# that closes one is followed by a delimiter, a line end or the end of the file.
_QUOTE = ord('"')
_LF, _CR = ord("\n"), ord("\r")
_BOUNDARIES = (ord(","), ord("\n"), ord("\r"))
_SCAN_CHUNK = 1 << 20  # bytes compared at a time: stays in cache


def quoting_break(data: bytes, quotes: np.ndarray | None = None) -> tuple[int, str] | None:
    """The offset of the first byte where RFC 4180 quoting breaks, and why; None when sound.

    Quotes alternate: counted from the start of the file, an even quote (the 0th, 2nd, ...)
    opens a quoted cell, so it must start a cell, or be the second of a doubled quote ("")
    inside one; an odd quote closes the cell, so it must end it, or be the first of a
    doubled quote. `quotes`: the quotes' offsets (`scan_bytes(data).quotes`), when the caller
    has them already.
    """
    if b'"' not in data:
        return None
    import numpy as np

    view = np.frombuffer(data, dtype=np.uint8)
    if quotes is None:
        quotes = scan_bytes(data).quotes
    allowed: np.ndarray = np.zeros(
        256, dtype=bool
    )  # may stand beside a quote: a boundary or a quote
    allowed[[*_BOUNDARIES, _QUOTE]] = True
    opening, closing = quotes[0::2], quotes[1::2]
    bad_open = (opening > 0) & ~allowed[view[np.maximum(opening - 1, 0)]]
    bad_close = (closing + 1 < len(view)) & ~allowed[view[np.minimum(closing + 1, len(view) - 1)]]
    candidates = []
    if bad_open.any():
        candidates.append(
            (
                int(opening[np.argmax(bad_open)]),
                "a quote inside a cell that does not start with one; a cell holding a quote "
                'must be quoted whole, with the quote doubled (a"b is written "a""b")',
            )
        )
    if bad_close.any():
        k = 2 * int(np.argmax(bad_close)) + 1
        tail, opener = int(quotes[k]) + 1, int(quotes[_opener(quotes, k - 1)])
        if b"\n" in data[opener:tail]:
            # A quoted cell over several lines that ends badly: most likely its opening quote
            # is stray or its closing quote missing, so point at where it opens.
            candidates.append(
                (
                    opener,
                    f"the quoted cell that opens here runs to line {line_at(data, tail)}, "
                    "where text follows its closing quote; a quote missing or stray?",
                )
            )
        else:
            candidates.append(
                (
                    tail,
                    "text after the closing quote of a quoted cell; quote the whole cell and "
                    'double the quotes inside it (the cell "a"b is written """a""b")',
                )
            )
    if len(quotes) % 2:
        opener = int(quotes[_opener(quotes, len(quotes) - 1)])
        candidates.append((opener, "a quoted cell whose closing quote is missing"))
    return min(candidates) if candidates else None


@dataclass(frozen=True)
class ByteScan:
    """What one pass over a CSV's bytes finds: every quote's offset, the number of LFs, and
    whether a line break (LF or CR) lies inside a quoted cell (after an odd number of quotes;
    meaningful once `quoting_break` found the quoting sound)."""

    quotes: np.ndarray
    line_feeds: int
    break_in_quotes: bool


def scan_bytes(data: bytes) -> ByteScan:
    """One vectorised pass, chunk by chunk (each chunk stays in cache for both comparisons)."""
    import numpy as np

    view = np.frombuffer(data, dtype=np.uint8)
    with_cr = b"\r" in data  # usually not: then LFs alone are the line breaks
    found: list[np.ndarray] = []
    line_feeds, quotes_before, inside = 0, 0, False
    for start in range(0, len(view), _SCAN_CHUNK):
        chunk = view[start : start + _SCAN_CHUNK]
        quotes: np.ndarray = np.flatnonzero(chunk == _QUOTE)
        is_lf = chunk == _LF
        line_feeds += int(np.count_nonzero(is_lf))
        if not inside and (len(quotes) or quotes_before % 2):
            breaks = np.flatnonzero(is_lf | (chunk == _CR) if with_cr else is_lf)
            inside = bool(((np.searchsorted(quotes, breaks) + quotes_before) % 2).any())
        quotes_before += len(quotes)
        found.append(quotes + start)
    offsets = np.concatenate(found) if found else np.zeros(0, dtype=np.intp)
    return ByteScan(offsets, line_feeds, inside)


def _opener(quotes: np.ndarray, opener: int) -> int:
    """The index of the quote that opened the quoted cell an even quote is in ("" skipped)."""
    while opener >= 2 and quotes[opener] - 1 == quotes[opener - 1]:
        opener -= 2
    return opener


def _column_at(data: bytes, offset: int) -> int:
    """The character (not byte) column, from 1, of a byte offset, as an editor counts."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return len(data[line_start:offset].decode("utf-8", errors="replace")) + 1


def quoting_failure(shown: str, data: bytes, offset: int, reason: str) -> Failure:
    """A `csv` failure at the line and character column where quoting breaks."""
    column = _column_at(data, offset)
    return Failure(
        file=shown,
        rule="csv",
        message=f"malformed CSV quoting at character {column} of the line: {reason}",
        line=line_at(data, offset),
        column=column,
    )
