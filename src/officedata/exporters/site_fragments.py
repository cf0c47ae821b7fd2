"""Markup that many pages share, rendered once: every page's header and footer, a status
badge per status, a date per date, a row of a sources table per report, an entry of a timeline
per event, a country's timeline of the responses that name no station.

At 1e5 stations these pieces repeat on thousands of pages (a report is the source of ~40
stations, a country's responses appear on each of its stations' pages), so each is rendered
once from its macro in `macros.html` (still the one place for the markup) and reused as escaped
`Markup`: the bytes are what rendering the macro on every page gave. Templates call the macros
through `fragments`, so no page imports macros.html itself.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from officedata.exporters.site_model import Event, Row, SiteData


def event_key(event: Event) -> tuple[Hashable, ...]:
    """Everything `timeline_event` reads of an event (a report's fields follow from its id)."""
    sources = tuple(str(report["report_id"]) for report in event.sources)
    return (event.kind, event.response_id, event.date, event.title, event.text, sources)


class Fragments:
    """The shared pieces of one site's pages, each rendered the first time it is asked for."""

    def __init__(self, data: SiteData, macros: Any) -> None:
        self._data = data
        self._macros = macros
        self._badges: dict[str, Any] = {}
        self._source_rows: dict[tuple[str, str], Any] = {}
        self._events: dict[tuple[Hashable, ...], Any] = {}
        self._country_timelines: dict[tuple[str, str], Any] = {}
        self._once: dict[tuple[Hashable, ...], Any] = {}

    def once(self, macro: str, *args: Hashable) -> Any:
        """The macro's markup for these arguments (values that alone decide it), rendered the
        first time they are asked for."""
        key = (macro, *args)
        if key not in self._once:
            self._once[key] = getattr(self._macros, macro)(*args)
        return self._once[key]

    def status_badge(self, status: str) -> Any:
        label = self._data.label("offices", "status", status)
        return cached(self._badges, status, self._macros.status_badge, status, label)

    def source_rows(self, reports: Iterable[Row], root: str) -> list[Any]:
        source_row = self._macros.source_row
        store = self._source_rows
        return [
            cached(store, (str(report["report_id"]), root), source_row, report, root)
            for report in reports
        ]

    def events(self, events: Iterable[Event], root: str) -> list[Any]:
        timeline_event = self._macros.timeline_event
        store = self._events
        return [
            cached(store, (root, *event_key(event)), timeline_event, event, root)
            for event in events
        ]

    def timeline(self, events: Iterable[Event], root: str) -> Any:
        return self._macros.timeline(self.events(events, root))

    def sources_table(self, reports: Iterable[Row], root: str, caption: str) -> Any:
        return self._macros.sources_table(self.source_rows(reports, root), caption)

    def country_timeline(self, office: Row, root: str) -> Any:
        """The timeline of the station's country's latest responses that name no station."""
        key = (str(office["country"]), root)
        if key not in self._country_timelines:
            items = self.events(self._data.country_wide_events(office), root)
            self._country_timelines[key] = self._macros.timeline(items)
        return self._country_timelines[key]


def cached(store: dict[Any, Any], key: Hashable, render: Callable[..., Any], *args: Any) -> Any:
    """store[key], rendered by render(*args) the first time."""
    if key not in store:
        store[key] = render(*args)
    return store[key]
