"""Parquet: every table read back by pyarrow and by DuckDB equals the release CSV, typed."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from release_helpers import RESOURCES, expected_rows, release_schema


def parquet_path(release: Path, resource: str) -> Path:
    return release / "parquet" / f"{resource}.parquet"


@pytest.mark.parametrize("resource", RESOURCES)
def test_pyarrow_reads_back_every_value_of_the_csv(release: Path, resource: str) -> None:
    table = pq.read_table(parquet_path(release, resource))
    assert table.to_pylist() == expected_rows(release, resource)


@pytest.mark.parametrize("resource", RESOURCES)
def test_duckdb_reads_back_every_value_of_the_csv(release: Path, resource: str) -> None:
    import duckdb

    connection = duckdb.connect()
    result = connection.execute(
        "SELECT * FROM read_parquet(?)", [str(parquet_path(release, resource))]
    )
    names = [column[0] for column in result.description]
    rows = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    assert rows == expected_rows(release, resource)


@pytest.mark.parametrize("resource", RESOURCES)
def test_column_types_follow_the_schema(release: Path, resource: str) -> None:
    schema = pq.read_schema(parquet_path(release, resource))
    for field in release_schema(release, resource)["fields"]:
        arrow_field = schema.field(field["name"])
        kind = field.get("type", "string")
        enum = field.get("constraints", {}).get("enum")
        if kind == "string" and enum:
            assert pa.types.is_dictionary(arrow_field.type), field["name"]
        elif kind == "string":
            assert arrow_field.type == pa.string(), field["name"]
        else:
            expected = {
                "integer": pa.int64(),
                "number": pa.float64(),
                "boolean": pa.bool_(),
                "date": pa.date32(),
            }.get(kind)
            if kind == "list":
                assert arrow_field.type == pa.list_(pa.string()), field["name"]
            else:
                assert arrow_field.type == expected, field["name"]
        metadata = arrow_field.metadata
        assert metadata[b"description"].decode() == field["description"]
        assert metadata[b"title"].decode() == field["title"]
        partial = field.get("officedata:partialDate", False)
        assert (metadata.get(b"officedata:partialDate") == b"true") == partial


def test_partial_dates_stay_text_at_their_precision(release: Path) -> None:
    table = pq.read_table(parquet_path(release, "offices")).to_pylist()
    dates = {row["office_id"]: row["status_date"] for row in table}
    assert dates["ie-test-chinese"] == "2023-05"
    assert dates["nl-test-messy"] == "2023"


def test_unicode_and_empty_cells_survive(release: Path) -> None:
    rows = {r["office_id"]: r for r in pq.read_table(parquet_path(release, "offices")).to_pylist()}
    assert rows["ie-test-chinese"]["city"] == "都柏林"
    assert rows["nl-test-messy"]["city"] is None  # an empty CSV cell is null, not ""
    assert rows["ie-test-chinese"]["latitude"] is None


def test_file_metadata_carries_the_resource_descriptor(release: Path) -> None:
    metadata = pq.read_schema(parquet_path(release, "offices")).metadata
    descriptor = json.loads(metadata[b"officedata:resource"])
    assert descriptor["name"] == "offices"
    assert [f["name"] for f in descriptor["schema"]["fields"]] == [
        f["name"] for f in release_schema(release, "offices")["fields"]
    ]
    package = json.loads(metadata[b"officedata:package"])
    release_descriptor = json.loads((release / "datapackage.json").read_text())
    assert package["version"] == release_descriptor["version"]
    assert b"pandas" not in metadata  # written from Arrow, not through pandas


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_column_is_zstd_compressed(release: Path, resource: str) -> None:
    metadata = pq.ParquetFile(parquet_path(release, resource)).metadata
    codecs = {
        metadata.row_group(g).column(c).compression
        for g in range(metadata.num_row_groups)
        for c in range(metadata.num_columns)
    }
    assert codecs == {"ZSTD"}
    assert metadata.created_by.startswith("parquet-cpp-arrow version")


@pytest.mark.parametrize("resource", RESOURCES)
def test_pandas_reads_back_every_value_of_the_csv(release: Path, resource: str) -> None:
    import pandas as pd

    def plain(value: object) -> object:
        if isinstance(value, list):
            return value
        if hasattr(value, "tolist"):  # a list cell may arrive as a NumPy array
            return value.tolist()
        return None if pd.isna(value) else value

    frame = pd.read_parquet(parquet_path(release, resource), dtype_backend="pyarrow")
    rows = [
        {name: plain(value) for name, value in record.items()}
        for record in frame.to_dict(orient="records")
    ]
    assert rows == expected_rows(release, resource)
