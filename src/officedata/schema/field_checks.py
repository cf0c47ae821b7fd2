"""What makes a Table Schema field definition unusable, in plain words.

Every property this toolkit reads is checked here, so a schema typo is a located failure and
never a crash deep inside typing or validation. Supported types are those of the type registry.
"""

from __future__ import annotations

import re
from typing import Any

from officedata.schema.model import BACKED_BY_PROPERTY, PARTIAL_DATE_PROPERTY
from officedata.schema.types import FIELD_TYPES, LIST_ITEM_TYPES

SUPPORTED_TYPES = frozenset(FIELD_TYPES)
_LENGTHS = ("minLength", "maxLength")
_BOUNDS = ("minimum", "maximum")
_FLAGS = ("required", "unique")
SUPPORTED_CONSTRAINTS = frozenset({*_FLAGS, "enum", "pattern", *_BOUNDS, *_LENGTHS})


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def field_problems(raw: dict[str, Any]) -> list[str]:
    """What makes a field definition unusable, in plain words (empty when it is fine).

    Every property this toolkit reads is checked here, so a schema typo is a located failure
    and never a crash deep inside typing or validation.
    """
    kind = raw.get("type", "string")
    if not isinstance(kind, str) or kind not in SUPPORTED_TYPES:
        return [f"type {kind!r} is not supported (supported: {', '.join(sorted(SUPPORTED_TYPES))})"]
    problems = []
    item_type = raw.get("itemType", "string")
    if kind == "list" and (not isinstance(item_type, str) or item_type not in LIST_ITEM_TYPES):
        problems.append(f"itemType {item_type!r} is not supported")
    delimiter = raw.get("delimiter", ",")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        problems.append(f"delimiter {delimiter!r} must be a single character")
    for prop in ("trueValues", "falseValues"):
        if prop in raw and not (_is_text_list(raw[prop]) and raw[prop]):
            problems.append(f"'{prop}' must be a non-empty list of strings")
    categories = raw.get("categories", [])
    if not isinstance(categories, list) or not all(
        isinstance(c, dict) and "value" in c for c in categories
    ):
        problems.append("'categories' must be a list of objects with a 'value'")
    if not isinstance(raw.get(PARTIAL_DATE_PROPERTY, False), bool):
        problems.append(f"'{PARTIAL_DATE_PROPERTY}' must be true or false")
    backed_by = raw.get(BACKED_BY_PROPERTY, {})
    if not isinstance(backed_by, dict) or not all(
        isinstance(actions, list) and _is_text_list(actions) for actions in backed_by.values()
    ):
        problems.append(f"'{BACKED_BY_PROPERTY}' must map each value to a list of action names")
    constraints = raw.get("constraints", {})
    if not isinstance(constraints, dict):
        return [*problems, "'constraints' must be an object"]
    for name, value in constraints.items():
        problems.extend(_constraint_problems(kind, name, value))
    return problems


def _constraint_problems(kind: str, name: str, value: object) -> list[str]:
    if name not in SUPPORTED_CONSTRAINTS:
        return [f"constraint '{name}' is not supported"]
    if name in _FLAGS and not isinstance(value, bool):
        return [f"constraint '{name}' must be true or false"]
    if name == "enum" and not (
        isinstance(value, list)
        and value
        and all(isinstance(v, str) or _is_number(v) for v in value)
    ):
        return ["constraint 'enum' must be a non-empty list of values"]
    if name == "pattern":
        if not isinstance(value, str):
            return ["constraint 'pattern' must be a string"]
        try:
            re.compile(value)
        except re.error as error:
            return [f"constraint 'pattern' is not a valid regular expression: {error}"]
        if reason := re2_refusal(value):
            return [
                "constraint 'pattern' uses syntax the linear-time regular expression engine "
                f"(RE2) cannot run ({reason}); rewrite it without backreferences or lookaround"
            ]
    if name in _BOUNDS:
        if kind not in ("integer", "number"):
            return [f"constraint '{name}' applies only to integer and number fields"]
        if not _is_number(value):
            return [f"constraint '{name}' must be a number, not {value!r}"]
    if name in _LENGTHS and kind not in ("string", "list"):
        return [f"constraint '{name}' applies only to string and list fields"]
    if name in _LENGTHS and not (
        isinstance(value, int) and not isinstance(value, bool) and value >= 0
    ):
        return [f"constraint '{name}' must be a whole number ≥ 0"]
    return []


def re2_refusal(pattern: str) -> str | None:
    """Why RE2 (pyarrow's engine, linear in the text) cannot run the pattern, or None.

    Patterns are checked with RE2 only, so a crafted value can never make a check backtrack for
    ever, as Python's `re` can on patterns such as (a+)+$."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from officedata.table.arrow_numpy import string_array

    try:
        pc.match_substring_regex(string_array([""]), f"^(?:{pattern})$")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        return str(error).splitlines()[0]
    return None
