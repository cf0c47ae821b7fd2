"""Where a failing cell is, as an editor and a GitHub annotation count: line and character column.

Checks locate a cell by its record's first line and its field; editors and GitHub read
`file:line:column` as a character position. This pass, run once after all checks, turns each
cell failure's field into the line and character column (from 1, in characters, not bytes) where
the cell's text begins, reading each CSV with a failure once. It never reads a file outside the
package (the paths are the resources' own, already checked) and changes nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import BinaryIO

from officedata.failures import Failure
from officedata.schema.model import Package

BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20  # bytes whose line ends are counted at once
_WINDOW = 1 << 14  # bytes first read from a record's start (whole lines of it are decoded)


def with_character_columns(package: Package, failures: Sequence[Failure]) -> list[Failure]:
    """The failures, each cell failure's column now the character column where its cell begins."""
    resources = {resource.path: resource for resource in package.resources}
    wanted: dict[str, list[Failure]] = {}
    for failure in failures:
        if failure.field is not None and failure.line is not None and failure.file in resources:
            wanted.setdefault(failure.file, []).append(failure)
    if not wanted:
        return list(failures)
    moved: dict[int, Failure] = {}
    for file, located in wanted.items():
        schema = resources[file].schema
        try:
            stream = (package.root / file).open("rb")
        except OSError:
            continue  # the file's own failures say why; keep field positions
        with stream:
            offsets = line_offsets(stream, [failure.line or 0 for failure in located])
            for failure in located:
                line = failure.line or 0
                if failure.field not in schema.field_names or line not in offsets:
                    continue
                index = schema.field_names.index(str(failure.field))
                position = position_in_file(stream, offsets[line], index)
                if position is not None:
                    moved[id(failure)] = replace(
                        failure, line=line + position[0] - 1, column=position[1]
                    )
    return [moved.get(id(failure), failure) for failure in failures]


def line_offsets(stream: BinaryIO, lines: Iterable[int]) -> dict[int, int]:
    """The byte offset where each of these lines begins (line 1 after a UTF-8 byte-order mark);
    lines beyond the file are left out. One forward pass over the file, a chunk at a time (a
    large file is never held whole), however many lines are asked for."""
    wanted = sorted({line for line in lines if line > 0})
    offsets: dict[int, int] = {}
    stream.seek(0)
    start = len(BOM) if stream.read(len(BOM)) == BOM else 0
    stream.seek(start)
    line, chunk_start, index = 1, start, 0  # `line`: the line the next unread byte is on
    while index < len(wanted) and wanted[index] == 1:
        offsets[1], index = start, index + 1
    while index < len(wanted):
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        at, left = 0, chunk.count(b"\n")  # line ends in the chunk not yet stepped over
        while index < len(wanted):
            if line + left < wanted[index]:
                line += left  # the next wanted line starts beyond this chunk
                break
            found = chunk.find(b"\n", at)
            at, line, left = found + 1, line + 1, left - 1
            while index < len(wanted) and wanted[index] == line:
                offsets[line], index = chunk_start + at, index + 1
        chunk_start += len(chunk)
    return offsets


def position_in_file(stream: BinaryIO, start: int, field: int) -> tuple[int, int] | None:
    """`cell_position` of the record beginning at byte `start`, as (lines after its first
    line + 1, character column), decoding only the lines it spans: a window of whole lines,
    widened while the record runs on past it (a quoted line break)."""
    size = _WINDOW
    while True:
        stream.seek(start)
        window = stream.read(size)
        at_end = len(window) < size
        if not at_end:
            window = window[: window.rfind(b"\n") + 1]  # whole lines (maybe none yet)
        try:
            text = window.decode("utf-8")
        except UnicodeDecodeError:
            return None  # the file's encoding failure says why
        position = cell_position(text, _line_starts(text), 1, field) if text else None
        # An even number of quotes: the window ends outside a quoted cell, so the record ended.
        if position is not None or at_end or (text and text.count('"') % 2 == 0):
            return position
        size *= 4


def _line_starts(text: str) -> list[int]:
    """Offsets where each line begins (line 1 at offset 0)."""
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def cell_position(text: str, starts: list[int], line: int, field: int) -> tuple[int, int] | None:
    """(line, column) where field number `field` (from 0) of the record beginning on `line`
    begins; None when the record has fewer fields. Quoted cells may hold commas and breaks."""
    at = starts[line - 1]
    seen = 0
    quoted = False
    while at < len(text) and seen < field:
        char = text[at]
        if quoted:
            if char == '"':
                if at + 1 < len(text) and text[at + 1] == '"':
                    at += 2  # a doubled quote is a quote inside the cell
                    continue
                quoted = False
        elif char == '"':
            quoted = True
        elif char == ",":
            seen += 1
        elif char == "\n":
            return None
        at += 1
    if seen < field:
        return None
    # Lines and columns as an editor counts them: the physical line the cell starts on.
    cell_line = line
    while cell_line < len(starts) and starts[cell_line] <= at:
        cell_line += 1
    return cell_line, at - starts[cell_line - 1] + 1
