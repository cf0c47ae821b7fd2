"""The Markdown data dictionary (docs/data-dictionary.md), rendered from the Table Schemas.

Every table, field, type, constraint, description and enum value with its meaning comes from the
dictionary rows (the same rows the Excel dictionary sheet and `officedata.describe` use); nothing
is typed here by hand. Rendering is pure: same schemas → the same text, byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path

from officedata.documentation.dictionary import DictionaryRow, dictionary_rows
from officedata.schema.model import Package, Resource

DICTIONARY_PATH = Path("docs") / "data-dictionary.md"
README_MAP_PATH = Path("docs") / "offices-map.png"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def cell(text: str) -> str:
    """Text shown literally inside a Markdown table cell: line breaks flattened, and the
    characters Markdown would read as markup (emphasis, links, HTML, cell borders) escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def render_data_dictionary(package: Package) -> str:
    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated from schemas/*.json by `officedata docs`. Do not edit by hand. -->",
        "",
        cell(package.title) + ".",
        "",
        "Tables: " + ", ".join(f"[`{r.name}`](#{r.name})" for r in package.resources) + ".",
        "Empty cells mean *unknown* or *not applicable*; list fields separate items with the "
        "delimiter shown in their type. Partial dates keep the precision the sources give.",
        "",
    ]
    rows = dictionary_rows(package)
    for resource in package.resources:
        lines.extend(render_resource(resource, [r for r in rows if r.table == resource.name]))
    lines.extend(render_rule_catalogue())
    return "\n".join(lines).rstrip("\n") + "\n"


def render_rule_catalogue() -> list[str]:
    """The checks a Table Schema cannot express, from the rule registry (id, fields, what)."""
    from officedata.validation.registry import rule_catalogue

    lines = [
        "## Checks beyond the schemas",
        "",
        "Besides every type and constraint above, `officedata validate` runs these checks; a "
        "failure names the check's id as its rule.",
        "",
        "| Check | Fields it reads | What it checks |",
        "| --- | --- | --- |",
    ]
    for rule_id, needs, doc in rule_catalogue():
        fields = ", ".join(f"`{ref}`" for ref in needs) or "fields named by the schemas"
        what = cell(doc).replace("\\`", "`").replace("\\_", "_")  # keep inline code as code
        lines.append(f"| `{rule_id}` | {fields} | {what} |")
    lines.append("")
    return lines


def render_resource(resource: Resource, rows: list[DictionaryRow]) -> list[str]:
    schema = resource.schema
    lines = [f"## {resource.name}", ""]
    title = resource.title or schema.title
    description = schema.description or resource.description
    lines += [f"**{cell(title)}** — {cell(description)}", ""]
    lines.append(f"- File: `{resource.path}`")
    if schema.primary_key:
        lines.append("- Primary key: " + ", ".join(f"`{k}`" for k in schema.primary_key))
    for fk in schema.foreign_keys:
        source = ", ".join(f"`{f}`" for f in fk.fields)
        target = ", ".join(f"`{fk.reference_resource}.{f}`" for f in fk.reference_fields)
        each = "each item of " if fk.each_item else ""
        lines.append(f"- Foreign key: {each}{source} → {target}")
    lines += [
        "",
        "| Field | Title | Type | Required | Constraints | Description |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        required = "yes" if row.required else "no"
        lines.append(
            f"| `{row.field}` | {cell(row.title)} | {cell(row.type)} | {required} "
            f"| {cell(row.constraints)} | {cell(row.description)} |"
        )
    lines.append("")
    for row in rows:
        if not row.enum_values:
            continue
        lines += [
            f"### {resource.name}.{row.field} values",
            "",
            "| Value | Meaning |",
            "| --- | --- |",
        ]
        lines += [f"| `{value}` | {cell(meaning)} |" for value, meaning in row.enum_values]
        lines.append("")
    return lines
