"""Rule: an office's point lies inside its country (checked without the GeoNames gazetteer).

The country outlines are those the map draws (`officedata.outlines`, from countryinfo), so the
check runs on every install, not only with the `geo` extra. Outlines are coarse, so a point up
to `COAST_TOLERANCE_KM` outside its country's outline still passes (a port city can sit just
off a simplified coast). A point farther out is an error, and the message says when swapping
latitude and longitude would put it inside. Countries without an outline (countryinfo ships
none for a few, e.g. Hungary and Serbia) cannot be checked and are left alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

from officedata.failures import Failure
from officedata.schema.domain import OFFICES as O
from officedata.validation.registry import rule
from officedata.validation.rules.base import Context, cell_failure, flags, where

if TYPE_CHECKING:
    import numpy as np

    from officedata.outlines import Ring

COAST_TOLERANCE_KM = 25.0
KM_PER_DEGREE = 111.2


@rule("inside-country", needs=O.refs("latitude", "longitude", "country"))
def check_inside_country(context: Context) -> Iterator[Failure]:
    """An office's coordinates lie inside its country's outline (within 25 km, for coarse
    coasts); a point outside says when swapping latitude and longitude would fix it."""
    if not context.has(O.table):
        return
    import numpy as np
    import pyarrow.compute as pc

    from officedata.outlines import load_basemap

    outlines = load_basemap().outlines
    offices = context.tables[O.table]
    fields = (O.latitude, O.longitude, O.country)
    placed = flags(
        pc.and_(pc.is_valid(offices.column(O.latitude)), pc.is_valid(offices.column(O.longitude)))
    )
    placed &= flags(pc.is_valid(offices.column(O.country)))
    columns = (where(offices.column(name), placed).to_pylist() for name in fields)
    # Offices share places (a city's coordinates): judge each (country, point) once, with each
    # country's rings converted to arrays once.
    rings_of: dict[str, list[np.ndarray]] = {}
    judged: dict[tuple[str, float, float], tuple[float, bool]] = {}
    for row, latitude, longitude, country in zip(
        placed.nonzero()[0].tolist(), *columns, strict=True
    ):
        country = str(country)
        if country not in rings_of:
            rings_of[country] = [np.asarray(ring, dtype=float) for ring in outlines.get(country, [])]
        rings = rings_of[country]
        if not rings:
            continue
        lat, lon = float(latitude), float(longitude)
        key = (country, lat, lon)
        if key not in judged:
            judged[key] = _judge(lat, lon, rings)
        distance, swapped = judged[key]
        if distance <= COAST_TOLERANCE_KM:
            continue
        hint = (
            "; swapped, latitude and longitude would lie inside it: are they the wrong way round?"
            if swapped
            else ""
        )
        yield cell_failure(
            offices,
            row,
            O.latitude,
            "inside-country",
            f"the point ({lat}, {lon}) lies {distance:,.0f} km outside {country}'s outline{hint}",
        )


def _judge(lat: float, lon: float, rings: list[np.ndarray]) -> tuple[float, bool]:
    """(distance outside the rings in km, whether the swapped point would lie inside)."""
    distance = distance_km(lon, lat, rings)
    if distance <= COAST_TOLERANCE_KM:
        return distance, False
    return distance, -90 <= lon <= 90 and distance_km(lat, lon, rings) <= COAST_TOLERANCE_KM


def distance_km(lon: float, lat: float, rings: list[Ring] | list[np.ndarray]) -> float:
    """0 inside any ring, else the distance to the nearest edge (equirectangular, in km)."""
    import numpy as np

    nearest = math.inf
    for ring in rings:
        points = np.asarray(ring, dtype=float)
        if _inside(lon, lat, points):
            return 0.0
        nearest = min(nearest, _edge_distance(lon, lat, points))
    return nearest


def _inside(lon: float, lat: float, ring: np.ndarray) -> bool:
    """Even-odd rule: a ray eastwards from the point crosses the ring an odd number of times."""
    import numpy as np

    x, y = ring[:, 0], ring[:, 1]
    x2, y2 = np.roll(x, -1), np.roll(y, -1)
    straddles = (y > lat) != (y2 > lat)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = x + (lat - y) * (x2 - x) / (y2 - y)
    return bool(np.count_nonzero(straddles & (lon < crossing)) % 2)


def _edge_distance(lon: float, lat: float, ring: np.ndarray) -> float:
    import numpy as np

    scale = math.cos(math.radians(lat))  # a degree of longitude is shorter away from the equator
    ax, ay = (ring[:, 0] - lon) * scale, ring[:, 1] - lat
    bx, by = np.roll(ax, -1), np.roll(ay, -1)
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    with np.errstate(divide="ignore", invalid="ignore"):
        along = np.clip(np.where(length > 0, -(ax * dx + ay * dy) / length, 0.0), 0.0, 1.0)
    cx, cy = ax + along * dx, ay + along * dy
    return float(np.sqrt(cx * cx + cy * cy).min()) * KM_PER_DEGREE
