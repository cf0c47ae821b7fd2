"""Datasette's metadata file for the database (`metadata.json`), from the descriptor and schemas.

`datasette officedata.db -m metadata.json` then shows the title, description, licence and
sources of the package, a title and description for every table, link table and view, and a
description for every column (enum values with their meanings, booleans as 0/1, the derived
date bounds explained). Tables are sorted by their key, foreign keys show the row's label
(`name` or `title`), and the search box uses the FTS5 index. Nothing here is written by hand
that the schemas already say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from officedata.exporters.sqlite_ddl import (
    POSITION_COLUMN,
    Column,
    LinkTablePlan,
    TablePlan,
)
from officedata.exporters.sqlite_extras import FULL_TEXT_SUFFIX, VIEW_DESCRIPTIONS, full_text_fields
from officedata.schema.model import Field
from officedata.table.table import Table

LABEL_COLUMNS = ("name", "title")
MAX_FACET_VALUES = 12  # enums this small (and booleans) are offered as facets on the table page


def column_description(spec: Field, column: Column) -> str:
    if column.bound == "earliest":
        return (
            f"First day of the period {spec.name} names, as an ISO date (derived: 2022 → "
            f"2022-01-01, 2022-11 → 2022-11-01). Empty when {spec.name} is empty."
        )
    if column.bound == "latest":
        return (
            f"Last day of the period {spec.name} names, as an ISO date (derived: 2022 → "
            f"2022-12-31, 2022-11 → 2022-11-30). Empty when {spec.name} is empty."
        )
    text = spec.description
    if spec.enum:
        values = [
            f"{value} ({spec.enum_labels[str(value)]})"
            if spec.enum_labels.get(str(value))
            else str(value)
            for value in spec.enum
        ]
        text += " One of: " + "; ".join(values) + "."
    if spec.type == "boolean":
        text += " Stored as 1 (true) or 0 (false)."
    return text


def table_entry(table: Table, plan: TablePlan) -> dict[str, Any]:
    columns = {
        column.name: column_description(table.schema.field(column.field), column)
        for column in plan.columns
    }
    entry: dict[str, Any] = {
        "title": table.title,
        "description": table.schema.description or table.description,
        "columns": columns,
    }
    if plan.primary_key:
        entry["sort"] = plan.primary_key[0]
    label = next((name for name in LABEL_COLUMNS if name in columns), None)
    if label:
        entry["label_column"] = label
    if full_text_fields(plan):
        entry["fts_table"] = plan.name + FULL_TEXT_SUFFIX
        entry["fts_pk"] = "rowid"
    facets = [
        spec.name
        for spec in table.schema.fields
        if (spec.enum and len(spec.enum) <= MAX_FACET_VALUES) or spec.type == "boolean"
    ]
    if facets:
        entry["facets"] = facets
    return entry


def link_table_entry(table: Table, link: LinkTablePlan) -> dict[str, Any]:
    spec = table.schema.field(link.field)
    key = ", ".join(c.name for c in link.key)
    columns = {c.name: table.schema.field(c.name).description for c in link.key}
    columns[POSITION_COLUMN] = f"Position of the item in {table.name}.{link.field}, from 0."
    columns[link.value.name] = spec.description
    return {
        "title": f"{table.title}: {spec.title or link.field}",
        "description": (
            f"The list field {table.name}.{link.field}, one row per item ({key}, position, "
            f"{link.value.name}). {spec.description}"
        ),
        "columns": columns,
        "sort": link.key[0].name,
    }


def datasette_metadata(
    descriptor: Mapping[str, Any],
    tables: Mapping[str, Table],
    plans: Sequence[TablePlan],
    views: Sequence[str],
    database: str,
) -> dict[str, Any]:
    """The metadata document for a database named `database` (the file name without .db)."""
    entries: dict[str, Any] = {}
    for plan in plans:
        table = tables[plan.name]
        entries[plan.name] = table_entry(table, plan)
        for link in plan.links:
            entries[link.name] = link_table_entry(table, link)
        if full_text_fields(plan):
            entries[plan.name + FULL_TEXT_SUFFIX] = {"hidden": True}
    for view in views:
        entries[view] = {"title": view.replace("_", " ").capitalize()}
        if view in VIEW_DESCRIPTIONS:
            entries[view]["description"] = VIEW_DESCRIPTIONS[view]
    metadata: dict[str, Any] = {
        "title": descriptor.get("title", ""),
        "description": _description(descriptor),
        "databases": {database: {"title": descriptor.get("title", ""), "tables": entries}},
    }
    licenses = descriptor.get("licenses") or []
    if licenses and isinstance(licenses[0], dict):
        metadata["license"] = licenses[0].get("title") or licenses[0].get("name", "")
        if licenses[0].get("path"):
            metadata["license_url"] = licenses[0]["path"]
    sources = [s for s in descriptor.get("sources") or [] if isinstance(s, dict)]
    if sources:
        metadata["source"] = "; ".join(str(s.get("title", "")) for s in sources)
        first_url = next((s["path"] for s in sources if s.get("path")), None)
        if first_url:
            metadata["source_url"] = first_url
    return metadata


def _description(descriptor: Mapping[str, Any]) -> str:
    text = str(descriptor.get("description", ""))
    version = descriptor.get("version")
    return f"{text} Version {version}." if version else text
