"""The data dictionary rows cover every field of every schema and say its rules in words."""

from __future__ import annotations

from officedata.documentation.dictionary import dictionary_rows
from officedata.schema.descriptor import load_package


def test_one_row_per_field_in_schema_order() -> None:
    package = load_package()
    rows = dictionary_rows(package)
    assert [(r.table, r.field) for r in rows] == [
        (resource.name, spec.name)
        for resource in package.resources
        for spec in resource.schema.fields
    ]
    for row, spec in zip(
        rows, [s for r in package.resources for s in r.schema.fields], strict=True
    ):
        assert (row.title, row.description, row.required) == (
            spec.title,
            spec.description,
            spec.required,
        )


def test_enum_values_carry_their_labels_in_schema_order() -> None:
    package = load_package()
    rows = {(r.table, r.field): r for r in dictionary_rows(package)}
    status = package.resource("offices").schema.field("status")
    assert [value for value, _ in rows["offices", "status"].enum_values] == status.enum
    assert dict(rows["offices", "status"].enum_values) == status.enum_labels
    assert rows["offices", "city"].enum_values == ()


def test_keys_and_constraints_in_words() -> None:
    rows = {(r.table, r.field): r for r in dictionary_rows(load_package())}
    assert rows["offices", "office_id"].constraints.startswith("primary key; unique")
    assert "is a value of countries.iso2" in rows["offices", "country"].constraints
    assert "each item is a value of reports.report_id" in rows["offices", "sources"].constraints
    assert "from -90 to 90" in rows["offices", "latitude"].constraints
    assert rows["offices", "status_date"].type.startswith("partial date")
    assert rows["reports", "url"].type == "string (URL)"
