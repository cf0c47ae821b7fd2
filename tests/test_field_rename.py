"""Renaming a field consistently (schema, keys that name it, CSV header) never crashes validation.

Every field of every table is renamed in turn. The package must then be valid, or invalid with
located failures; a check that reads the old name says which field it needs
(`rule-needs-field`) instead of failing as an internal error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, copy_package, read_rows, write_rows

from officedata.schema.descriptor import load_package
from officedata.validation.registry import registered_rules
from officedata.validation.validate import validate_package

PACKAGE = load_package(REPO)
ALL_FIELDS = [(r.name, f.name) for r in PACKAGE.resources for f in r.schema.fields]
# One by one: the fields the registered checks read (the ones a rename can break).
FIELDS = sorted(
    {tuple(ref.split(".", 1)) for rule in registered_rules() for ref in rule.needs}
)


def test_renaming_every_field_at_once_gives_located_failures_never_an_internal_error(
    tmp_path: Path,
) -> None:
    root = copy_package(tmp_path / "package")
    for table, field in ALL_FIELDS:
        rename_everywhere(root, table, field, f"{field}_renamed")
    result = validate_package(root)
    rules = {failure.rule for failure in result.findings.items}
    assert "internal-error" not in rules
    assert "rule-needs-field" in rules  # every check that reads a field was told, not run


def rename_everywhere(root: Path, table: str, old: str, new: str) -> None:
    """Rename table.old to table.new in its schema, every key that names it, and its CSV."""
    for resource in load_package(root).resources:
        path = root / str(resource.schema_path)
        schema = json.loads(path.read_text(encoding="utf-8"))
        if resource.name == table:
            for field in schema["fields"]:
                if field["name"] == old:
                    field["name"] = new
            schema["primaryKey"] = [new if k == old else k for k in schema.get("primaryKey", [])]
        for prop in ("foreignKeys", "officedata:listForeignKeys"):
            for key in schema.get(prop, []):
                if resource.name == table:
                    key["fields"] = [new if f == old else f for f in key["fields"]]
                reference = key["reference"]
                if reference.get("resource", resource.name) == table:
                    reference["fields"] = [new if f == old else f for f in reference["fields"]]
        path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    csv_path = root / load_package(root).resource(table).path
    rows = read_rows(csv_path)
    header = [new if name == old else name for name in rows[0]]
    write_rows(csv_path, [{new if k == old else k: v for k, v in r.items()} for r in rows], header)


@pytest.mark.parametrize(("table", "field"), FIELDS, ids=[f"{t}.{f}" for t, f in FIELDS])
def test_a_consistently_renamed_field_gives_located_failures_never_an_internal_error(
    tmp_path: Path, table: str, field: str
) -> None:
    root = copy_package(tmp_path / "package")
    rename_everywhere(root, table, field, f"{field}_renamed")
    result = validate_package(root)
    rules = {failure.rule for failure in result.findings.items}
    assert "internal-error" not in rules, [f.message for f in result.findings.items][:3]
    for failure in result.findings.errors:
        assert failure.file, failure
    needs = [f for f in result.findings.items if f.rule == "rule-needs-field"]
    for failure in needs:
        assert failure.field == field and failure.file.startswith("schemas/"), failure
