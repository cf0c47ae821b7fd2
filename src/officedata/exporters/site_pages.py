"""The site's HTML pages, rendered from `SiteData` with the Jinja2 templates in `site_assets/`.

Autoescaping is on for every template, so text from the data (notes with quotes, `<`, formula-
like strings, any script) is shown as text and can never become markup. Links between pages are
relative, so the site works from a folder on disk as well as under any web path. Returns the
pages as text keyed by their path in the site; writing them is the caller's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from officedata.exporters.base import ExportError
from officedata.exporters.site_fragments import Fragments
from officedata.exporters.site_model import (
    SiteData,
    country_page,
    report_page,
    station_page,
)

ASSETS = Path(__file__).parent / "site_assets"
TEMPLATES = ASSETS / "templates"
LEAFLET_VERSION = "1.9.4"
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), given to the
# status values in schema order.
STATUS_COLOURS = ("#E69F00", "#0072B2", "#009E73", "#D55E00", "#CC79A7", "#777777", "#56B4E9")
MIXED_COLOUR = "#222222"


def host(url: str) -> str:
    """The host part of a URL, for short link texts (the full URL is in the link)."""
    return urlsplit(url).hostname or url


# What `getattr` finds on a plain dict; any other name on a dict can only be one of its keys.
DICT_ATTRIBUTES = frozenset(dir(dict))


@cache
def environment() -> Any:
    import jinja2

    class RowEnvironment(jinja2.Environment):
        """Jinja's `row.field` tries getattr first and looks the key up after an
        AttributeError; on a plain dict that getattr can only succeed for dict's own names, so
        the key is looked up at once (the same value, without an exception per field)."""

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

    env = RowEnvironment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates do not change during a run: no stat per page
    )
    env.filters["host"] = host
    return env


def checked_name(identifier: str) -> str:
    """An id used as a file name; ids are slugs, but a page must never escape its folder."""
    if not SAFE_NAME.fullmatch(identifier):
        raise ExportError(f"{identifier!r} cannot be a file name in the site")
    return identifier


def status_legend(data: SiteData) -> list[dict[str, str]]:
    values = data.enum_values("offices", "status")
    return [
        {
            "value": value,
            "label": data.label("offices", "status", value),
            "colour": STATUS_COLOURS[index % len(STATUS_COLOURS)],
        }
        for index, value in enumerate(values)
    ]


def search_text(data: SiteData, office: dict[str, Any]) -> str:
    """What the search box matches for a station: its words, in lower case."""
    parts = [
        office["office_id"],
        office.get("city"),
        data.country_name(office["country"]),
        office["country"],
        office.get("operating_bureau"),
        office["status"],
        office.get("status_date"),
        "disputed" if office.get("disputed") else None,
        office.get("notes"),
    ]
    return " ".join(str(part) for part in parts if part).lower()


def common_context(data: SiteData) -> dict[str, Any]:
    descriptor = data.descriptor
    licences = [item for item in descriptor.get("licenses") or [] if isinstance(item, dict)]
    licence = licences[0] if licences else {}
    return {
        "data": data,
        "site_title": descriptor.get("title") or descriptor.get("name") or "officedata",
        "version": descriptor.get("version", ""),
        "created": str(descriptor.get("created", ""))[:10],
        "licence": licence.get("title") or licence.get("name") or "see the release",
        "licence_url": licence.get("path", ""),
        "leaflet_version": LEAFLET_VERSION,
        "coverage_line": data.coverage_line,
    }


def render(template: str, context: dict[str, Any]) -> str:
    return str(environment().get_template(template).render(**context))


def page_context(data: SiteData) -> dict[str, Any]:
    """What every page's template reads, and the fragments they share (one set per site)."""
    macros = environment().get_template("macros.html").module
    return {**common_context(data), "fragments": Fragments(data, macros)}


