"""Where a failing cell is, as an editor and a GitHub annotation count: line and character column.

Checks locate a cell by its record's first line and its field; editors and GitHub read
`file:line:column` as a character position. This pass, run once after all checks, turns each
cell failure's field into the line and character column (from 1, in characters, not bytes) where
the cell's text begins, reading each CSV with a failure once. It never reads a file outside the
package (the paths are the resources' own, already checked) and changes nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from officedata.failures import Failure
from officedata.schema.model import Package

BOM = b"\xef\xbb\xbf"


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
        starts = byte_line_starts(data)
        for failure in located:
            line = failure.line or 0
            if failure.field not in schema.field_names or not 0 < line <= len(starts):
                continue
            index = schema.field_names.index(str(failure.field))
            position = position_in_file(data, starts, line, index)
            if position is not None:
                moved[id(failure)] = replace(failure, line=position[0], column=position[1])
    return [moved.get(id(failure), failure) for failure in failures]


def byte_line_starts(data: bytes) -> list[int]:
    """Byte offsets where each line begins (line 1 after a UTF-8 byte-order mark)."""
    import numpy as np

    first = len(BOM) if data.startswith(BOM) else 0
    breaks: np.ndarray = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n")) + 1
    return [first, *breaks.tolist()]


def position_in_file(
    data: bytes, starts: list[int], line: int, field: int
) -> tuple[int, int] | None:
    """`cell_position` for the record beginning on `line`, decoding only the lines it spans.

    A million-row file with a few failures is not decoded whole: a window of lines from the
    record's start is, widened while the record runs past its end (a quoted line break)."""
    lines = 1
    while True:
        end_line = line - 1 + lines
        end = starts[end_line] if end_line < len(starts) else len(data)
        try:
            text = data[starts[line - 1] : end].decode("utf-8")
        except UnicodeDecodeError:
            return None  # the file's encoding failure says why
        position = cell_position(text, _line_starts(text), 1, field)
        # An even number of quotes: the window ends outside a quoted cell, so the record ended.
        if position is not None or end == len(data) or text.count('"') % 2 == 0:
            break
        lines *= 4
    if position is None:
        return None
    return line + position[0] - 1, position[1]


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
