"""Country outlines for the map, read offline from the `countryinfo` package's bundled GeoJSON.

Returns plain rings of (longitude, latitude) per ISO 3166-1 alpha-2 code, in a stable order.
Nothing is downloaded; countries the package ships without an outline are listed in
`Basemap.missing` so the map can say so instead of hiding it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

Ring = list[tuple[float, float]]

SOURCE = "Country outlines: countryinfo (MIT)"


@dataclass(frozen=True)
class Basemap:
    outlines: dict[str, list[Ring]]  # iso2 → outer rings, longitude/latitude
    names: dict[str, str]  # iso2 → English name (the site's map labels)
    missing: tuple[str, ...]  # iso2 codes known to countryinfo but shipped without an outline


@cache
def load_basemap() -> Basemap:
    from countryinfo import CountryInfo

    outlines: dict[str, list[Ring]] = {}
    names: dict[str, str] = {}
    missing: set[str] = set()
    for _, info in sorted(CountryInfo.all().items()):
        iso2 = str((info.get("ISO") or {}).get("alpha2") or "").upper()
        if len(iso2) != 2 or iso2 in outlines:
            continue
        rings = rings_of(info.get("geoJSON") or {})
        if not rings:
            missing.add(iso2)
            continue
        outlines[iso2] = rings
        names[iso2] = str(info.get("name", iso2))
    return Basemap(outlines, names, tuple(sorted(missing - set(outlines))))


def rings_of(geojson: dict) -> list[Ring]:
    """Outer rings of every Polygon and MultiPolygon in a GeoJSON FeatureCollection."""
    rings: list[Ring] = []
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
        polygons = (
            [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
        )
        for polygon in polygons:
            if polygon:
                rings.append([(float(x), float(y)) for x, y, *_ in polygon[0]])
    return rings
