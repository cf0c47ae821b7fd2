"""`officedata stats` counts what the CSVs hold, recomputed here independently with csv."""

from __future__ import annotations

import json
from collections import Counter

from conftest import REPO, read_rows
from helpers import run_cli


def stats_json(path):
    code, output = run_cli("stats", str(path), "--json", stdout_only=True)
    assert code == 0, output
    return json.loads(output)


def test_counts_match_the_csv_files():
    figures = stats_json(REPO)
    offices = read_rows(REPO / "data" / "offices.csv")
    responses = read_rows(REPO / "data" / "responses.csv")
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    lists = descriptor["officedata:headline"]["lists"]
    in_lists = [
        o
        for o in offices
        if o["first_reported_in"] in lists or set(lists) & set(o["sources"].split(";"))
    ]
    assert figures["coverage"]["offices_listed"] == len(in_lists)
    assert figures["coverage"]["offices_elsewhere"] == len(offices) - len(in_lists)
    assert figures["coverage"]["countries_listed"] == len({o["country"] for o in in_lists})
    statuses = Counter(o["status"] for o in offices)
    assert figures["per_status"] == dict(statuses)
    assert sum(figures["per_bureau"].values()) == len(offices)
    assert figures["responses_per_action"] == dict(Counter(r["action"] for r in responses))
    listed = Counter(o["country"] for o in offices)
    for row in figures["per_country"]:
        assert row["listed"] == listed.get(row["iso2"], 0)


def test_coverage_line_uses_the_headline_report():
    figures = stats_json(REPO)
    reports = {r["report_id"]: r for r in read_rows(REPO / "data" / "reports.csv")}
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    headline = reports[descriptor["officedata:headline"]["report"]]
    line = figures["coverage"]["line"]
    assert f"reports {headline['stations_claimed']} stations" in line
    assert f"of {headline['countries_claimed']} " in line


def test_coverage_does_not_count_placeholders_as_identified():
    figures = stats_json(REPO)["coverage"]
    offices = read_rows(REPO / "data" / "offices.csv")
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    lists = set(descriptor["officedata:headline"]["lists"])
    listed = [
        o
        for o in offices
        if o["first_reported_in"] in lists or lists & set(o["sources"].split(";"))
    ]
    by_city = [o for o in listed if o["city"] and o["location_precision"] != "region"]
    by_region = [o for o in listed if o["location_precision"] == "region" and not o["city"]]
    assert figures["identified_by_city"] == len(by_city)
    assert figures["known_by_region"] == len(by_region)
    assert figures["known_by_country"] == len(listed) - len(by_city) - len(by_region)
    hosts = [c for c in read_rows(REPO / "data" / "countries.csv") if c["kind"] == "host"]
    per_country = Counter(o["country"] for o in listed)
    expected = sum(
        max(0, int(c["stations_reported"]) - per_country[c["iso2"]])
        for c in hosts
        if c["stations_reported"]
    )
    assert figures["known_as_count"] == expected
    assert f"{len(by_city)} (" in figures["line"]


def test_reliable_share_counts_rows_citing_primary_or_reputable(package, set_cell):
    reports = read_rows(package / "data" / "reports.csv")
    weak = next(i for i, r in enumerate(reports) if r["report_id"] == "sd-110-overseas")
    set_cell("reports", weak, "reliability", "unverified")
    figures = stats_json(package)
    reliable = {
        r["report_id"]
        for r in read_rows(package / "data" / "reports.csv")
        if r["reliability"] in ("primary", "reputable")
    }
    offices = read_rows(package / "data" / "offices.csv")
    expected = sum(1 for o in offices if reliable & set(o["sources"].split(";")))
    other = {
        r["report_id"]
        for r in read_rows(package / "data" / "reports.csv")
        if r["reliability"] in ("primary", "reputable") and r["publisher"] != "Safeguard Defenders"
    }
    assert figures["reliable_share"]["offices"] == {
        "rows": len(offices),
        "with_reliable_source": expected,
        "with_reliable_other_source": sum(
            1 for o in offices if other & set(o["sources"].split(";"))
        ),
    }


def test_stats_refuses_an_invalid_package(package, set_cell):
    set_cell("offices", 0, "status", "raided")
    code, _ = run_cli("stats", str(package))
    assert code == 1


def test_readme_states_the_current_coverage_line():
    line = stats_json(REPO)["coverage"]["line"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert line in readme, f"README.md is stale; put this line in it: {line}"
