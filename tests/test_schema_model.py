"""The pandera model is generated from the Table Schema and covers all of it (drift test)."""

from __future__ import annotations

import pytest
from conftest import REPO

from officedata.schema.descriptor import load_package
from officedata.schema.types import field_type
from officedata.validation.model import build_model

PACKAGE = load_package(REPO)
CHECKED_CONSTRAINTS = {"enum", "pattern", "minimum", "maximum", "minLength", "maxLength"}


@pytest.mark.parametrize("resource", PACKAGE.resources, ids=lambda r: r.name)
def test_every_schema_field_has_a_model_column(resource):
    model = build_model(resource.schema, resource.name)
    assert list(model.columns) == resource.schema.field_names
    assert model.strict and model.ordered


@pytest.mark.parametrize("resource", PACKAGE.resources, ids=lambda r: r.name)
def test_model_columns_carry_type_requiredness_uniqueness_and_constraints(resource):
    model = build_model(resource.schema, resource.name)
    for field in resource.schema.fields:
        column = model.columns[field.name]
        assert str(column.dtype) == str(field_type(field).pandas_dtype(field)), field.name
        assert column.nullable == (not field.required), field.name
        assert column.unique == field.unique, field.name
        wanted = CHECKED_CONSTRAINTS & set(field.constraints)
        assert wanted <= {check.name for check in column.checks}, field.name


@pytest.mark.parametrize("resource", PACKAGE.resources, ids=lambda r: r.name)
def test_primary_key_is_enforced_by_the_model(resource):
    model = build_model(resource.schema, resource.name)
    assert model.unique == list(resource.schema.primary_key)


@pytest.mark.parametrize("resource", PACKAGE.resources, ids=lambda r: r.name)
def test_no_constraint_in_a_schema_goes_unmapped(resource):
    understood = CHECKED_CONSTRAINTS | {"required", "unique"}
    for field in resource.schema.fields:
        unknown = set(field.constraints) - understood
        assert not unknown, f"{resource.name}.{field.name}: {unknown} is not mapped to pandera"
