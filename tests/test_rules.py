"""Each validation rule, broken once: exit 1 and a message naming file, line, column and rule."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import read_rows
from helpers import char_column, failures_for, validate_json


@dataclass(frozen=True)
class Break:
    """Set table[row].field to value; expect `rule` reported at that cell."""

    id: str
    table: str
    field: str
    value: str
    rule: str
    row: int = 0


def column_of(package, table, field, line):
    """The character column where the field's cell begins on that line (csv module's reading)."""
    return char_column(package / "data" / f"{table}.csv", line, field)


BREAKS = [
    # Types and Table Schema constraints (from the generated pandera model).
    Break("integer-type", "reports", "stations_claimed", "fifty", "type"),
    Break("number-type", "offices", "latitude", "north", "type"),
    Break("boolean-type", "offices", "disputed", "yes", "type"),
    Break("required", "offices", "status", "", "required"),
    Break("enum", "offices", "status", "raided", "enum"),
    Break("pattern", "offices", "country", "nl", "pattern"),
    Break("partial-date-shape", "responses", "date", "26/10/2022", "pattern"),
    Break("maximum", "offices", "latitude", "95", "maximum"),
    Break("minimum", "reports", "stations_claimed", "-1", "minimum"),
    Break("max-length", "responses", "summary", "x" * 201, "maxLength"),
    Break("unique", "reports", "url", "SAME", "unique"),
    Break("empty-list-item", "offices", "sources", "sd-110-overseas;", "type"),
    # Rules a Table Schema cannot express.
    Break("dangling-fk", "offices", "country", "ZZ", "foreign-key"),
    Break("dangling-list-fk", "responses", "sources", "no-such-report", "foreign-key"),
    Break("calendar-day", "responses", "date", "2022-02-30", "calendar-date"),
    Break("calendar-month", "responses", "date", "2022-13", "calendar-date"),
    Break("future-date", "responses", "date", "2999-01-01", "future-date"),
    Break("status-before-report", "offices", "status_date", "2021", "status-before-report"),
    Break("url-scheme", "reports", "url", "javascript:alert(1)", "pattern"),
    Break("iso-code", "countries", "iso3", "XXX", "iso-3166"),
]


@pytest.mark.parametrize("case", BREAKS, ids=lambda b: b.id)
def test_broken_rule_is_reported_at_the_cell(package, set_cell, case):
    value = case.value
    if value == "SAME":  # duplicate another row's value
        value = read_rows(package / "data" / f"{case.table}.csv")[1][case.field]
    line = set_cell(case.table, case.row, case.field, value)
    code, report = validate_json(package)
    assert code == 1
    found = failures_for(report, case.rule)
    assert found, report["failures"]
    located = [
        f
        for f in found
        if f["file"] == f"data/{case.table}.csv"
        and f["line"] == line
        and f["column"] == column_of(package, case.table, case.field, line)
        and f["field"] == case.field
    ]
    assert located, found
    assert all(f["message"] for f in located)


def test_duplicate_primary_key_names_both_lines(package, set_cell):
    first = read_rows(package / "data" / "offices.csv")[0]["office_id"]
    set_cell("offices", 1, "office_id", first)
    code, report = validate_json(package)
    assert code == 1
    lines = {f["line"] for f in failures_for(report, "primary-key")}
    assert lines == {2, 3}


def test_latitude_without_longitude_is_reported_on_the_empty_cell(package, set_cell):
    line = set_cell("offices", 0, "longitude", "")
    code, report = validate_json(package)
    assert code == 1
    [failure] = failures_for(report, "coordinates-pair")
    assert (failure["line"], failure["field"]) == (line, "longitude")


def test_coordinates_are_refused_when_precision_is_country(package, set_cell):
    line = set_cell("offices", 0, "location_precision", "country")
    code, report = validate_json(package)
    assert code == 1
    [failure] = failures_for(report, "coordinates-precision")
    assert failure["line"] == line


def test_coordinates_must_match_the_geonames_place(package, set_cell):
    line = set_cell("offices", 0, "latitude", "10.5")
    code, report = validate_json(package)
    assert code == 1
    [failure] = failures_for(report, "gazetteer-coordinates")
    assert failure["line"] == line and failure["field"] == "latitude"


def test_geonames_place_must_lie_in_the_offices_country(package, set_cell):
    rows = read_rows(package / "data" / "offices.csv")
    other = next(
        i for i, r in enumerate(rows) if r["country"] != rows[0]["country"] and r["geonames_id"]
    )
    set_cell("offices", 0, "geonames_id", rows[other]["geonames_id"])
    code, report = validate_json(package)
    assert code == 1
    assert failures_for(report, "gazetteer-country")[0]["line"] == 2


def test_offices_must_lie_in_host_countries(package, set_cell):
    rows = read_rows(package / "data" / "countries.csv")
    operator = next(r["iso2"] for r in rows if r["kind"] == "operator")
    line = set_cell("offices", 0, "country", operator)
    code, report = validate_json(package)
    assert code == 1
    assert failures_for(report, "host-country")[0]["line"] == line


def test_count_without_its_source_is_an_error(package, set_cell):
    rows = read_rows(package / "data" / "countries.csv")
    row = next(i for i, r in enumerate(rows) if r["stations_reported"])
    line = set_cell("countries", row, "stations_reported_source", "")
    code, report = validate_json(package)
    assert code == 1
    assert failures_for(report, "count-source")[0]["line"] == line


def test_listed_versus_claimed_gap_is_a_warning_not_an_error(package, set_cell):
    rows = read_rows(package / "data" / "countries.csv")
    row = next(i for i, r in enumerate(rows) if r["stations_reported"])
    claimed = int(rows[row]["stations_reported"]) + 5
    set_cell("countries", row, "stations_reported", str(claimed))
    code, report = validate_json(package)
    assert code == 0
    gaps = [f for f in failures_for(report, "coverage") if f["line"] == row + 2]
    assert gaps and gaps[0]["severity"] == "warning"
    assert str(claimed) in gaps[0]["message"]


def test_a_reference_list_count_is_compared_with_the_stations_those_lists_named(package, set_cell):
    import json

    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    lists = descriptor["officedata:headline"]["lists"]
    countries = read_rows(package / "data" / "countries.csv")
    offices = read_rows(package / "data" / "offices.csv")
    reports = [r["report_id"] for r in read_rows(package / "data" / "reports.csv")]
    elsewhere = next(r for r in reports if r not in lists)
    row, country = next(
        (i, c)
        for i, c in enumerate(countries)
        if c["stations_reported_source"] in lists
        and int(c["stations_reported"])
        == sum(o["country"] == c["iso2"] and o["first_reported_in"] in lists for o in offices)
    )
    assert validate_json(package)[0] == 0
    office = next(
        i
        for i, o in enumerate(offices)
        if o["country"] == country["iso2"] and o["first_reported_in"] in lists
    )
    set_cell("offices", office, "first_reported_in", elsewhere)
    code, report = validate_json(package)
    gaps = [f for f in failures_for(report, "coverage") if f["line"] == row + 2]
    assert code == 0 and gaps
    assert "(1 more elsewhere)" in gaps[0]["message"]


class _Cells:
    """A table stand-in holding one column, for the foreign-key join alone."""

    def __init__(self, values: list[object], dtype: object = None) -> None:
        import polars as pl

        self.series = pl.Series("field", values, dtype=dtype)

    def polars_column(self, name: str) -> object:
        return self.series


def test_foreign_key_items_are_joined_in_row_and_item_order_skipping_empty_ones() -> None:
    import polars as pl

    from officedata.validation.rules.keys import _unknown

    cells = _Cells([["a", "x"], None, ["", "c", "y"]])
    known = pl.Series(["a", "c", None])
    assert _unknown(cells, "field", known, each_item=True) == [(0, "x"), (2, "y")]  # type: ignore[arg-type]


def test_foreign_keys_of_another_type_match_only_where_arrow_can_compare_them() -> None:
    import polars as pl

    from officedata.validation.rules.keys import _unknown

    values = _Cells([1, 2, None, 5])
    narrower = pl.Series([1, 5], dtype=pl.Int32)
    assert _unknown(values, "field", narrower, each_item=False) == [(1, 2)]  # type: ignore[arg-type]
    numerals = pl.Series(["1", "5"])  # Arrow casts these to numbers
    assert _unknown(values, "field", numerals, each_item=False) == [(1, 2)]  # type: ignore[arg-type]
    words = pl.Series(["one", "five"])  # nothing to compare with: no value is known
    assert _unknown(values, "field", words, each_item=False) == [(0, 1), (1, 2), (3, 5)]  # type: ignore[arg-type]
