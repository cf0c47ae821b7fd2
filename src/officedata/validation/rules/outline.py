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
from officedata.validation.rules.base import Context, cell_failure, flags

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
    import polars as pl
    import pyarrow.compute as pc

    from officedata.outlines import load_basemap

    outlines = load_basemap().outlines
    offices = context.tables[O.table]
    placed = flags(
        pc.and_(pc.is_valid(offices.column(O.latitude)), pc.is_valid(offices.column(O.longitude)))
    )
    placed &= flags(pc.is_valid(offices.column(O.country)))
    rows = np.flatnonzero(placed)
    # Offices share places (a city's coordinates): each country's distinct points are judged
    # once, all together, against its rings (a Python loop per point was most of validate).
    points = (
        pl.DataFrame(
            {
                "row": rows,
                "lat": offices.polars_column(O.latitude).cast(pl.Float64).gather(rows),
                "lon": offices.polars_column(O.longitude).cast(pl.Float64).gather(rows),
                "country": offices.polars_column(O.country).cast(pl.String).gather(rows),
            }
        )
        .group_by(["country", "lat", "lon"], maintain_order=True)
        .agg(pl.col("row"))
    )
    found: list[tuple[int, float, float, str, float, bool]] = []
    for (country,), group in points.partition_by(
        "country", as_dict=True, maintain_order=True
    ).items():
        rings = [np.asarray(ring, dtype=float) for ring in outlines.get(str(country), [])]
        if not rings:
            continue
        lats, lons = group.get_column("lat").to_numpy(), group.get_column("lon").to_numpy()
        distances, swapped = _judge_all(lats, lons, rings)
        outside = np.flatnonzero(distances > COAST_TOLERANCE_KM)
        at_point = group.get_column("row")
        for index in outside.tolist():
            lat, lon = float(lats[index]), float(lons[index])
            distance, is_swapped = float(distances[index]), bool(swapped[index])
            for row in at_point[index].to_list():
                found.append((row, lat, lon, str(country), distance, is_swapped))
    for row, lat, lon, country, distance, is_swapped in sorted(found, key=lambda item: item[0]):
        hint = (
            "; swapped, latitude and longitude would lie inside it: are they the wrong way round?"
            if is_swapped
            else ""
        )
        yield cell_failure(
            offices,
            row,
            O.latitude,
            "inside-country",
            f"the point ({lat}, {lon}) lies {distance:,.0f} km outside {country}'s outline{hint}",
        )


def _judge_all(
    lats: np.ndarray, lons: np.ndarray, rings: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """For each point: its distance outside the rings in km, and whether the swapped point
    (latitude for longitude) would lie inside them."""
    import numpy as np

    distances = distances_km(lons, lats, rings)
    swapped: np.ndarray = np.zeros(len(lats), dtype=bool)
    outside = (distances > COAST_TOLERANCE_KM) & (lons >= -90) & (lons <= 90)
    if outside.any():
        swapped[outside] = distances_km(lats[outside], lons[outside], rings) <= COAST_TOLERANCE_KM
    return distances, swapped


# Points judged against a ring at a time, so the point × edge arrays stay small.
_CELLS_PER_BLOCK = 1 << 21


def distances_km(
    lons: np.ndarray, lats: np.ndarray, rings: list[Ring] | list[np.ndarray]
) -> np.ndarray:
    """0 for a point inside any ring, else its distance to the nearest edge (equirectangular,
    in km); the vectorised form of `distance_km`, with the same arithmetic."""
    import numpy as np

    arrays = [np.asarray(ring, dtype=float) for ring in rings]
    inside: np.ndarray = np.zeros(len(lons), dtype=bool)
    for ring in arrays:
        for block in _blocks(len(lons), ring):
            inside[block] |= _inside_many(lons[block], lats[block], ring)
    # Only the points outside every ring need a distance (most offices lie inside theirs).
    outside = np.flatnonzero(~inside)
    lons, lats = lons[outside], lats[outside]
    nearest = np.full(len(outside), math.inf)
    for ring in arrays:
        for block in _blocks(len(outside), ring):
            nearest[block] = np.minimum(
                nearest[block], _edge_distance_many(lons[block], lats[block], ring)
            )
    distances = np.zeros(len(inside))
    distances[outside] = nearest
    return distances


def _blocks(count: int, ring: np.ndarray) -> Iterator[slice]:
    step = max(1, _CELLS_PER_BLOCK // max(1, len(ring)))
    for start in range(0, count, step):
        yield slice(start, start + step)


def _inside_many(lons: np.ndarray, lats: np.ndarray, ring: np.ndarray) -> np.ndarray:
    import numpy as np

    x, y = ring[None, :, 0], ring[None, :, 1]
    x2, y2 = np.roll(ring[:, 0], -1)[None, :], np.roll(ring[:, 1], -1)[None, :]
    lat, lon = lats[:, None], lons[:, None]
    straddles = (y > lat) != (y2 > lat)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = x + (lat - y) * (x2 - x) / (y2 - y)
    return np.count_nonzero(straddles & (lon < crossing), axis=1) % 2 == 1


def _edge_distance_many(lons: np.ndarray, lats: np.ndarray, ring: np.ndarray) -> np.ndarray:
    import numpy as np

    scale = np.cos(np.radians(lats))[:, None]
    ax, ay = (ring[None, :, 0] - lons[:, None]) * scale, ring[None, :, 1] - lats[:, None]
    bx, by = np.roll(ax, -1, axis=1), np.roll(ay, -1, axis=1)
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    with np.errstate(divide="ignore", invalid="ignore"):
        along = np.clip(np.where(length > 0, -(ax * dx + ay * dy) / length, 0.0), 0.0, 1.0)
    cx, cy = ax + along * dx, ay + along * dy
    return np.sqrt(cx * cx + cy * cy).min(axis=1) * KM_PER_DEGREE


def distance_km(lon: float, lat: float, rings: list[Ring] | list[np.ndarray]) -> float:
    """`distances_km` for one point."""
    import numpy as np

    return float(distances_km(np.array([lon]), np.array([lat]), rings)[0])
