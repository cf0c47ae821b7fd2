"""The Markdown data dictionary (docs/data-dictionary.md), rendered from the Table Schemas.

Every table, field, type, constraint, description and enum value with its meaning comes from the
dictionary rows (the same rows the Excel dictionary sheet and `officedata.describe` use); nothing
is typed here by hand. Rendering is pure: same schemas → the same text, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

from officedata.datadict import field_rows
from officedata.package import Package, Resource

DICTIONARY_PATH = Path("docs") / "data-dictionary.md"


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, line breaks flattened."""
    return " ".join(str(text).split()).replace("|", "\\|")


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
    for resource in package.resources:
        lines.extend(render_resource(resource))
    return "\n".join(lines).rstrip("\n") + "\n"


def render_resource(resource: Resource) -> list[str]:
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
    rows = field_rows(resource)
    for row in rows:
        required = "yes" if row.required else "no"
        if row.unique:
            required += ", unique"
        constraints = row.constraints
        if row.values:
            values = ", ".join(f"`{v}`" for v, _ in row.values)
            constraints = f"one of {values}" + (f"; {constraints}" if constraints else "")
        lines.append(
            f"| `{row.field}` | {cell(row.title)} | {cell(row.type)} | {required} "
            f"| {cell(constraints)} | {cell(row.description)} |"
        )
    lines.append("")
    for row in rows:
        if not row.values:
            continue
        lines += [
            f"### {resource.name}.{row.field} values",
            "",
            "| Value | Meaning |",
            "| --- | --- |",
        ]
        lines += [f"| `{value}` | {cell(meaning)} |" for value, meaning in row.values]
        lines.append("")
    return lines
