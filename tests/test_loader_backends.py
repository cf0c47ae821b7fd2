"""Conventional loaders: table names, one function per table, pandas/polars/pyarrow backends
typed from the schemas, and partial dates with their first and last day as real dates."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from conftest import REPO, read_rows

import officedata
from officedata.schema.descriptor import load_package

PACKAGE = load_package(REPO)


def test_list_tables_names_every_resource_in_descriptor_order() -> None:
    assert officedata.list_tables() == PACKAGE.resource_names


@pytest.mark.parametrize("name", PACKAGE.resource_names)
def test_every_table_has_its_own_function_returning_every_row(name: str) -> None:
    frame = getattr(officedata, name)()
    assert len(frame) == len(read_rows(REPO / PACKAGE.resource(name).path))
    assert [c for c in frame.columns if not c.endswith(("_earliest", "_latest"))] == (
        PACKAGE.resource(name).schema.field_names
    )


def test_pyarrow_backend_carries_the_schema_types() -> None:
    reports = officedata.load("reports", backend="pyarrow")
    assert reports.schema.field("published").type == pa.string()  # partial date stays text
    assert reports.schema.field("published_earliest").type == pa.date32()
    assert pa.types.is_dictionary(reports.schema.field("reliability").type)
    assert reports.schema.field("stations_claimed").type == pa.int64()


def test_partial_dates_get_their_first_and_last_day() -> None:
    rows = {r["report_id"]: r["published"] for r in read_rows(REPO / "data" / "reports.csv")}
    by_month = next(k for k, v in rows.items() if len(v) == 7)
    table = officedata.load("reports", backend="pyarrow").to_pylist()
    row = next(r for r in table if r["report_id"] == by_month)
    year, month = map(int, rows[by_month].split("-"))
    assert row["published_earliest"] == dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    assert row["published_latest"] == following - dt.timedelta(days=1)


def test_pandas_bounds_are_datetimes_and_enums_are_categories() -> None:
    offices = officedata.offices()
    assert str(offices["status_date_earliest"].dtype) == "datetime64[s]"
    status = PACKAGE.resource("offices").schema.field("status")
    assert list(offices["status"].cat.categories) == status.enum


def test_polars_backend_is_typed_too() -> None:
    import polars
    frame = officedata.load("offices", backend="polars")
    assert frame.schema["status"] == polars.Categorical
    assert frame.schema["sources"] == polars.List(polars.String)
    assert frame.schema["status_date_latest"] == polars.Date


def test_an_unknown_table_or_backend_is_a_clear_error() -> None:
    with pytest.raises(officedata.UnknownTable, match="offices, countries, reports, responses"):
        officedata.load("stations")
    with pytest.raises(officedata.LoadError, match="backends: pandas, polars, pyarrow"):
        officedata.load("offices", backend="excel")


def test_dir_shows_the_public_api_only() -> None:
    assert "TYPE_CHECKING" not in dir(officedata) and "annotations" not in dir(officedata)
    assert {"offices", "list_tables", "load", "__version__"} <= set(dir(officedata))
