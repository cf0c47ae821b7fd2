"""Rules for the descriptor and schema files themselves (their metadata, not the tables).

- `profile`: the descriptor and every schema file conform to the Data Package v2 JSON Schema
  profiles (schema/profile.py).
- `descriptor`: officedata's own metadata rules (schema/metadata.py): a safe `name`, a SemVer
  `version`, a `created` date-time not in the future, no control characters in the texts.

Whatever passes these, `build` can write: no metadata value it reads has the wrong type.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from officedata.errors import ExportError
from officedata.exporters.base import release_date
from officedata.failures import Failure
from officedata.schema.json_text import JsonText
from officedata.schema.metadata import metadata_failures, schema_text_failures
from officedata.schema.profile import DATA_PACKAGE, TABLE_SCHEMA, profile_failures
from officedata.validation.registry import rule
from officedata.validation.rules.base import Context


@rule("profile")
def check_profile(context: Context) -> Iterator[Failure]:
    """The descriptor conforms to the Data Package v2 profile, and every schema file to the
    Table Schema v2 profile (both shipped with officedata; the `list` field type included):
    e.g. `keywords` is a list of strings, each licence has a `name` or `path`."""
    package = context.package
    text = context.json_text(package.descriptor_file)
    yield from profile_failures(package.descriptor, DATA_PACKAGE, package.descriptor_file, text)
    for file, document, schema_text in _schema_files(context):
        yield from profile_failures(document, TABLE_SCHEMA, file, schema_text)


@rule("descriptor")
def check_descriptor(context: Context) -> Iterator[Failure]:
    """The package `name` is a Data Package name (lower-case letters, digits, `-`, `_`, `.`)
    and `version` a SemVer 2.0.0 version (they name the release zip); `created` is an RFC 3339
    date-time not in the future (without it, SOURCE_DATE_EPOCH dates the release and must be
    set); every contributor is an object; no title, description or
    other text of the descriptor or a schema holds a control character."""
    package = context.package
    text = context.json_text(package.descriptor_file)
    yield from metadata_failures(package.descriptor, package.descriptor_file, text, context.today)
    if not isinstance(package.descriptor.get("created"), str) or not package.descriptor["created"]:
        try:
            release_date(package)  # what build dates the release with: SOURCE_DATE_EPOCH
        except ExportError as error:
            yield Failure(package.descriptor_file, 1, 1, "descriptor", str(error))
    for file, document, schema_text in _schema_files(context):
        if isinstance(document, dict):
            yield from schema_text_failures(document, file, schema_text)


def _schema_files(context: Context) -> Iterator[tuple[str, Any, JsonText | None]]:
    """(file, parsed JSON, text) of each schema file, once each."""
    seen: set[str] = set()
    for resource in context.package.resources:
        file = resource.schema_path
        if file is None or file in seen:
            continue
        seen.add(file)
        text = context.json_text(file)
        if text is None:
            continue
        try:
            document = json.loads(text.text)
        except (ValueError, RecursionError):
            continue
        yield file, document, text
