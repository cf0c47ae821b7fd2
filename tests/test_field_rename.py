"""Renaming a field consistently (schema, keys that name it, CSV header) never crashes validation.

Every field of every table is renamed in turn. The package must then be valid, or invalid with
located failures; a check that reads the old name says which field it needs
(`rule-needs-field`) instead of failing as an internal error.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, copy_package, read_rows, write_rows

from officedata.schema.descriptor import load_package
from officedata.validation.registry import registered_rules
from officedata.validation.validate import validate_package

PACKAGE = load_package(REPO)
ALL_FIELDS = [(r.name, f.name) for r in PACKAGE.resources for f in r.schema.fields]
# One by one: the fields the registered checks read (the ones a rename can break).
FIELDS = sorted({tuple(ref.split(".", 1)) for rule in registered_rules() for ref in rule.needs})


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


# The status rule reads its fields through schema/domain.py's roles only: with the roles moved
# to renamed fields it finds exactly what it found before the rename.
(STATUS_RULE,) = [rule for rule in registered_rules() if rule.id == "status-evidence"]
STATUS_FIELDS = [tuple(ref.split(".", 1)) for ref in STATUS_RULE.needs]


@pytest.mark.parametrize(
    ("table", "field"), STATUS_FIELDS, ids=[f"{t}.{f}" for t, f in STATUS_FIELDS]
)
def test_the_status_rule_follows_its_roles_to_a_renamed_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, field: str
) -> None:
    from dataclasses import fields, replace

    from officedata.schema import domain
    from officedata.validation.rules import status
    from officedata.validation.rules.base import Context

    root = copy_package(tmp_path / "package")
    offices_csv = root / "data" / "offices.csv"
    rows = read_rows(offices_csv)
    rows[0]["status"] = "convicted"  # no conviction is recorded for any office
    write_rows(offices_csv, rows)
    before = _status_failures(validate_package(root), status, Context)
    assert any(f.rule == "status-unbacked" and f.line == 2 for f in before)
    roles = status.O if table == "offices" else status.RS
    (role,) = [
        r.name for r in fields(roles) if r.name != "table" and getattr(roles, r.name) == field
    ]
    rename_everywhere(root, table, field, f"{field}_renamed")
    moved = replace(roles, **{role: f"{field}_renamed"})
    monkeypatch.setattr(status, "O" if table == "offices" else "RS", moved)
    after = _status_failures(validate_package(root), status, Context)
    assert [(f.rule, f.line, f.message) for f in after] == [
        (f.rule, f.line, f.message) for f in before
    ]
    assert domain.OFFICES.status == "status"  # the module's roles were not changed for others


def _status_failures(result, status, context_type):  # type: ignore[no-untyped-def]
    assert result.package is not None
    context = context_type(package=result.package, tables=result.tables, today=date.today())
    return list(status.check_status(context))
