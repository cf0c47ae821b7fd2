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

from officedata.failures import Failure
from officedata.schema.model import Package

BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20  # bytes whose line ends are counted at once


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
            data = (package.root / file).read_bytes()
        except OSError:
            continue  # the file's own failures say why; keep field positions
        offsets = line_offsets(data, [failure.line or 0 for failure in located])
        for failure in located:
            line = failure.line or 0
            if failure.field not in schema.field_names or line not in offsets:
                continue
            index = schema.field_names.index(str(failure.field))
            position = position_in_file(data, offsets[line], index)
            if position is not None:
                moved[id(failure)] = replace(
                    failure, line=line + position[0] - 1, column=position[1]
                )
    return [moved.get(id(failure), failure) for failure in failures]


def line_offsets(data: bytes, lines: Iterable[int]) -> dict[int, int]:
    """The byte offset where each of these lines begins (line 1 after a UTF-8 byte-order mark);
    lines beyond the file are left out. One forward pass, counting line ends a chunk at a time,
    however many lines are asked for."""
    offsets: dict[int, int] = {}
    at = len(BOM) if data.startswith(BOM) else 0
    line = 1  # the line `at` is on; `at` is that line's start whenever line == a wanted line
    for wanted in sorted({line for line in lines if line > 0}):
        while line < wanted:
            end = min(at + _CHUNK, len(data))
            in_chunk = data.count(b"\n", at, end)
            if end < len(data) and line + in_chunk < wanted:
                line, at = line + in_chunk, end  # the wanted line starts beyond this chunk
                continue
            while line < wanted:  # it starts in this chunk (or not at all): step line by line
                found = data.find(b"\n", at)
                if found == -1:
                    return offsets
                at, line = found + 1, line + 1
        offsets[wanted] = at
    return offsets


def position_in_file(data: bytes, start: int, field: int) -> tuple[int, int] | None:
    """`cell_position` of the record beginning at byte `start`, as (lines after its first
    line + 1, character column), decoding only the lines it spans: a window of lines, widened
    while the record runs on past it (a quoted line break)."""
    lines = 1
    while True:
        end = start
        for _ in range(lines):
            found = data.find(b"\n", end)
            end = len(data) if found == -1 else found + 1
            if found == -1:
                break
        try:
            text = data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            return None  # the file's encoding failure says why
        position = cell_position(text, _line_starts(text), 1, field)
        # An even number of quotes: the window ends outside a quoted cell, so the record ended.
        if position is not None or end == len(data) or text.count('"') % 2 == 0:
            return position
        lines *= 4


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
