"""Schema patterns run on RE2 only: one that needs backtracking is refused as a located failure."""

from __future__ import annotations

from pathlib import Path

from conftest import edit_schema, read_rows, write_rows

from officedata.validation.validate import validate_package


def test_a_backreference_pattern_is_refused_at_the_schema(package: Path) -> None:
    def change(schema: dict) -> None:
        field = next(f for f in schema["fields"] if f["name"] == "city")
        field.setdefault("constraints", {})["pattern"] = r"(a+)\1"

    edit_schema(package, "offices", change)
    result = validate_package(package)
    found = [f for f in result.findings.errors if "RE2" in f.message]
    assert len(found) == 1 and found[0].file == "schemas/offices.json"
    assert "field 'city'" in found[0].message


def test_a_catastrophic_pattern_for_pythons_re_is_judged_in_linear_time(package: Path) -> None:
    # (a+)+$ backtracks exponentially in Python's re on 'aaaa…b'; RE2 answers at once.
    def change(schema: dict) -> None:
        field = next(f for f in schema["fields"] if f["name"] == "city")
        field.setdefault("constraints", {})["pattern"] = r"(a+)+"

    edit_schema(package, "offices", change)
    path = package / "data" / "offices.csv"
    rows = read_rows(path)
    rows[0]["city"] = "a" * 5000 + "b"
    write_rows(path, rows)
    result = validate_package(package)
    planted = [f for f in result.findings.errors if f.rule == "pattern" and f.line == 2]
    assert len(planted) == 1 and planted[0].field == "city"
