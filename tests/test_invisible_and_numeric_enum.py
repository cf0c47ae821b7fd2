"""Issue 12, item 7: a required value of invisible characters only is empty; a numeric `enum`
is checked and explained like any other (never an internal error)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SetCell, edit_schema
from helpers import failures_for, validate_json

from officedata.validation.model import INVISIBLE


@pytest.mark.parametrize(
    "value",
    ["\u200b", "\ufeff", "\u2060", "\u200c\u200d", "\u00ad", " \u200b\t\u2060 ", "\u200b" * 50],
    ids=lambda v: "+".join(f"U{ord(c):04X}" for c in v[:4]),
)
def test_a_required_value_of_invisible_characters_is_refused(
    package: Path, set_cell: SetCell, value: str
) -> None:
    line = set_cell("reports", 0, "title", value)
    code, report = validate_json(package)
    assert code == 1
    found = [f for f in failures_for(report, "required") if f["field"] == "title"]
    assert [f["line"] for f in found] == [line]
    assert "invisible" in found[0]["message"]


@pytest.mark.parametrize("value", ["\u200bReport", "Re\u200bport", "\u00adx", "\ufeff汉"])
def test_a_value_with_a_visible_character_is_kept(
    package: Path, set_cell: SetCell, value: str
) -> None:
    set_cell("reports", 0, "title", value)
    code, report = validate_json(package)
    assert not [f for f in failures_for(report, "required") if f["field"] == "title"]
    assert code == 0, report["failures"][:5]


def test_every_invisible_character_is_named() -> None:
    assert set(INVISIBLE) == {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


@pytest.mark.parametrize(
    ("field", "enum", "shown"),
    [  # an integer enum is the corpus's case numeric-enum (tests/bad_inputs.py)
        ("latitude", [1.5, 2], "1.5, 2"),
        ("geonames_id", ["1"], "1"),
    ],
)
def test_a_numeric_enum_is_checked_and_explained(
    package: Path, field: str, enum: list, shown: str
) -> None:
    def change(schema: dict) -> None:
        spec = next(f for f in schema["fields"] if f["name"] == field)
        spec["constraints"]["enum"] = enum

    edit_schema(package, "offices", change)
    code, report = validate_json(package)
    assert code == 1
    assert not failures_for(report, "internal-error")
    found = [f for f in failures_for(report, "enum") if f["field"] == field]
    assert found and all(f["message"].endswith(f"is not one of: {shown}") for f in found)
    assert all(f["file"] == "data/offices.csv" and f["line"] and f["column"] for f in found)


def test_a_numeric_enum_accepts_its_values(package: Path) -> None:
    rows = (package / "data" / "offices.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    assert "geonames_id" in header

    import csv

    with (package / "data" / "offices.csv").open(encoding="utf-8", newline="") as stream:
        ids = sorted({int(r["geonames_id"]) for r in csv.DictReader(stream) if r["geonames_id"]})

    def change(schema: dict) -> None:
        spec = next(f for f in schema["fields"] if f["name"] == "geonames_id")
        spec["constraints"]["enum"] = ids

    edit_schema(package, "offices", change)
    code, report = validate_json(package)
    assert code == 0, json.dumps(report["failures"][:3])
