"""What the site shows, worked out once from the tables: each station's place, sources and
timeline, each country's stations and responses, each report's citations.

Plain Python values (dicts of the typed rows, small dataclasses) that the page templates and
the JSON API both read, so the pages and the API cannot disagree. Reads only the tables it is
given; it never reads files, the clock or the network.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from officedata.exporters.base import require_tables
from officedata.schema.model import TableSchema
from officedata.schema.partial_dates import partial_date_bounds
from officedata.table.table import Table

Row = dict[str, Any]
NEEDED = ("offices", "countries", "reports", "responses")


@lru_cache(maxsize=65536)  # a site has a few thousand distinct dates and sorts by them often
def date_bounds(text: str) -> tuple[date, date] | None:
    return partial_date_bounds(text)


def date_order(text: str | None, tie: str) -> tuple[bool, date, date, str]:
    """Chronological order for partial dates; undated rows last, ties by id."""
    bounds = date_bounds(text) if text else None
    if bounds is None:
        return (True, date.max, date.max, tie)
    return (False, bounds[0], bounds[1], tie)


def named_offices(response: Row) -> list[str]:
    """The stations a response names (`office_ids`, a list; `office_id` in older releases)."""
    named = response.get("office_ids")
    if named is None:
        named = [response["office_id"]] if response.get("office_id") else []
    return [str(office_id) for office_id in named]


def station_page(office_id: str) -> str:
    return f"stations/{office_id}.html"


def country_page(iso2: str) -> str:
    return f"countries/{iso2}.html"


def report_page(report_id: str) -> str:
    return f"reports/{report_id}.html"


# A station page shows at most this many of its country's responses that name no station and
# links to the country page for the rest, so the site grows with the stations, not with
# stations × country-wide responses (the real data has at most 19 in one country).
COUNTRY_EVENTS_ON_STATION_PAGE = 25


# Named tuples, not dataclasses: at 1e5 stations there are ~1e5 events and ~4e5 citations, and
# a frozen dataclass's __init__ costs several times a tuple's.
class Event(NamedTuple):
    """One dated entry of a timeline: a report first listing a station, or a response."""

    date: str | None
    kind: str  # "first-report" or "response"
    title: str
    text: str
    sources: tuple[Row, ...]
    response_id: str | None = None


class Citation(NamedTuple):
    """A row that cites a report, and how (first reported in, source, count)."""

    table: str  # offices, countries or responses
    key: str
    label: str
    how: str
    page: str  # the page showing the row, relative to the site's root


@dataclass
class SiteData:
    descriptor: Mapping[str, Any]
    coverage_line: str
    schemas: dict[str, TableSchema]
    offices: list[Row]
    countries: dict[str, Row]
    reports: dict[str, Row]
    responses: list[Row]
    _labels: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    _first_report_events: dict[str, Event] = field(default_factory=dict)
    _response_events: dict[str, Event] = field(default_factory=dict)

    # --- labels and names ------------------------------------------------------------------

    def label(self, table: str, field_name: str, value: object) -> str:
        """The schema's meaning of an enum value ("" when it has none)."""
        if (table, field_name) not in self._labels:
            spec = self.schemas[table].field(field_name)
            self._labels[(table, field_name)] = dict(spec.enum_labels)
        return self._labels[(table, field_name)].get(str(value), "")

    def enum_values(self, table: str, field_name: str) -> list[str]:
        spec = self.schemas[table].field(field_name)
        return [str(value) for value in spec.enum or spec.enum_labels]

    def country_name(self, iso2: str) -> str:
        return str(self.countries.get(iso2, {}).get("name") or iso2)

    def place(self, office: Row) -> str:
        country = self.country_name(office["country"])
        return f"{office['city']}, {country}" if office.get("city") else country

    def station_title(self, office: Row) -> str:
        place = office.get("city") or "Place not known"
        bureau = office.get("operating_bureau")
        return f"{place} ({bureau} bureau)" if bureau else str(place)

    def table_rows(self, name: str) -> list[Row]:
        """Every row of a table by name, in key order ([] for a table the site does not use)."""
        tables = {
            "offices": self.offices,
            "countries": list(self.countries.values()),
            "reports": list(self.reports.values()),
            "responses": self.responses,
        }
        return tables.get(name, [])

    def sources_of(self, row: Row) -> list[Row]:
        return [self.reports[report_id] for report_id in row.get("sources") or ()]

    # --- derived views ---------------------------------------------------------------------

    @cached_property
    def responses_by_office(self) -> dict[str, list[Row]]:
        grouped: dict[str, list[Row]] = defaultdict(list)
        for response in self.chronological_responses:
            for office_id in named_offices(response):
                grouped[office_id].append(response)
        return dict(grouped)

    @cached_property
    def responses_by_country(self) -> dict[str, list[Row]]:
        grouped: dict[str, list[Row]] = defaultdict(list)
        for response in self.chronological_responses:
            grouped[response["country"]].append(response)
        return dict(grouped)

    @cached_property
    def offices_by_country(self) -> dict[str, list[Row]]:
        grouped: dict[str, list[Row]] = defaultdict(list)
        for office in self.offices:
            grouped[office["country"]].append(office)
        return dict(grouped)

    @cached_property
    def chronological_responses(self) -> list[Row]:
        return sorted(self.responses, key=lambda r: date_order(r.get("date"), r["response_id"]))

    def response_event(self, response: Row) -> Event:
        """The timeline entry of a response, built once (a response shows on the pages of
        its country and of every station it names)."""
        key = response["response_id"]
        if key not in self._response_events:
            self._response_events[key] = self._new_event(response)
        return self._response_events[key]

    def _new_event(self, response: Row) -> Event:
        action = self.label("responses", "action", response["action"]) or response["action"]
        return Event(
            date=response.get("date"),
            kind="response",
            title=f"{response['actor']}: {action[:1].lower() + action[1:]}",
            text=str(response["summary"]),
            sources=tuple(self.sources_of(response)),
            response_id=response["response_id"],
        )

    @cached_property
    def _country_wide(self) -> dict[str, list[Event]]:
        return {
            iso2: [self.response_event(r) for r in responses if not named_offices(r)]
            for iso2, responses in self.responses_by_country.items()
        }

    def country_wide_count(self, office: Row) -> int:
        return len(self._country_wide.get(office["country"], []))

    def country_wide_events(self, office: Row) -> list[Event]:
        """The latest responses of the station's host country that name no station (often what
        a status such as "investigated" rests on when a government spoke of all stations at
        once), at most COUNTRY_EVENTS_ON_STATION_PAGE; the country page lists them all."""
        return self._country_wide.get(office["country"], [])[-COUNTRY_EVENTS_ON_STATION_PAGE:]

    def station_timeline(self, office: Row) -> list[Event]:
        """The first report that listed the station, then every response about it, by date."""
        events = [self._first_report_event(office["first_reported_in"])]
        events += [
            self.response_event(r) for r in self.responses_by_office.get(office["office_id"], [])
        ]
        # On the same date the first report comes before the responses to it.
        return sorted(
            events, key=lambda e: date_order(e.date, f"{e.kind != 'first-report':d}{e.response_id}")
        )

    def _first_report_event(self, report_id: str) -> Event:
        if report_id not in self._first_report_events:
            first = self.reports[report_id]
            self._first_report_events[report_id] = Event(
                date=first.get("published"),
                kind="first-report",
                title=f"First reported by {first['publisher']}",
                text=str(first["title"]),
                sources=(first,),
            )
        return self._first_report_events[report_id]

    @cached_property
    def citations(self) -> dict[str, list[Citation]]:
        """report_id → every row citing it, stations first, in key order."""
        cited: dict[str, list[Citation]] = defaultdict(list)
        for office in self.offices:
            label = f"{self.station_title(office)}, {self.country_name(office['country'])}"
            page = station_page(office["office_id"])
            hows = ways_of_citing(
                office["first_reported_in"], "first reported in", office.get("sources")
            )
            for report_id, how in hows.items():
                cited[report_id].append(Citation("offices", office["office_id"], label, how, page))
        for iso2, country in self.countries.items():
            name, page = str(country["name"]), country_page(iso2)
            hows = ways_of_citing(
                country.get("stations_reported_source"), "station count", country.get("sources")
            )
            for report_id, how in hows.items():
                cited[report_id].append(Citation("countries", iso2, name, how, page))
        for response in self.responses:
            label = f"{self.country_name(response['country'])}: {response['summary']}"
            page = f"{country_page(response['country'])}#{response['response_id']}"
            hows = ways_of_citing(None, "", response.get("sources"))
            for report_id, how in hows.items():
                cited[report_id].append(
                    Citation("responses", response["response_id"], label, how, page)
                )
        return {report_id: merged(citations) for report_id, citations in cited.items()}

    def report_counts_for_country(self, iso2: str) -> list[tuple[Row, int, int | None]]:
        """(report, stations here citing it, count it gives for the country) per report that
        lists stations of the country, most citing first."""
        country = self.countries[iso2]
        stations = self.offices_by_country.get(iso2, [])
        citing: dict[str, int] = defaultdict(int)
        for office in stations:
            for report_id in set(office.get("sources") or ()) | {office["first_reported_in"]}:
                citing[report_id] += 1
        counted = country.get("stations_reported_source")
        if counted:
            citing.setdefault(counted, 0)
        rows = [
            (
                self.reports[report_id],
                count,
                country.get("stations_reported") if report_id == counted else None,
            )
            for report_id, count in citing.items()
        ]
        return sorted(rows, key=lambda r: (r[2] is None, -r[1], r[0]["report_id"]))