def render_pages(data: SiteData, base: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(path in the site, HTML) for every page but the stations' (`station_pages`), in a fixed
    order; `base` is the `page_context`."""
    top = {**base, "root": ""}
    statuses = status_legend(data)
    bureaus = sorted({o.get("operating_bureau") or "" for o in data.offices})
    countries = sorted({o["country"] for o in data.offices}, key=data.country_name)
    yield (
        "index.html",
        render(
            "index.html",
            {
                **top,
                "section": "stations",
                "page_title": "Stations",
                "page_description": data.coverage_line,
                "description": data.descriptor.get("description", ""),
                "offices": data.offices,
                "statuses": statuses,
                "mixed_colour": MIXED_COLOUR,
                "status_rank": {s["value"]: i for i, s in enumerate(statuses)},
                "country_choices": [(iso2, data.country_name(iso2)) for iso2 in countries],
                "bureau_choices": bureaus,
                "search_text": {o["office_id"]: search_text(data, o) for o in data.offices},
            },
        ),
    )
    hosts = [c for c in data.countries.values() if c["kind"] == "host"]
    others = [c for c in data.countries.values() if c["kind"] != "host"]
    yield (
        "countries.html",
        render(
            "countries.html",
            {
                **top,
                "section": "countries",
                "page_title": "Countries",
                "page_description": "Stations listed vs reported, per host country.",
                "hosts": hosts,
                "others": others,
            },
        ),
    )
    yield (
        "reports.html",
        render(
            "reports.html",
            {
                **top,
                "section": "reports",
                "page_title": "Reports",
                "page_description": "Every document the data cites.",
                "reports": list(data.reports.values()),
            },
        ),
    )
    tables = [
        {"name": name, "title": schema.title or name, "rows": len(data.table_rows(name))}
        for name, schema in data.schemas.items()
    ]
    yield (
        "data.html",
        render(
            "data.html",
            {
                **top,
                "section": "data",
                "page_title": "Data and API",
                "page_description": "The static JSON API of the dataset.",
                "tables": tables,
                "example": data.offices[0]["office_id"] if data.offices else "",
            },
        ),
    )
    below = {**base, "root": "../"}
    yield from country_pages(data, below)
    yield from report_pages(data, below)


def station_pages(data: SiteData, base: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(path in the site, HTML) of every station's page; `base` is the `page_context`."""
    context = {**base, "root": "../"}
    for office in data.offices:
        title = f"{data.station_title(office)}, {data.country_name(office['country'])}"
        yield (
            station_page(checked_name(office["office_id"])),
            render(
                "station.html",
                {
                    **context,
                    "section": "stations",
                    "page_title": title,
                    "page_description": f"Reported station {office['office_id']}: {title}.",
                    "office": office,
                    "events": data.station_timeline(office),
                    "country_events": data.country_wide_events(office),
                    "country_events_total": data.country_wide_count(office),
                },
            ),
        )


def country_pages(data: SiteData, context: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for iso2, country in data.countries.items():
        stations = data.offices_by_country.get(iso2, [])
        yield (
            country_page(checked_name(iso2)),
            render(
                "country.html",
                {
                    **context,
                    "section": "countries",
                    "page_title": str(country["name"]),
                    "page_description": f"Stations and responses: {country['name']}.",
                    "country": country,
                    "stations": stations,
                    "unlocated": sum(o["location_precision"] == "country" for o in stations),
                    "report_counts": data.report_counts_for_country(iso2),
                    "events": [
                        data.response_event(r) for r in data.responses_by_country.get(iso2, [])
                    ],
                },
            ),
        )


def report_pages(data: SiteData, context: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for report_id, report in data.reports.items():
        yield (
            report_page(checked_name(report_id)),
            render(
                "report.html",
                {
                    **context,
                    "section": "reports",
                    "page_title": str(report["title"]),
                    "page_description": f"{report['publisher']}: {report['title']}",
                    "report": report,
                    "citations": data.citations.get(report_id, []),
                },
            ),
        )
