"""The interactive map's data (`site/assets/map-data.js`), from the release's own GeoJSON.

Stations with coordinates are grouped by place (several stations often share a city centroid):
one marker per place, coloured by status, or the "mixed" colour when its stations differ.
Stations without coordinates (known only by country) are counted per country and drawn as a
numbered square at the country's centre (countryinfo's `latlng`). Country outlines come from
`basemap` (countryinfo, offline), rounded to 0.01° (about 1 km, finer than the outlines
themselves). The data is a JavaScript assignment, not a JSON file to fetch, because browsers
refuse `fetch` from a page opened from disk.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from functools import cache
from typing import Any

from officedata.exporters.site_model import SiteData, country_page, station_page

OUTLINE_DECIMALS = 2
GLOBAL_NAME = "OFFICEDATA_MAP"


@cache
def country_centres() -> dict[str, tuple[float, float]]:
    """iso2 → (latitude, longitude) of the country's centre, from countryinfo (offline)."""
    from countryinfo import CountryInfo

    centres: dict[str, tuple[float, float]] = {}
    for _, info in sorted(CountryInfo.all().items()):
        iso2 = str((info.get("ISO") or {}).get("alpha2") or "").upper()
        latlng = info.get("latlng") or []
        if len(iso2) == 2 and len(latlng) == 2 and iso2 not in centres:
            centres[iso2] = (float(latlng[0]), float(latlng[1]))
    return centres


def station_entry(data: SiteData, office: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": office["office_id"],
        "title": data.station_title(dict(office)),
        "status": office["status"],
        "disputed": bool(office.get("disputed")),
        "href": station_page(office["office_id"]),
    }


def places(data: SiteData, features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per distinct point of the GeoJSON, in office_id order of its first station."""
    offices = {office["office_id"]: office for office in data.offices}
    grouped: dict[tuple[float, float], list[dict[str, Any]]] = defaultdict(list)
    for feature in features:
        geometry = feature.get("geometry")
        if geometry and feature["id"] in offices:
            longitude, latitude = geometry["coordinates"]
            grouped[(latitude, longitude)].append(offices[feature["id"]])
    result = []
    for (latitude, longitude), stations in grouped.items():
        statuses = sorted({s["status"] for s in stations})
        first = stations[0]
        result.append(
            {
                "lat": latitude,
                "lon": longitude,
                "label": data.place(first),
                "status": statuses[0] if len(statuses) == 1 else "mixed",
                "stations": [station_entry(data, s) for s in stations],
            }
        )
    return result


def country_counts(data: SiteData, features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    located = {f["id"] for f in features if f.get("geometry")}
    unlocated: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for office in data.offices:
        if office["office_id"] not in located:
            unlocated[office["country"]].append(office)
    centres = country_centres()
    result = []
    for iso2 in sorted(unlocated):
        latitude, longitude = centres.get(iso2, located_centre(data, iso2))
        result.append(
            {
                "iso2": iso2,
                "name": data.country_name(iso2),
                "lat": latitude,
                "lon": longitude,
                "count": len(unlocated[iso2]),
                "href": country_page(iso2),
                "stations": [station_entry(data, s) for s in unlocated[iso2]],
            }
        )
    return result


def located_centre(data: SiteData, iso2: str) -> tuple[float, float]:
    """Where to put a country's count when countryinfo has no centre: its located stations'
    mean, else the map's origin (reached only for codes countryinfo does not know)."""
    points = [
        (o["latitude"], o["longitude"])
        for o in data.offices_by_country.get(iso2, [])
        if o.get("latitude") is not None
    ]
    if not points:
        return (0.0, 0.0)
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


def outlines(data: SiteData) -> dict[str, Any]:
    from officedata.outlines import load_basemap

    basemap = load_basemap()
    hosts = {iso2 for iso2, c in data.countries.items() if c["kind"] == "host"}
    features = []
    for iso2 in sorted(basemap.outlines):
        polygons = []
        for ring in basemap.outlines[iso2]:
            rounded: list[list[float]] = []
            for longitude, latitude in ring:
                point = [round(longitude, OUTLINE_DECIMALS), round(latitude, OUTLINE_DECIMALS)]
                if not rounded or rounded[-1] != point:
                    rounded.append(point)
            if len(rounded) >= 4:
                polygons.append([rounded])
        if polygons:
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "iso2": iso2,
                        "name": basemap.names[iso2],
                        "host": iso2 in hosts,
                    },
                    "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                }
            )
    return {"type": "FeatureCollection", "features": features}


def map_data(
    data: SiteData, offices_geojson: bytes, statuses: list[dict[str, str]], mixed_colour: str
) -> dict[str, Any]:
    features = json.loads(offices_geojson)["features"]
    return {
        "places": places(data, features),
        "countryCounts": country_counts(data, features),
        "outlines": outlines(data),
        "colours": {**{s["value"]: s["colour"] for s in statuses}, "mixed": mixed_colour},
    }


def map_script(document: Mapping[str, Any]) -> str:
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # "</" cannot end a script element here, and U+2028/9 are line ends in older JavaScript.
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{GLOBAL_NAME} = {text};\n"
