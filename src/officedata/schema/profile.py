"""Check a descriptor or a Table Schema against the official Data Package v2 JSON Schema profiles.

The profiles ship in `schema/profiles/` (see the README there: their origin, licence and the one
addition, the v2 `list` field type). Each JSON Schema error becomes a located Failure (rule
`profile`): the file, the line and column of the failing member, and a message in plain words
naming the member by its JSON path (`keywords[0]`, `fields[3].constraints`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from officedata.failures import Failure, preview

if TYPE_CHECKING:
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError

    from officedata.schema.json_text import JsonText

DATA_PACKAGE = "datapackage.json"
TABLE_SCHEMA = "tableschema.json"
RULE = "profile"

_JSON_TYPES = {
    "string": "a string",
    "array": "a list",
    "object": "an object",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


@cache
def profile_text(name: str) -> str:
    """The text of a shipped profile (`datapackage.json`, `dataresource.json`, `tableschema.json`)."""
    return resources.files("officedata.schema").joinpath("profiles", name).read_text("utf-8")


@cache
def _validator(name: str) -> Draft7Validator:
    from jsonschema import Draft7Validator

    return Draft7Validator(json.loads(profile_text(name)))


def profile_failures(
    document: Any, profile: str, file: str, text: JsonText | None = None
) -> list[Failure]:
    """Every way `document` breaks the profile, each located in `file` (via its text).

    A document that passed this profile before is not checked again (schema/profile_passes.py).
    """
    from officedata.schema import profile_passes

    key = profile_passes.pass_key(document, profile_text(profile))
    if key is not None and profile_passes.passed_before(key):
        return []
    errors = sorted(_validator(profile).iter_errors(document), key=lambda e: list(map(str, e.path)))
    if not errors and key is not None:
        profile_passes.remember_pass(key)
    failures = []
    for error in errors:
        for found in _explain(error):
            line, column = locate_member(text, list(found.absolute_path), found.instance)
            failures.append(Failure(file, line, column, RULE, _message(found)))
    return failures


def _explain(error: ValidationError) -> Iterable[ValidationError]:
    """The errors that say what is wrong: for `oneOf`/`anyOf`, those of the alternative meant."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        yield error
        return
    by_alternative: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        by_alternative.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    # The alternative meant is the one whose `type` (e.g. a field's "type": "integer") matches.
    meant = [
        subs
        for subs in by_alternative.values()
        if not any(list(s.relative_path) == ["type"] and s.validator == "enum" for s in subs)
    ]
    if len(meant) == 1 and len(by_alternative) > 1:
        for sub in meant[0]:
            yield from _explain(sub)
        return
    yield error


def _where(path: Sequence[object]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the descriptor"


def _shown(value: object) -> str:
    """A value in a message: text quoted, anything else as JSON with its kind named."""
    if isinstance(value, str):
        return preview(value)
    kind = {bool: "boolean", int: "number", float: "number", list: "list", dict: "object"}
    shown = json.dumps(value, ensure_ascii=False)
    cut = shown if len(shown) <= 60 else shown[:60] + "…"
    return f"the {kind.get(type(value), 'value')} {cut}" if value is not None else "null"


def _message(error: ValidationError) -> str:
    where = _where(list(error.absolute_path))
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    kind = error.validator
    if kind == "type":
        wanted = schema.get("type")
        names = [wanted] if isinstance(wanted, str) else list(wanted or [])
        expected = " or ".join(_JSON_TYPES.get(str(n), str(n)) for n in names)
        return f"{where} must be {expected}, not {_shown(value)}"
    if kind == "required":
        missing = [name for name in schema.get("required", []) if name not in value]
        return f"{where} lacks the required member {', '.join(map(repr, missing))}"
    if kind == "enum":
        allowed = ", ".join(json.dumps(v) for v in schema.get("enum", []))
        return f"{where} is {_shown(value)}; it must be one of: {allowed}"
    if kind == "pattern":
        return f"{where} {_shown(value)} does not have the form the standard asks for ({schema.get('pattern')})"
    if kind == "minItems":
        return f"{where} must hold at least {schema.get('minItems')} item(s)"
    if kind == "minProperties":
        return f"{where} must not be an empty object"
    if kind == "uniqueItems":
        return f"{where} holds the same item twice"
    if kind == "anyOf" and all(
        isinstance(alt, dict) and set(alt) == {"required"} for alt in schema.get("anyOf", [])
    ):
        names = [name for alt in schema["anyOf"] for name in alt["required"]]
        return f"{where} needs at least one of the members {', '.join(map(repr, names))}"
    if kind in ("oneOf", "anyOf"):
        title = schema.get("title") or "the standard"
        return f"{where} {_shown(value)} is not a valid {str(title).lower()} as the Data Package standard defines it"
    return f"{where}: {error.message}"


def locate_member(
    text: JsonText | None, path: Sequence[object], instance: object
) -> tuple[int | None, int | None]:
    """Line and column of the failing member: each key of its path is looked for after the one
    before it, so `contributors[0].title` points into `contributors`, not at the package title."""
    if text is None:
        return None, None
    source = text.text
    keys = [part for part in path if isinstance(part, str)]
    if not keys:
        return (1, 1) if not path else (None, None)
    position = -1
    for index, key in enumerate(keys):
        pattern = re.escape(json.dumps(key)) + r"\s*:\s*"
        last = index == len(keys) - 1
        if last and path[-1] == key and not isinstance(instance, list | dict):
            values = {json.dumps(instance), json.dumps(instance, ensure_ascii=False)}
            found = re.compile(pattern + "(?:" + "|".join(map(re.escape, values)) + ")").search(
                source, max(position, 0)
            )
            if found:
                position = found.start()
                break
        found = re.compile(pattern).search(source, max(position, 0))
        if found is None:
            break
        position = found.start()
    if position < 0:
        return None, None
    line_start = source.rfind("\n", 0, position) + 1
    return source.count("\n", 0, position) + 1, position - line_start + 1
