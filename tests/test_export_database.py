"""The SQLite database: one table per resource typed from the schemas, keys declared and
checked (list items included), date bounds, full-text search, views, and identical bytes."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from release_helpers import (
    CHINESE_CITY,
    MESSY_NOTE,
    RESOURCES,
    expected_rows,
    read_csv_rows,
    release_schema,
)

SQL_TYPE = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "string": "TEXT"}


@pytest.fixture
def db(release: Path) -> Iterator[sqlite3.Connection]:
    # Read-only: the session's release is shared by every test.
    uri = f"file:{release / 'officedata.db'}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        yield connection


def columns(db: sqlite3.Connection, table: str) -> dict[str, sqlite3.Row]:
    return {row["name"]: row for row in db.execute(f'PRAGMA table_info("{table}")')}


@pytest.mark.parametrize("resource", RESOURCES)
def test_each_resource_is_a_table_with_schema_types_and_its_primary_key(
    release: Path, db: sqlite3.Connection, resource: str
) -> None:
    schema = release_schema(release, resource)
    have = columns(db, resource)
    for field in schema["fields"]:
        if field["type"] == "list":
            assert field["name"] not in have  # a link table instead
            continue
        column = have[field["name"]]
        assert column["type"] == SQL_TYPE[field["type"]], field["name"]
        assert bool(column["notnull"]) == bool(field.get("constraints", {}).get("required"))
        assert bool(column["pk"]) == (field["name"] in schema["primaryKey"])


@pytest.mark.parametrize("resource", RESOURCES)
def test_rows_read_back_as_the_csv_says(
    release: Path, db: sqlite3.Connection, resource: str
) -> None:
    schema = release_schema(release, resource)
    key = schema["primaryKey"][0]
    rows = {row[key]: dict(row) for row in db.execute(f'SELECT * FROM "{resource}"')}
    expected = expected_rows(release, resource)
    assert list(rows) == sorted(row[key] for row in expected)  # canonical order
    for row in expected:
        stored = rows[row[key]]
        for field in schema["fields"]:
            name, value = field["name"], row[field["name"]]
            if field["type"] == "list":
                items = db.execute(
                    f'SELECT * FROM "{resource}_{name}" WHERE "{key}" = ? ORDER BY position',
                    (row[key],),
                ).fetchall()
                assert [item[-1] for item in items] == (value or []), (row[key], name)
                assert [item["position"] for item in items] == list(range(len(items)))
            elif field["type"] == "boolean":
                assert stored[name] == (None if value is None else int(value))
            else:
                assert stored[name] == value, (row[key], name)


def test_messy_and_chinese_text_is_stored_unchanged(db: sqlite3.Connection) -> None:
    notes = db.execute("SELECT notes FROM offices WHERE office_id = 'nl-test-messy'").fetchone()
    city = db.execute("SELECT city FROM offices WHERE office_id = 'ie-test-chinese'").fetchone()
    assert notes[0] == MESSY_NOTE
    assert city[0] == CHINESE_CITY


def test_partial_dates_have_earliest_and_latest_day_columns(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT published, published_earliest, published_latest FROM reports "
        "WHERE report_id IN ('test-year-report', 'test-zh-report') ORDER BY report_id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("2023", "2023-01-01", "2023-12-31"),
        ("2023-05", "2023-05-01", "2023-05-31"),
    ]
    day = db.execute(
        "SELECT count(*) FROM responses WHERE length(date) = 10 "
        "AND (date_earliest != date OR date_latest != date)"
    ).fetchone()[0]
    missing = db.execute(
        "SELECT count(*) FROM responses WHERE (date IS NULL) != (date_earliest IS NULL)"
    ).fetchone()[0]
    assert day == 0 and missing == 0


def test_foreign_keys_are_declared_and_hold_for_list_items_too(db: sqlite3.Connection) -> None:
    declared = {
        (table, row["from"], row["table"], row["to"])
        for table in ("offices", "offices_sources", "responses_office_ids", "responses_sources")
        for row in db.execute(f'PRAGMA foreign_key_list("{table}")')
    }
    assert ("offices", "country", "countries", "iso2") in declared
    assert ("offices_sources", "report_id", "reports", "report_id") in declared
    assert ("offices_sources", "office_id", "offices", "office_id") in declared
    assert ("responses_office_ids", "office_id", "offices", "office_id") in declared
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_foreign_key_check_would_catch_a_dangling_source(release: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copyfile(release / "officedata.db", copy)
    with closing(sqlite3.connect(copy)) as connection:
        connection.execute(
            "UPDATE offices_sources SET report_id = 'no-such-report' WHERE rowid = "
            "(SELECT min(rowid) FROM offices_sources)"
        )
        connection.commit()
        dangling = connection.execute("PRAGMA foreign_key_check").fetchall()
    assert [row[0] for row in dangling] == ["offices_sources"]


def test_booleans_and_enums_are_constrained(release: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copyfile(release / "officedata.db", copy)
    with closing(sqlite3.connect(copy)) as connection:
        for change in ("disputed = 2", "status = 'rumoured'"):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                connection.execute(f"UPDATE offices SET {change}")


def test_full_text_search_finds_notes_summaries_and_titles(
    release: Path, db: sqlite3.Connection
) -> None:
    def search(table: str, query: str) -> list[Any]:
        key = {"offices": "office_id", "responses": "response_id", "reports": "report_id"}[table]
        return [
            row[0]
            for row in db.execute(
                f"SELECT t.{key} FROM {table}_fts JOIN {table} AS t ON t.rowid = {table}_fts.rowid "
                f"WHERE {table}_fts MATCH ? ORDER BY t.{key}",
                (query,),
            )
        ]

    offices = read_csv_rows(release / "data" / "offices.csv")
    rotterdam = [r["office_id"] for r in offices if "rotterdam" in r["notes"].lower()]
    assert rotterdam and search("offices", "rotterdam") == sorted(rotterdam)
    assert search("responses", "部长发表声明") == ["nl-2023-test-statement"]
    assert "test-year-report" in search("reports", "quoted")


def test_latest_event_view_picks_the_latest_response_per_station(
    release: Path, db: sqlite3.Connection
) -> None:
    from officedata.schema.partial_dates import partial_date_bounds

    responses = read_csv_rows(release / "data" / "responses.csv")
    view = {row["office_id"]: row for row in db.execute("SELECT * FROM offices_with_latest_event")}
    assert len(view) == len(read_csv_rows(release / "data" / "offices.csv"))
    for office_id, row in view.items():
        mine = [r for r in responses if office_id in r["office_ids"].split(";")]
        if not mine:
            assert row["latest_response_id"] is None
            continue
        dated = [r for r in mine if r["date"]]
        latest = max(
            dated or mine,
            key=lambda r: (*(partial_date_bounds(r["date"]) or ("", "")), r["response_id"]),
        )
        assert row["latest_response_id"] == latest["response_id"], office_id
    messy = view["ie-test-chinese"]
    assert messy["sources"] == "test-zh-report; sd-110-overseas" and messy["source_count"] == 2


def test_country_counts_view_compares_listed_with_reported(
    release: Path, db: sqlite3.Connection
) -> None:
    offices = read_csv_rows(release / "data" / "offices.csv")
    countries = read_csv_rows(release / "data" / "countries.csv")
    view = {row["iso2"]: row for row in db.execute("SELECT * FROM country_station_counts")}
    assert set(view) == {c["iso2"] for c in countries if c["kind"] == "host"}
    for country in countries:
        if country["kind"] != "host":
            continue
        row = view[country["iso2"]]
        assert row["stations_listed"] == sum(o["country"] == country["iso2"] for o in offices)
        assert row["stations_reported"] == (
            int(country["stations_reported"]) if country["stations_reported"] else None
        )


def test_two_builds_write_identical_database_bytes(planted_package: Path, tmp_path: Path) -> None:
    from officedata.release.export import export_format

    first = export_format("database", planted_package, tmp_path / "one")
    second = export_format("database", planted_package, tmp_path / "two")
    assert [p.name for p in first] == ["officedata.db", "metadata.json"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    header = (tmp_path / "one" / "officedata.db").read_bytes()[:16]
    assert header == b"SQLite format 3\x00"
    assert not list((tmp_path / "one").glob("*-journal")) and not list(
        (tmp_path / "one").glob("*-wal")
    )


def test_the_release_carries_the_database(release: Path) -> None:
    sums = (release / "SHA256SUMS").read_text(encoding="utf-8")
    assert "  officedata.db\n" in sums and "  metadata.json\n" in sums
    uri = f"file:{release / 'officedata.db'}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
