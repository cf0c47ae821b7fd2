"""The validator checks everything the Table Schemas say (drift test, by behaviour).

The bad-input corpus (tests/bad_inputs.py, asserted in tests/test_bad_inputs.py) breaks each
type and each constraint of every field once and requires the failure at that cell. This file
proves the corpus keeps up with the schemas: every constraint a schema uses is one the corpus
knows how to break, and every field's type and constraints, and every table's primary key, has
its case. It also checks the other side: what a schema allows (an empty optional cell) passes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bad_inputs import _WRONG_TYPE, all_cases, copy_package, read_csv, write_csv
from conftest import REPO
from helpers import validate_json

from officedata.schema.descriptor import load_package

PACKAGE = load_package(REPO)
CASE_IDS = {case.id for case in all_cases()}
# Constraints the corpus breaks (tests/bad_inputs.py, _violations and _unique_case).
BROKEN_BY_THE_CORPUS = {
    "required",
    "unique",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "maxLength",
    "minLength",
}


@pytest.mark.parametrize("resource", PACKAGE.resources, ids=lambda r: r.name)
def test_no_constraint_in_a_schema_goes_unchecked(resource):
    for field in resource.schema.fields:
        unknown = set(field.constraints) - BROKEN_BY_THE_CORPUS
        assert not unknown, f"{resource.name}.{field.name}: {unknown} has no bad-input case"


@pytest.mark.parametrize("resource", PACKAGE.resources, ids=lambda r: r.name)
def test_the_corpus_breaks_every_type_and_constraint_of_every_field(resource):
    missing = []
    for field in resource.schema.fields:
        prefix = f"{resource.name}.{field.name}"
        wanted = set()
        if field.type != "string":  # any text is a string; every other type can be wrong
            wanted.add(f"{prefix}.type-{field.type}")
            assert field.type in _WRONG_TYPE, f"{prefix}: no wrong value for {field.type}"
        for constraint, value in field.constraints.items():
            if constraint == "minLength" and value <= 1:
                continue  # shorter than 1 character is empty, which "required" breaks
            if value is not False:
                wanted.add(f"{prefix}.{constraint}")
        missing += sorted(wanted - CASE_IDS)
    assert missing == []


def test_every_table_with_a_primary_key_has_a_duplicate_key_case():
    keyed = [r.name for r in PACKAGE.resources if r.schema.primary_key]
    assert keyed == PACKAGE.resource_names
    assert {f"{name}.primary-key" for name in keyed} <= CASE_IDS


def empty_optional_cells(root: Path) -> dict[str, set[str]]:
    """Empty every optional cell of each table's first row; return file -> emptied fields."""
    emptied = {}
    for resource in PACKAGE.resources:
        header, rows = read_csv(root, resource.name)
        optional = [f.name for f in resource.schema.fields if not f.required]
        for name in optional:
            rows[0][header.index(name)] = ""
        write_csv(root, resource.name, header, rows)
        emptied[resource.path] = set(optional)
    assert any(emptied.values())
    return emptied


def test_empty_optional_cells_are_accepted_by_the_type_and_constraint_checks(tmp_path):
    """Every optional cell of each table's first row emptied at once: no type or constraint
    failure there (rules across fields, such as coordinates in pairs, may still object)."""
    root = copy_package(tmp_path / "package")
    emptied = empty_optional_cells(root)
    _, report = validate_json(root)
    per_field = {"type", "required", "enum", "pattern", "minimum", "maximum", "maxLength"}
    objections = [
        f
        for f in report["failures"]
        if f["line"] == 2 and f["field"] in emptied.get(f["file"], ()) and f["rule"] in per_field
    ]
    assert objections == [], json.dumps(objections, indent=1)


def test_empty_optional_cells_never_crash_a_rule(tmp_path):
    root = copy_package(tmp_path / "package")
    empty_optional_cells(root)
    _, report = validate_json(root)
    crashes = [f["message"] for f in report["failures"] if f["rule"] == "internal-error"]
    assert crashes == []
