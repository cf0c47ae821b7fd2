"""`officedata.pandera_schema(name)`: a pandera schema derived from a table's Table Schema,
which every table the loader returns passes, and which names the column of each broken
constraint in an edited copy. Its columns are the loader's, table by table, so the two cannot
drift; every constraint the validator checks has a pandera check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest

import officedata
from officedata.schema.model import Field
from officedata.validation.model import constraints
from officedata.validation.pandera_schema import check_for

REPO = Path(__file__).resolve().parent.parent
TABLES = officedata.list_tables()


@pytest.fixture(scope="module")
def loaded() -> dict[str, pd.DataFrame]:
    return officedata.load_all()


def schema_errors(name: str, frame: pd.DataFrame) -> list[dict[str, object]]:
    """Every failure pandera reports for the frame (lazy: all of them), as its error records."""
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        officedata.pandera_schema(name).validate(frame, lazy=True)
    return [
        record
        for by_reason in raised.value.message.values()
        for records in by_reason.values()
        for record in records
    ]


def failing_columns(name: str, frame: pd.DataFrame) -> set[object]:
    return {record["column"] for record in schema_errors(name, frame)}


@pytest.mark.parametrize("name", TABLES)
def test_every_shipped_table_validates(loaded: dict[str, pd.DataFrame], name: str) -> None:
    validated = officedata.pandera_schema(name).validate(loaded[name], lazy=True)
    assert validated.equals(loaded[name])


@pytest.mark.parametrize("name", TABLES)
def test_the_schema_has_the_loader_s_columns(loaded: dict[str, pd.DataFrame], name: str) -> None:
    schema = officedata.pandera_schema(name)
    assert list(schema.columns) == list(loaded[name].columns)
    assert schema.strict is True  # a column the loader does not give is refused


@pytest.mark.parametrize("name", TABLES)
def test_the_primary_key_and_required_fields_come_from_the_table_schema(name: str) -> None:
    descriptor = json.loads((REPO / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    schema = officedata.pandera_schema(name)
    assert list(schema.unique) == list(descriptor["primaryKey"])
    for field in descriptor["fields"]:
        required = field.get("constraints", {}).get("required", False)
        assert schema.columns[field["name"]].nullable is not required, field["name"]


def test_a_duplicated_primary_key_fails_naming_the_key(loaded: dict[str, pd.DataFrame]) -> None:
    frame = loaded["offices"].copy()
    frame.loc[1, "office_id"] = frame.loc[0, "office_id"]
    records = schema_errors("offices", frame)
    checks = {record["check"] for record in records}
    assert "multiple_fields_uniqueness" in checks  # the primary key
    assert ("office_id", "field_uniqueness") in {(r["column"], r["check"]) for r in records}
    key_error = next(r for r in records if r["check"] == "multiple_fields_uniqueness")
    assert "office_id" in str(key_error["error"])


def test_a_value_outside_the_enum_fails_naming_the_column(
    loaded: dict[str, pd.DataFrame],
) -> None:
    frame = loaded["offices"].copy()
    # A categorical refuses a value it does not know, so the edit widens it first.
    frame["status"] = frame["status"].cat.add_categories(["rumoured"])
    frame.loc[0, "status"] = "rumoured"
    records = schema_errors("offices", frame)
    isin = [r for r in records if str(r["check"]).startswith("isin")]
    assert [r["column"] for r in isin] == ["status"]
    assert "rumoured" in str(isin[0]["error"])


def test_a_value_not_matching_the_pattern_fails_naming_the_column(
    loaded: dict[str, pd.DataFrame],
) -> None:
    frame = loaded["countries"].copy()
    frame.loc[0, "iso2"] = "nl"  # [A-Z]{2}
    assert failing_columns("countries", frame) == {"iso2"}


@pytest.mark.parametrize("text", ["NLD", "N", "NL\n"])
def test_the_pattern_must_match_the_whole_value(loaded: dict[str, pd.DataFrame], text: str) -> None:
    frame = loaded["countries"].copy()
    frame.loc[0, "iso2"] = text
    assert failing_columns("countries", frame) == {"iso2"}
    frame["iso2"] = frame["iso2"].astype(object)  # a plain-Python copy: still the whole value
    assert "iso2" in failing_columns("countries", frame)


def test_a_required_null_fails_naming_the_column(loaded: dict[str, pd.DataFrame]) -> None:
    frame = loaded["reports"].copy()
    frame.loc[0, "title"] = None
    records = schema_errors("reports", frame)
    assert {(r["column"], r["check"]) for r in records} == {("title", "not_nullable")}


def test_a_null_in_an_optional_field_passes(loaded: dict[str, pd.DataFrame]) -> None:
    frame = loaded["offices"].copy()
    frame.loc[0, "city"] = None
    officedata.pandera_schema("offices").validate(frame)


@pytest.mark.parametrize(
    ("name", "column", "value"),
    [
        ("offices", "latitude", 90.5),  # maximum 90
        ("countries", "stations_reported", -1),  # minimum 0
        ("reports", "title", "x" * 301),  # maxLength 300
        ("offices", "first_reported_in", "\u200b "),  # required: a visible character
    ],
)
def test_a_range_length_or_blank_value_fails_naming_the_column(
    loaded: dict[str, pd.DataFrame], name: str, column: str, value: object
) -> None:
    frame = loaded[name].copy()
    frame.loc[0, column] = value
    assert column in failing_columns(name, frame)


def test_list_fields_hold_lists_and_a_required_one_is_not_empty(
    loaded: dict[str, pd.DataFrame],
) -> None:
    frame = loaded["offices"].copy()
    frame.at[0, "sources"] = []
    assert failing_columns("offices", frame) == {"sources"}
    frame.at[0, "sources"] = "one;two"  # the CSV's text, not a list
    assert failing_columns("offices", frame) == {"sources"}


def test_the_partial_date_bounds_must_follow_its_text(loaded: dict[str, pd.DataFrame]) -> None:
    frame = loaded["offices"].copy()
    row = frame["status_date"].first_valid_index()
    frame.loc[row, "status_date"] = "1999"  # edited, the bounds left as they were
    records = schema_errors("offices", frame)
    assert len(records) == 1 and "status_date_earliest" in str(records[0]["error"])


def test_a_missing_or_extra_column_fails(loaded: dict[str, pd.DataFrame]) -> None:
    assert "status_date_latest" in failing_columns(
        "offices", loaded["offices"].drop(columns="status_date_latest")
    )
    extra = loaded["offices"].assign(comment="mine")
    assert {r["check"] for r in schema_errors("offices", extra)} == {"column_in_schema"}


def test_a_retyped_column_fails_its_dtype(loaded: dict[str, pd.DataFrame]) -> None:
    frame = loaded["offices"].copy()
    frame["geonames_id"] = frame["geonames_id"].astype("Float64")
    assert failing_columns("offices", frame) == {"geonames_id"}


def test_every_constraint_the_validator_checks_has_a_pandera_check() -> None:
    kinds = {"enum": ["a"], "pattern": "[a-z]", "minimum": 0, "maximum": 1, "minLength": 1,
             "maxLength": 2}  # fmt: skip
    for kind in ("string", "integer", "number", "list"):
        spec = Field("x", kind, "", "", {"required": True, **kinds})
        for constraint, bound in constraints(spec):
            assert check_for(spec, constraint, bound) is not None, (kind, constraint)
    with pytest.raises(ValueError, match="no pandera check for the 'unheard' constraint"):
        check_for(spec, "unheard", 1)


def test_an_unknown_table_is_a_clear_error() -> None:
    with pytest.raises(officedata.UnknownTable, match="offices, countries, reports, responses"):
        officedata.pandera_schema("stations")


def test_it_is_public_and_importing_officedata_stays_free_of_pandera() -> None:
    assert "pandera_schema" in dir(officedata) and "pandera_schema" in officedata.__all__
    code = (
        "import sys, officedata\n"
        "officedata.pandera_schema\n"  # resolving the name imports neither pandera nor pandas
        "print(sorted(m for m in ('pandera', 'pandas') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_without_pandera_it_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandera", None)  # `import pandera` now fails
    monkeypatch.setitem(sys.modules, "pandera.pandas", None)
    with pytest.raises(officedata.MissingBackend, match=r"pip install 'officedata\[pandera\]'"):
        officedata.pandera_schema("offices")
