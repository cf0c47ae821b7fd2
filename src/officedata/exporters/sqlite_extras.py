"""The database's full-text indexes and views, on top of the tables `sqlite_ddl` lays out.

Full text: an FTS5 index `<table>_fts` over the free-text fields of each table (notes,
summaries, titles), with the table as its external content, so Datasette offers a search box
on the table's page and `SELECT * FROM offices_fts WHERE offices_fts MATCH 'Rotterdam'` works.

Views (each created only when the tables and columns it reads exist):
- `offices_with_latest_event`: each station with its country's name, its latest response
  (latest by the earliest day its date allows, then the latest) and its sources;
- `country_station_counts`: per host country, stations listed here vs the count a report gives.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from officedata.exporters.sqlite_ddl import TablePlan, quote

FULL_TEXT_FIELDS = ("title", "notes", "summary")
FULL_TEXT_SUFFIX = "_fts"
TOKENIZER = "unicode61 remove_diacritics 2"


def full_text_fields(plan: TablePlan) -> list[str]:
    names = {c.name for c in plan.columns if c.sql_type == "TEXT" and c.bound is None}
    return [name for name in FULL_TEXT_FIELDS if name in names]


def create_full_text_indexes(connection: sqlite3.Connection, plans: Sequence[TablePlan]) -> None:
    for plan in plans:
        fields = full_text_fields(plan)
        if not fields:
            continue
        index = quote(plan.name + FULL_TEXT_SUFFIX)
        columns = ", ".join(quote(name) for name in fields)
        connection.execute(
            f"CREATE VIRTUAL TABLE {index} USING fts5({columns}, "
            f"content={quote(plan.name)}, content_rowid='rowid', tokenize='{TOKENIZER}')"
        )
        connection.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")


OFFICES_WITH_LATEST_EVENT = """
CREATE VIEW "offices_with_latest_event" AS
WITH ranked_responses AS (
  SELECT
    r.response_id, n.office_id, r.date, r.action, r.actor, r.summary,
    ROW_NUMBER() OVER (
      PARTITION BY n.office_id
      ORDER BY r.date_earliest IS NULL, r.date_earliest DESC, r.date_latest DESC,
        r.response_id DESC
    ) AS recency
  FROM responses AS r
  JOIN responses_office_ids AS n ON n.response_id = r.response_id
),
office_sources AS (
  SELECT office_id, count(*) AS source_count, group_concat(report_id, '; ') AS sources
  FROM (SELECT office_id, report_id FROM offices_sources ORDER BY office_id, position)
  GROUP BY office_id
)
SELECT
  o.office_id, o.country, c.name AS country_name, o.city, o.operating_bureau, o.status,
  o.status_date, o.disputed, o.first_reported_in,
  r.response_id AS latest_response_id, r.date AS latest_response_date,
  r.action AS latest_response_action, r.actor AS latest_response_actor,
  r.summary AS latest_response_summary,
  s.source_count, s.sources
FROM offices AS o
LEFT JOIN countries AS c ON c.iso2 = o.country
LEFT JOIN ranked_responses AS r ON r.office_id = o.office_id AND r.recency = 1
LEFT JOIN office_sources AS s ON s.office_id = o.office_id
ORDER BY o.office_id
"""

COUNTRY_STATION_COUNTS = """
CREATE VIEW "country_station_counts" AS
SELECT
  c.iso2, c.name,
  count(o.office_id) AS stations_listed,
  c.stations_reported,
  c.stations_reported_source,
  count(o.office_id) - c.stations_reported AS listed_minus_reported,
  coalesce(sum(o.location_precision = 'country'), 0) AS stations_listed_without_place
FROM countries AS c
LEFT JOIN offices AS o ON o.country = c.iso2
WHERE c.kind = 'host'
GROUP BY c.iso2
ORDER BY c.iso2
"""

# view SQL → the columns of each table it reads.
VIEWS: tuple[tuple[str, dict[str, tuple[str, ...]]], ...] = (
    (
        OFFICES_WITH_LATEST_EVENT,
        {
            "offices": (
                "office_id", "country", "city", "operating_bureau", "status", "status_date",
                "disputed", "first_reported_in",
            ),
            "countries": ("iso2", "name"),
            "responses": (
                "response_id", "date", "date_earliest", "date_latest", "action", "actor",
                "summary",
            ),
            "responses_office_ids": ("response_id", "office_id"),
            "offices_sources": ("office_id", "position", "report_id"),
        },
    ),
    (
        COUNTRY_STATION_COUNTS,
        {
            "countries": (
                "iso2", "name", "kind", "stations_reported", "stations_reported_source",
            ),
            "offices": ("office_id", "country", "location_precision"),
        },
    ),
)  # fmt: skip


def available_columns(plans: Sequence[TablePlan]) -> dict[str, set[str]]:
    columns = {plan.name: {c.name for c in plan.columns} for plan in plans}
    for plan in plans:
        for link in plan.links:
            columns[link.name] = {c.name for c in link.columns}
    return columns


def create_views(connection: sqlite3.Connection, plans: Sequence[TablePlan]) -> list[str]:
    """Create each view whose inputs exist; return the names of those created."""
    have = available_columns(plans)
    created = []
    for sql, needs in VIEWS:
        if all(set(cols) <= have.get(table, set()) for table, cols in needs.items()):
            connection.execute(sql)
            created.append(view_name(sql))
    return created


def view_name(sql: str) -> str:
    return sql.split('"')[1]


VIEW_DESCRIPTIONS = {
    "offices_with_latest_event": (
        "Each station with its country's name, the latest response about it (latest by the "
        "earliest day its date allows) and its sources, in office_id order."
    ),
    "country_station_counts": (
        "Per host country: stations listed in this dataset vs the headline count a report gives "
        "(stations_reported, from stations_reported_source). A gap means stations not yet "
        "identified, not absent."
    ),
}
