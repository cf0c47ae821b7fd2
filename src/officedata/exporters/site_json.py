"""The site API's JSON text: exactly `json.dumps(value, ensure_ascii=False, sort_keys=True,
indent=1)` (dates as ISO text), but each row encoded once and spliced into every document that
holds it.

With an indent, the standard library encodes in pure Python, value by value; at 1e5 stations a
report row sits in ~40 station documents and every row in its table's document as well. A row's
text at nesting level L is its text at level 0 with L spaces after each line break (JSON text
has no raw line break inside a string), so `Encoded` keeps the level-0 text and `encoded`
re-indents it where it is placed. Strings go through the same C escaper `json` uses; any value
this module does not know is handed to `json.dumps` itself, so the bytes cannot differ.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from json.encoder import encode_basestring
from typing import Any

INFINITY = float("inf")


@dataclass(frozen=True)
class Encoded:
    """JSON text already encoded at nesting level 0 (by `encoded`)."""

    text: str


def iso_date(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"no JSON form for {type(value).__name__}")


def standard(value: object, level: int) -> str:
    """The standard library's text for value, placed at nesting level `level`."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1, default=iso_date)
    return text.replace("\n", "\n" + " " * level) if level else text


def float_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value == INFINITY:
        return "Infinity"
    if value == -INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def boolean_text(value: bool) -> str:
    return "true" if value else "false"


def null_text(value: None) -> str:
    return "null"


# The text of a scalar by its exact type, what json.encoder writes for it (subclasses, e.g. an
# int enum, take the general path below, as they do in json.encoder).
SCALAR_TEXT: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: float_text,
    bool: boolean_text,
    type(None): null_text,
}


def encoded(value: Any, level: int = 0) -> str:
    """`json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)` with dates as ISO text,
    as it reads at nesting level `level` (0 for a whole document)."""
    scalar = SCALAR_TEXT.get(type(value))
    if scalar is not None:
        return scalar(value)
    # The checks follow json.encoder's order (a bool is an int, so it comes first).
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, Encoded):
        return value.text.replace("\n", "\n" + " " * level) if level else value.text
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + " " * (level + 1)
        items = ("," + inner).join(
            [
                text(item) if (text := SCALAR_TEXT.get(type(item))) else encoded(item, level + 1)
                for item in value
            ]
        )
        return f"[{inner}{items}\n{' ' * level}]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        if any(type(key) is not str for key in value):
            return standard(value, level)  # keys json turns into text its own way
        inner = "\n" + " " * (level + 1)
        members = ("," + inner).join(
            [
                encode_basestring(key)
                + ": "
                + (
                    text(item)
                    if (text := SCALAR_TEXT.get(type(item)))
                    else encoded(item, level + 1)
                )
                for key, item in sorted(value.items())
            ]
        )
        return f"{{{inner}{members}\n{' ' * level}}}"
    if isinstance(value, date):
        return encode_basestring(value.isoformat())
    return standard(value, level)  # raises json's own TypeError for what has no JSON form


def json_bytes(document: object) -> bytes:
    """The UTF-8 bytes of a JSON file of the API: the document's text and a line break."""
    return (encoded(document) + "\n").encode("utf-8")
