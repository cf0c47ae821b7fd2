"""A PackageDiff as text for people, JSON for programs (changes.json) and Markdown for CHANGELOG.md.

Only presents: every count and value comes from the PackageDiff. Output is deterministic.
"""

from __future__ import annotations

import json
from typing import Any

from officedata.analysis.diff import PackageDiff, TableDiff, next_version
from officedata.failures import preview

FORMATS = ("text", "json", "markdown")


def render(diff: PackageDiff, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(to_json(diff), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return render_markdown(diff)
    return render_text(diff)


def key_text(key: dict[str, str | None]) -> str:
    return "/".join(str(value) for value in key.values())


def value_text(value: str | None) -> str:
    return "(empty)" if value is None else preview(value)


def counts_text(table: TableDiff) -> str:
    if table.status == "added":
        return f"new table, {table.new_rows} rows"
    if table.status == "removed":
        return f"table removed ({table.old_rows} rows)"
    rows = f"{table.old_rows} → {table.new_rows} rows"
    if table.status == "unchanged":
        return f"unchanged ({table.new_rows} rows)"
    return (
        f"{rows}: {len(table.added)} added, {len(table.removed)} removed, "
        f"{len(table.modified)} modified"
    )


def schema_lines(table: TableDiff) -> list[str]:
    lines = [f"field added: {name}" for name in table.fields_added]
    lines += [f"field removed: {name}" for name in table.fields_removed]
    lines += [f"field renamed: {old} → {new}" for old, new in table.fields_renamed]
    lines += [f"field {name} type changed: {a} → {b}" for name, a, b in table.types_changed]
    if table.primary_key_change:
        before, after = table.primary_key_change
        lines.append(f"primary key changed: {', '.join(before)} → {', '.join(after)}")
    return lines


def render_text(diff: PackageDiff) -> str:
    lines = [f"officedata {diff.old_version} → {diff.new_version}"]
    for table in diff.tables:
        lines.append(f"{table.name}: {counts_text(table)}")
        lines += [f"  schema: {line}" for line in schema_lines(table)]
        lines += [f"  + {key_text(key)}" for key in table.added]
        lines += [f"  - {key_text(key)}" for key in table.removed]
        for change in table.modified:
            lines.append(f"  ~ {key_text(change.key)}")
            lines += [
                f"      {name}: {change_text(before, after)}"
                for name, (before, after) in change.changes.items()
            ]
    bump, why = diff.suggested_bump()
    following = next_version(diff.old_version, bump)
    after = f", {diff.old_version} → {following}" if following else ""
    lines.append(f"suggested version bump: {bump}{after} ({why})")
    if warning := version_warning(diff):
        lines.append(warning)
    return "\n".join(lines) + "\n"


# Around the part of a long value that changed, this many characters of context are shown.
CONTEXT_CHARS = 25
SHORT_VALUE_CHARS = 60


def change_text(before: str | None, after: str | None) -> str:
    """before → after; for long texts, the part that differs with a little context around it,
    so an edit deep inside a long note is visible."""
    if before is None or after is None or max(len(before), len(after)) <= SHORT_VALUE_CHARS:
        return f"{value_text(before)} → {value_text(after)}"
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while (
        end < min(len(before), len(after)) - start
        and before[len(before) - 1 - end] == after[len(after) - 1 - end]
    ):
        end += 1
    left = max(0, start - CONTEXT_CHARS)

    def window(text: str) -> str:
        right = min(len(text), len(text) - end + CONTEXT_CHARS)
        shown = text[left:right]
        return ("…" if left else "") + shown + ("…" if right < len(text) else "")

    where = f"(from character {start + 1}) "
    return f"{where}{preview_all(window(before))} → {preview_all(window(after))}"


def preview_all(text: str) -> str:
    """The text quoted in full (it is already a short window), control characters escaped."""
    return "'" + text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'"


def version_warning(diff: PackageDiff) -> str:
    """A warning when the new release declares a version other than the policy's bump asks."""
    bump, _ = diff.suggested_bump()
    expected = next_version(diff.old_version, bump)
    if expected is None or diff.new_version == expected:
        return ""
    return (
        f"warning: the new release declares version {diff.new_version}, but docs/versioning.md "
        f"asks for a {bump} bump: {diff.old_version} → {expected}"
    )


def to_json(diff: PackageDiff) -> dict[str, Any]:
    bump, why = diff.suggested_bump()
    tables = {}
    for table in diff.tables:
        tables[table.name] = {
            "status": table.status,
            "rows": {
                "old": table.old_rows,
                "new": table.new_rows,
                "added": len(table.added),
                "removed": len(table.removed),
                "modified": len(table.modified),
            },
            "schema": {
                "fields_added": table.fields_added,
                "fields_removed": table.fields_removed,
                "fields_renamed": [{"from": a, "to": b} for a, b in table.fields_renamed],
                "types_changed": [
                    {"field": name, "from": a, "to": b} for name, a, b in table.types_changed
                ],
                "primary_key": None
                if table.primary_key_change is None
                else {"from": table.primary_key_change[0], "to": table.primary_key_change[1]},
            },
            "added": table.added,
            "removed": table.removed,
            "modified": [
                {
                    "key": change.key,
                    "changes": {
                        name: {"before": before, "after": after}
                        for name, (before, after) in change.changes.items()
                    },
                }
                for change in table.modified
            ],
        }
    return {
        "old_version": diff.old_version,
        "new_version": diff.new_version,
        "suggested_bump": {
            "level": bump,
            "reason": why,
            "next_version": next_version(diff.old_version, bump),
        },
        "summary": {
            "added": sum(len(t.added) for t in diff.tables),
            "removed": sum(len(t.removed) for t in diff.tables),
            "modified": sum(len(t.modified) for t in diff.tables),
            "schema_changes": sum(len(schema_lines(t)) for t in diff.tables),
        },
        "tables": tables,
    }


def code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def render_markdown(diff: PackageDiff) -> str:
    """Keep a Changelog sections (Added / Changed / Removed) for one release entry."""
    added: list[str] = []
    changed: list[str] = []
    removed: list[str] = []
    for table in diff.tables:
        if table.status == "added":
            added.append(f"Table {code(table.name)} ({table.new_rows} rows).")
            continue
        if table.status == "removed":
            removed.append(f"Table {code(table.name)} ({table.old_rows} rows).")
            continue
        name = code(table.name)
        added += [f"{name}: field {code(f)}." for f in table.fields_added]
        removed += [f"{name}: field {code(f)}." for f in table.fields_removed]
        changed += [
            f"{name}: field {code(a)} renamed to {code(b)}." for a, b in table.fields_renamed
        ]
        changed += [
            f"{name}: field {code(f)} is now {a_to_b(a, b)}." for f, a, b in table.types_changed
        ]
        if table.primary_key_change:
            before, after = table.primary_key_change
            changed.append(
                f"{name}: primary key {code(', '.join(before))} → {code(', '.join(after))}."
            )
        if table.added:
            keys = ", ".join(code(key_text(k)) for k in table.added)
            added.append(f"{name}: {plural(len(table.added), 'row')}: {keys}.")
        if table.removed:
            keys = ", ".join(code(key_text(k)) for k in table.removed)
            removed.append(f"{name}: {plural(len(table.removed), 'row')}: {keys}.")
        if table.modified:
            items = ", ".join(
                f"{code(key_text(c.key))} ({', '.join(c.changes)})" for c in table.modified
            )
            changed.append(f"{name}: {plural(len(table.modified), 'row')} changed: {items}.")
    counts = ", ".join(f"{t.name} {t.new_rows}" for t in diff.tables if t.status != "removed")
    lines = [f"Row counts: {counts}.", ""]
    for heading, entries in (("Added", added), ("Changed", changed), ("Removed", removed)):
        if entries:
            lines += [f"### {heading}", ""] + [f"- {item}" for item in entries] + [""]
    if not (added or changed or removed):
        lines += ["No data or schema changes.", ""]
    return "\n".join(lines)


def a_to_b(before: str, after: str) -> str:
    return f"{after} (was {before})"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
