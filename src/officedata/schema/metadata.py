"""officedata's own rules for descriptor metadata, the ones a JSON Schema profile cannot say.

- `name` is a Data Package name (lower-case letters, digits, `-`, `_`, `.`; first a letter or
  digit) and `version` a
  SemVer 2.0.0 version: both name the release folder and zip, so they must never be paths.
- `created` is an RFC 3339 date-time that does not lie in the future (it dates the release).
- each contributor is an object (the v2 profile leaves that out).
- no text of the descriptor or a schema holds a control character (a description may hold
  line breaks and tabs), nor half of a surrogate pair: CITATION.cff, the workbook and the
  release descriptor could not carry them.

Each failure is located at the member (rule `descriptor`). Nothing here reads files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from officedata.failures import Failure, preview
from officedata.schema.json_text import JsonText
from officedata.schema.profile import locate_member

RULE = "descriptor"

# A Data Package name; officedata also asks it to start with a letter or digit (no "..").
NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
# semver.org's own expression (2.0.0), with [0-9] for \d so no other digits pass.
SEMVER = re.compile(
    r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
    r"(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)
RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
# C0 and C1 control characters and DEL; lone surrogates (JSON "\ud800" parses to one).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_IN_DESCRIPTION = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# The members of a Table Schema that are text for people (the rest are data: delimiters,
# missing values, patterns, enums, which the table checks judge).
_SCHEMA_TEXT = frozenset({"name", "title", "description", "label"})

Path = tuple[str | int, ...]


def metadata_failures(
    descriptor: dict[str, Any], file: str, text: JsonText | None, today: date
) -> list[Failure]:
    """Every way the package's metadata breaks officedata's own rules."""
    failures: list[Failure] = []

    def fail(path: Path, value: object, message: str) -> None:
        line, column = locate_member(text, path, value)
        failures.append(Failure(file, line, column, RULE, message))

    name = descriptor.get("name")
    if isinstance(name, str) and not NAME.fullmatch(name):
        fail(
            ("name",),
            name,
            f"name {preview(name)} is not a Data Package name: use only lower-case letters, "
            "digits, '-', '_' and '.', starting with a letter or digit (it names the release "
            "folder and zip)",
        )
    version = descriptor.get("version")
    if "version" not in descriptor:
        fail(
            (),
            None,
            "the descriptor has no 'version'; a release is named after it (e.g. \"1.0.0\")",
        )
    elif isinstance(version, str) and not SEMVER.fullmatch(version):
        fail(
            ("version",),
            version,
            f'version {preview(version)} is not a SemVer 2.0.0 version such as "1.2.0"',
        )
    created = descriptor.get("created")
    if isinstance(created, str):
        problem = created_problem(created, today)
        if problem:
            fail(("created",), created, problem)
    contributors = descriptor.get("contributors")
    if isinstance(contributors, list):
        for index, contributor in enumerate(contributors):
            if not isinstance(contributor, dict):
                fail(
                    ("contributors", index),
                    contributor,
                    f'contributors[{index}] must be an object (e.g. {{"title": "…"}}), '
                    f"not {preview(contributor)}",
                )
    for path, value in _strings(descriptor, ()):
        if path and path[0] == "resources" and "schema" in path:
            continue  # an inline Table Schema: judged as a schema below
        message = _control_problem(path, value)
        if message:
            fail(path, value, message)
    resources = descriptor.get("resources")
    for index, resource in enumerate(resources if isinstance(resources, list) else []):
        if isinstance(resource, dict) and isinstance(resource.get("schema"), dict):
            failures.extend(
                schema_text_failures(resource["schema"], file, text, ("resources", index, "schema"))
            )
    return failures


def schema_text_failures(
    schema: dict[str, Any], file: str, text: JsonText | None, prefix: Path = ()
) -> list[Failure]:
    """Control characters in a Table Schema's names, titles, descriptions and labels."""
    failures = []
    for path, value in _strings(schema, prefix):
        key = next((part for part in reversed(path) if isinstance(part, str)), "")
        if key not in _SCHEMA_TEXT or "constraints" in path:
            continue
        message = _control_problem(path, value)
        if message:
            line, column = locate_member(text, path, value)
            failures.append(Failure(file, line, column, RULE, message))
    return failures


def created_problem(created: str, today: date) -> str | None:
    """Why `created` cannot date a release, or None."""
    if not RFC3339.fullmatch(created):
        return (
            f"created {preview(created)} is not an RFC 3339 date-time such as "
            '"2024-05-01T00:00:00Z"'
        )
    try:
        moment = datetime.fromisoformat(created.upper().replace("Z", "+00:00"))
    except ValueError:
        return f"created {preview(created)} is not a real date and time"
    try:
        day = moment.astimezone(UTC).date()
    except (OverflowError, ValueError):
        return f"created {preview(created)} is out of the range of dates a release can carry"
    if day > today:
        return f"created {preview(created)} lies in the future (today is {today.isoformat()})"
    return None


def _control_problem(path: Sequence[str | int], value: str) -> str | None:
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    pattern = _CONTROL_IN_DESCRIPTION if key == "description" else _CONTROL
    found = pattern.search(value)
    if found is None:
        return None
    char = found.group()
    where = _where(path)
    if "\ud800" <= char <= "\udfff":
        return f"{where} holds half of a surrogate pair (U+{ord(char):04X}), which is no character; remove it"
    allowed = " (a description may hold line breaks and tabs)" if key == "description" else ""
    return (
        f"{where} holds the control character U+{ord(char):04X}, which the citation and "
        f"spreadsheet of a release cannot carry; remove it{allowed}"
    )


def _strings(node: object, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))


def _where(path: Sequence[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the descriptor"
