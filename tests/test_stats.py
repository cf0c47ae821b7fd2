"""`officedata stats` counts what the CSVs hold, recomputed here independently with csv.

Every expected figure below is counted from the CSV text with the csv module (and the
descriptor with json), never from officedata's tables, so a wrong count cannot agree with itself.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, read_rows
from helpers import run_cli

UNKNOWN = "(unknown)"  # the documented label for an empty cell
RELIABLE = {"primary", "reputable"}


def stats_json(path: Path) -> dict[str, Any]:
    code, output = run_cli("stats", str(path), "--json", stdout_only=True)
    assert code == 0, output
    return json.loads(output)


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    return stats_json(REPO)


def tables(root: Path) -> dict[str, list[dict[str, str]]]:
    return {
        name: read_rows(root / "data" / f"{name}.csv")
        for name in ("offices", "countries", "reports", "responses")
    }


def headline(root: Path) -> dict[str, Any]:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return descriptor["officedata:headline"]


def ranked(values: list[str]) -> list[tuple[str, int]]:
    """Counts of each value ("" counted as UNKNOWN), most first, then by name."""
    counts = Counter(value or UNKNOWN for value in values)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def test_the_csv_files_give_the_counts_something_to_be_wrong_about() -> None:
    data = tables(REPO)
    assert len(data["offices"]) > 10 and len(data["responses"]) > 10
    assert len({o["status"] for o in data["offices"]}) > 1
    assert any(not o["operating_bureau"] for o in data["offices"])  # an unknown bureau too


def test_coverage_counts_the_offices_in_the_headline_lists(figures) -> None:
    data, named = tables(REPO), headline(REPO)
    in_lists = [o for o in data["offices"] if o["first_reported_in"] in named["lists"]]
    report = next(r for r in data["reports"] if r["report_id"] == named["report"])
    coverage = figures["coverage"]
    assert coverage["offices_listed"] == len(in_lists)
    assert coverage["offices_elsewhere"] == len(data["offices"]) - len(in_lists)
    assert coverage["countries_listed"] == len({o["country"] for o in in_lists})
    assert coverage["headline_report"] == named["report"]
    assert coverage["stations_claimed"] == int(report["stations_claimed"])
    assert coverage["countries_claimed"] == int(report["countries_claimed"])


def test_coverage_line_states_the_counts_and_shares(figures) -> None:
    data, named = tables(REPO), headline(REPO)
    in_lists = [o for o in data["offices"] if o["first_reported_in"] in named["lists"]]
    report = next(r for r in data["reports"] if r["report_id"] == named["report"])
    stations, countries = int(report["stations_claimed"]), int(report["countries_claimed"])
    listed_countries = len({o["country"] for o in in_lists})
    share = round(100 * len(in_lists) / stations)
    country_share = round(100 * listed_countries / countries)
    line = figures["coverage"]["line"]
    assert f"{len(in_lists)} of {stations} ({share}%) stations" in line
    assert f"{listed_countries} of {countries} ({country_share}%) host countries" in line
    assert f"reported by {named['report']}" in line
    assert f"plus {len(data['offices']) - len(in_lists)} stations reported elsewhere" in line


def test_per_status_per_bureau_and_per_action_count_every_row_most_first(figures) -> None:
    data = tables(REPO)
    assert list(figures["per_status"].items()) == ranked([o["status"] for o in data["offices"]])
    assert list(figures["per_bureau"].items()) == ranked(
        [o["operating_bureau"] for o in data["offices"]]
    )
    assert list(figures["responses_per_action"].items()) == ranked(
        [r["action"] for r in data["responses"]]
    )
    assert list(figures["responses_per_country"].items()) == ranked(
        [r["country"] for r in data["responses"]]
    )


def test_per_country_has_one_row_per_host_country_with_listed_and_claimed(figures) -> None:
    data = tables(REPO)
    listed = Counter(o["country"] for o in data["offices"])
    hosts = [c for c in data["countries"] if c["kind"] == "host"]
    expected = [
        {
            "iso2": c["iso2"],
            "name": c["name"],
            "listed": listed.get(c["iso2"], 0),
            "claimed": int(c["stations_reported"]) if c["stations_reported"] else None,
            "claimed_by": c["stations_reported_source"] or None,
        }
        for c in hosts
    ]
    expected.sort(key=lambda r: (-(r["claimed"] or r["listed"]), r["iso2"]))
    assert hosts and figures["per_country"] == expected


def reliable_share(data: dict[str, list[dict[str, str]]]) -> dict[str, dict[str, int]]:
    reliable = {r["report_id"] for r in data["reports"] if r["reliability"] in RELIABLE}
    return {
        name: {
            "rows": len(data[name]),
            "with_reliable_source": sum(
                1 for row in data[name] if reliable & set(row["sources"].split(";"))
            ),
        }
        for name in ("offices", "countries", "responses")
    }


def test_reliable_share_counts_rows_citing_a_primary_or_reputable_report(figures) -> None:
    assert figures["reliable_share"] == reliable_share(tables(REPO))


def test_reliable_share_follows_a_report_that_loses_its_reliability(package, set_cell):
    reports = read_rows(package / "data" / "reports.csv")
    weak = next(i for i, r in enumerate(reports) if r["report_id"] == "sd-110-overseas")
    assert reports[weak]["reliability"] in RELIABLE
    before = reliable_share(tables(package))
    set_cell("reports", weak, "reliability", "unverified")
    after = reliable_share(tables(package))
    assert after["offices"]["with_reliable_source"] < before["offices"]["with_reliable_source"]
    assert stats_json(package)["reliable_share"] == after


def test_stats_refuses_an_invalid_package(package, set_cell):
    set_cell("offices", 0, "status", "raided")
    code, output = run_cli("stats", str(package))
    assert code == 1
    assert "data/offices.csv:2:" in output and "'raided'" in output


def test_readme_states_the_current_coverage_line(figures):
    line = figures["coverage"]["line"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert line in readme, f"README.md is stale; put this line in it: {line}"
