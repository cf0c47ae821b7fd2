"""The descriptor is a Frictionless Data Package v2 that frictionless itself accepts."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from officedata.schema.descriptor import load_package

DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = ["offices", "countries", "reports", "responses"]


def test_descriptor_declares_the_v2_profile_and_required_metadata():
    assert DESCRIPTOR["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert DESCRIPTOR["name"] == "officedata"
    for key in (
        "title",
        "description",
        "version",
        "licenses",
        "sources",
        "contributors",
        "keywords",
    ):
        assert DESCRIPTOR[key], key
    assert [lic["name"] for lic in DESCRIPTOR["licenses"]] == ["CC-BY-4.0"]


def test_version_is_semver():
    major, minor, patch = DESCRIPTOR["version"].split(".")
    assert all(part.isdigit() for part in (major, minor, patch))


@pytest.mark.parametrize("name", RESOURCES)
def test_each_resource_is_a_table_with_its_csv_and_schema(name):
    resource = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)
    assert resource["type"] == "table"
    assert resource["path"] == f"data/{name}.csv"
    assert resource["schema"] == f"schemas/{name}.json"


@pytest.mark.parametrize("name", RESOURCES)
def test_every_field_has_a_title_and_description(name):
    schema = json.loads((REPO / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    for field in schema["fields"]:
        assert field.get("title"), f"{name}.{field['name']} has no title"
        assert field.get("description"), f"{name}.{field['name']} has no description"
    assert isinstance(schema["primaryKey"], list)
    for key in schema.get("foreignKeys", []):
        assert isinstance(key["fields"], list)


def test_frictionless_accepts_the_committed_package():
    from frictionless import validate

    report = validate(str(REPO / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_library_reads_every_resource():
    package = load_package(REPO)
    assert package.resource_names == RESOURCES
