"""The status rule (rules/status.py): every status follows from a dated response naming the office.

Each test writes a small package (the real descriptor, schemas, countries and reports; a few
offices and responses of its own) and validates it as a contributor would.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_package, read_rows, write_rows
from helpers import char_column, validate_json

from officedata.validation.rules.status import check_status_evidence
from officedata.validation.validate import validate_package

REPORT = "sd-110-overseas"  # published 2022-09-12: every date below is after it


def office(office_id: str, status: str = "reported", status_date: str = "") -> dict[str, str]:
    return {
        "office_id": office_id,
        "country": office_id[:2].upper(),
        "city": "",
        "operating_bureau": "",
        "first_reported_in": REPORT,
        "status": status,
        "status_date": status_date,
        "location_precision": "country",
        "latitude": "",
        "longitude": "",
        "geonames_id": "",
        "disputed": "false",
        "notes": "",
        "sources": REPORT,
    }


def response(
    response_id: str, action: str, date: str, office_ids: str, country: str = "NL"
) -> dict[str, str]:
    return {
        "response_id": response_id,
        "country": country,
        "office_ids": office_ids,
        "date": date,
        "actor": "Ministry (test)",
        "actor_kind": "ministry",
        "action": action,
        "summary": "A test act.",
        "sources": REPORT,
    }


def build(tmp_path: Path, offices: list[dict], responses: list[dict]) -> Path:
    root = copy_package(tmp_path / "pkg")
    for name, rows in (("offices", offices), ("responses", responses)):
        path = root / "data" / f"{name}.csv"
        header = list(read_rows(path)[0])
        write_rows(path, rows, header)
    return root


def status_failures(root: Path) -> list[dict]:
    _, report = validate_json(root)
    return [f for f in report["failures"] if f["rule"].startswith("status-")]


def test_happy_path_every_status_backed_and_dated(tmp_path):
    root = build(
        tmp_path,
        [
            office("nl-a-1", "closed", "2022-11-01"),
            office("nl-b-1", "investigated", "2022-10-26"),
            office("nl-c-1"),
            office("nl-d-1", "monitored"),
        ],
        [
            response("nl-2022-10-26-investigation", "investigation", "2022-10-26", "nl-a-1;nl-b-1"),
            response("nl-2022-11-01-closure", "closure", "2022-11-01", "nl-a-1"),
            response("nl-2022-11-02-statement", "statement", "2022-11-02", "nl-b-1;nl-c-1"),
            response("nl-undated-monitoring", "monitoring", "", "nl-d-1"),
            # China's denial names a station but is not an act of the host state.
            response("cn-2022-12-denial", "denial", "2022-12", "nl-a-1", country="CN"),
        ],
    )
    assert status_failures(root) == []
    code, _ = validate_json(root)
    assert code == 0


def test_a_status_without_a_backing_response_is_refused(tmp_path):
    root = build(
        tmp_path,
        [office("nl-a-1", "closed", "2022-11-01")],
        [response("nl-2022-11-01-statement", "statement", "2022-11-01", "nl-a-1")],
    )
    (failure,) = status_failures(root)
    assert failure["rule"] == "status-unbacked"
    assert failure["file"] == "data/offices.csv"
    assert failure["line"] == 2
    assert failure["field"] == "status"
    assert failure["column"] == char_column(root / "data" / "offices.csv", 2, "status")
    assert "'closure'" in failure["message"]
    assert "supports 'reported'" in failure["message"]


def test_a_country_wide_response_backs_only_the_stations_it_names(tmp_path):
    root = build(
        tmp_path,
        [office("nl-a-1", "investigated", "2022-10-26"), office("nl-b-1", "investigated")],
        [response("nl-2022-10-26-investigation", "investigation", "2022-10-26", "nl-a-1")],
    )
    (failure,) = status_failures(root)
    assert (failure["rule"], failure["line"]) == ("status-unbacked", 3)


def test_a_response_by_another_state_backs_nothing(tmp_path):
    root = build(
        tmp_path,
        [office("nl-a-1", "denied", "2022-10-25")],
        [response("cn-2022-10-25-denial", "denial", "2022-10-25", "nl-a-1", country="CN")],
    )
    (failure,) = status_failures(root)
    assert failure["rule"] == "status-unbacked"


def test_the_unbacked_failure_names_what_the_evidence_supports(tmp_path):
    root = build(
        tmp_path,
        [office("nl-a-1", "convicted", "2023-05")],
        [response("nl-2023-05-charge", "charge", "2023-05", "nl-a-1")],
    )
    (failure,) = status_failures(root)
    assert failure["rule"] == "status-unbacked"
    assert "nl-2023-05-charge" in failure["message"]
    assert "supports 'charged'" in failure["message"]


def test_a_later_response_backing_another_status_supersedes(tmp_path):
    root = build(
        tmp_path,
        [office("nl-a-1", "closed", "2022-11-01")],
        [
            response("nl-2022-11-01-closure", "closure", "2022-11-01", "nl-a-1"),
            response("nl-2023-02-site-not-found", "site_not_found", "2023-02", "nl-a-1"),
        ],
    )
    (failure,) = status_failures(root)
    assert failure["rule"] == "status-superseded"
    assert failure["field"] == "status"
    assert "nl-2023-02-site-not-found" in failure["message"]
    assert "supports 'site_not_found'" in failure["message"]


def test_a_reported_station_named_by_a_backing_response_is_refused(tmp_path):
    root = build(
        tmp_path,
        [office("nl-a-1")],
        [response("nl-2022-11-01-closure", "closure", "2022-11-01", "nl-a-1")],
    )
    (failure,) = status_failures(root)
    assert failure["rule"] == "status-superseded"
    assert "supports 'closed'" in failure["message"]


@pytest.mark.parametrize(
    ("status_date", "wanted"),
    [("2022-11-03", "'2022-11-01'"), ("", "'2022-11-01'"), ("2022-11", "'2022-11-01'")],
)
def test_status_date_is_the_date_of_the_latest_backing_response(tmp_path, status_date, wanted):
    root = build(
        tmp_path,
        [office("nl-a-1", "closed", status_date)],
        [
            response("nl-2022-10-closure", "closure", "2022-10", "nl-a-1"),
            response("nl-2022-11-01-closure", "closure", "2022-11-01", "nl-a-1"),
        ],
    )
    (failure,) = status_failures(root)
    assert failure["rule"] == "status-date"
    assert failure["field"] == "status_date"
    assert f"should be {wanted}" in failure["message"]
    assert "nl-2022-11-01-closure" in failure["message"]


def test_an_undated_backing_response_needs_an_empty_status_date(tmp_path):
    root = build(
        tmp_path,
        [office("nl-a-1", "monitored", "2023")],
        [response("nl-undated-monitoring", "monitoring", "", "nl-a-1")],
    )
    (failure,) = status_failures(root)
    assert failure["rule"] == "status-date"
    assert "should be empty" in failure["message"]


def test_unordered_partial_dates_may_each_be_the_latest(tmp_path):
    root = build(
        tmp_path,
        [office("nl-a-1", "closed", "2022-12")],
        [
            response("nl-2022-12-closure", "closure", "2022-12", "nl-a-1"),
            response("nl-2022-12-07-investigation", "investigation", "2022-12-07", "nl-a-1"),
        ],
    )
    assert status_failures(root) == []


def test_the_mapping_comes_from_the_schema(tmp_path):
    """The pure function reads only the mapping it is given: change it and the verdict changes."""
    root = build(
        tmp_path,
        [office("nl-a-1", "investigated", "2022-10")],
        [response("nl-2022-10-statement", "statement", "2022-10", "nl-a-1")],
    )
    result = validate_package(root)
    offices, responses = result.tables["offices"], result.tables["responses"]
    spec = result.package.resource("offices").schema.field("status")
    assert spec.backed_by["investigated"] == ("investigation", "arrest")
    assert [f.rule for f in check_status_evidence(offices, responses, spec.backed_by)] == [
        "status-unbacked"
    ]
    assert check_status_evidence(offices, responses, {"investigated": ["statement"]}) == []


def test_the_real_data_satisfies_the_rule():
    from conftest import REPO

    _, report = validate_json(REPO)
    assert [f for f in report["failures"] if f["rule"].startswith("status-")] == []