def ways_of_citing(first: str | None, first_how: str, sources: list[str] | None) -> dict[str, str]:
    """report_id → how one row cites it: `first_how` for the report `first` (the one a station
    was first reported in, a country's count), "source" for each of `sources`, joined in that
    order where they meet ("first reported in, source")."""
    hows: dict[str, str] = {}
    if first:
        hows[first] = first_how
    for report_id in sources or ():
        hows[report_id] = f"{hows[report_id]}, source" if report_id in hows else "source"
    return hows


def merged(citations: list[Citation]) -> list[Citation]:
    """One citation per row, its ways of citing joined ("first reported in, source")."""
    if len({(citation.table, citation.key) for citation in citations}) == len(citations):
        return citations  # each row once already (rows join their own ways of citing)
    by_row: dict[tuple[str, str], Citation] = {}
    for citation in citations:
        row = (citation.table, citation.key)
        if row in by_row:
            earlier = by_row[row]
            citation = Citation(
                earlier.table,
                earlier.key,
                earlier.label,
                f"{earlier.how}, {citation.how}",
                earlier.page,
            )
        by_row[row] = citation
    return list(by_row.values())


def site_data(
    descriptor: Mapping[str, Any], tables: Mapping[str, Table], coverage_line: str
) -> SiteData:
    require_tables(tables, NEEDED, "the site")
    return SiteData(
        descriptor=descriptor,
        coverage_line=coverage_line,
        schemas={name: table.schema for name, table in tables.items()},
        offices=tables["offices"].records(),
        countries={row["iso2"]: row for row in tables["countries"].records()},
        reports={row["report_id"]: row for row in tables["reports"].records()},
        responses=tables["responses"].records(),
    )
