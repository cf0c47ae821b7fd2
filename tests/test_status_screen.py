"""The status rule's vectorised first pass (rules/status_screen.py) changes no result.

The pass clears offices that the exact logic would pass, so that logic runs on the rest only.
On random offices and responses (mixed date precisions, odd dates, undated acts, duplicate
and unknown office ids, acts of another state), the rule with the pass gives exactly the
failures it gives with the pass clearing nothing.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from conftest import REPO
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from officedata.schema.descriptor import load_package
from officedata.table.csvfile import RawTable
from officedata.table.table import Table, type_table
from officedata.validation.rules import status
from officedata.validation.rules.status_screen import backing_pairs, plainly_backed

PACKAGE = load_package(REPO)
OFFICES = PACKAGE.resource("offices")
RESPONSES = PACKAGE.resource("responses")
BACKED_BY = OFFICES.schema.field("status").backed_by
STATUSES = list(OFFICES.schema.field("status").enum or [])
ACTIONS = list(RESPONSES.schema.field("action").enum or [])
IDS = ["nl-a-1", "nl-b-1", "nl-c-1", "fr-a-1", "fr-b-1"]
DATES = ["", "2022", "2022-10", "2022-10-26", "2022-11", "2022-11-01", "2023", "2023-01-05"]
ODD_DATES = ["2022-1", "22-10-26", "２０２２"]


def table(resource: Any, rows: list[dict[str, str]]) -> Table:
    header = resource.schema.field_names
    columns = pa.table(
        {name: pa.array([row.get(name) or None for row in rows], pa.string()) for name in header}
    )
    typed, _ = type_table(RawTable(resource.path, header, columns), resource)
    return typed


office_rows = st.lists(
    st.fixed_dictionaries(
        {
            "office_id": st.sampled_from(IDS),
            "country": st.sampled_from(["NL", "FR"]),
            "status": st.sampled_from(STATUSES),
            "status_date": st.sampled_from(DATES + ODD_DATES[:1]),
        }
    ),
    max_size=8,
)
response_rows = st.lists(
    st.builds(
        lambda number, country, ids, date, action: {
            "response_id": f"r-{number}",
            "country": country,
            "office_ids": ";".join(ids),
            "date": date,
            "action": action,
        },
        st.integers(0, 99),
        st.sampled_from(["NL", "FR", "CN"]),
        st.lists(st.sampled_from([*IDS, "xx-unknown-1"]), max_size=3),
        st.sampled_from(DATES + ODD_DATES),
        st.sampled_from(ACTIONS),
    ),
    max_size=10,
)


def exact_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the first pass clear nothing, so the exact logic judges every office."""
    import numpy as np

    monkeypatch.setattr(
        status, "plainly_backed", lambda offices, *_: np.zeros(offices.num_rows, bool)
    )


def odd_date_case() -> tuple[list, list]:
    """An act dated "2022-1" (not a partial date: undated to the rule) and a status_date that
    spells the same text."""
    office = {"office_id": "nl-a-1", "country": "NL", "status": "closed", "status_date": "2022-1"}
    act = {"response_id": "r-1", "country": "NL", "office_ids": "nl-a-1", "date": "2022-1",
           "action": "closure"}  # fmt: skip
    return [office], [act]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(office_rows, response_rows)
@example(*odd_date_case())
def test_the_first_pass_changes_no_failure(offices: list, responses: list) -> None:
    offices_table, responses_table = table(OFFICES, offices), table(RESPONSES, responses)
    screened = status.check_status_evidence(offices_table, responses_table, BACKED_BY)
    with pytest.MonkeyPatch.context() as monkeypatch:
        exact_only(monkeypatch)
        exact = status.check_status_evidence(offices_table, responses_table, BACKED_BY)
    assert screened == exact


def test_plain_offices_are_cleared_whatever_the_precision_of_their_acts() -> None:
    offices = table(
        OFFICES,
        [
            {"office_id": "nl-a-1", "country": "NL", "status": "reported"},
            {"office_id": "nl-b-1", "country": "NL", "status": "closed", "status_date": "2022-11"},
            {"office_id": "nl-c-1", "country": "NL", "status": "closed", "status_date": "2022-11"},
            {"office_id": "nl-d-1", "country": "NL", "status": "closed", "status_date": "2022-10"},
            {"office_id": "nl-e-1", "country": "NL", "status": "reported"},
        ],
    )
    responses = table(
        RESPONSES,
        [
            {"response_id": "a", "country": "NL", "office_ids": "nl-b-1;nl-c-1;nl-d-1",
             "date": "2022-11", "action": "closure"},
            {"response_id": "b", "country": "NL", "office_ids": "nl-c-1",
             "date": "2022-10-26", "action": "closure"},
            {"response_id": "c", "country": "NL", "office_ids": "nl-e-1",
             "date": "2022-10-26", "action": "investigation"},
        ],
    )  # fmt: skip
    acting = {"closure": "closed", "investigation": "investigated"}
    pairs = backing_pairs(
        responses, acting, ("response_id", "country", "office_ids", "date", "action")
    )
    names = ("office_id", "country", "status", "status_date")
    cleared = plainly_backed(offices, pairs, BACKED_BY, names).tolist()
    # a: nothing names it; b: one act, its date; c: 2022-11 is after 2022-10-26 at the month
    # they share; d: the date is not the act's; e: named by an act, status "reported".
    assert cleared == [True, True, True, False, False]
    rules = [f.rule for f in status.check_status_evidence(offices, responses, BACKED_BY)]
    assert rules == ["status-date", "status-superseded"]


def test_a_mapping_that_backs_nothing_clears_every_office() -> None:
    offices = table(OFFICES, [{"office_id": "nl-a-1", "country": "NL", "status": "closed"}])
    responses = table(
        RESPONSES,
        [{"response_id": "a", "country": "NL", "office_ids": "nl-a-1", "action": "closure"}],
    )
    pairs = backing_pairs(responses, {}, ("response_id", "country", "office_ids", "date", "action"))
    names = ("office_id", "country", "status", "status_date")
    assert plainly_backed(offices, pairs, {}, names).tolist() == [True]
    assert status.check_status_evidence(offices, responses, {}) == []


PLAIN_DATES = [date for date in DATES if date]
ACTING = {action: status for status, actions in BACKED_BY.items() for action in actions}


@st.composite
def consistent_cases(draw: st.DrawFn) -> tuple[list, list]:
    """Responses with plain dates (some undated), and offices of which many take the status
    and date of an act naming them, so that mixed precisions pass as often as they fail."""
    responses = draw(
        st.lists(
            st.builds(
                lambda number, ids, date, action: {
                    "response_id": f"r-{number}",
                    "country": "NL",
                    "office_ids": ";".join(ids),
                    "date": date,
                    "action": action,
                },
                st.integers(0, 99),
                st.lists(st.sampled_from(IDS[:3]), min_size=1, max_size=2),
                st.sampled_from(["", *PLAIN_DATES, *PLAIN_DATES]),
                st.sampled_from(sorted(ACTING)),
            ),
            max_size=6,
        )
    )
    offices = []
    for office_id in IDS[:3]:
        naming = [r for r in responses if office_id in r["office_ids"].split(";")]
        if naming and draw(st.booleans()):
            act = draw(st.sampled_from(naming))
            status_value, status_date = ACTING[act["action"]], act["date"]
        else:
            status_value = draw(st.sampled_from(STATUSES))
            status_date = draw(st.sampled_from(["", *PLAIN_DATES]))
        offices.append(
            {"office_id": office_id, "country": "NL", "status": status_value,
             "status_date": status_date}
        )  # fmt: skip
    return offices, responses


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_cases())
def test_the_first_pass_clears_exactly_the_offices_the_exact_logic_passes(
    case: tuple[list, list],
) -> None:
    """With plain dates only, the pass is complete as well as safe: it clears every office the
    exact logic finds nothing wrong with, at whatever mix of precisions."""
    offices, responses = table(OFFICES, case[0]), table(RESPONSES, case[1])
    pairs = backing_pairs(
        responses, ACTING, ("response_id", "country", "office_ids", "date", "action")
    )
    names = ("office_id", "country", "status", "status_date")
    cleared = plainly_backed(offices, pairs, BACKED_BY, names).tolist()
    with pytest.MonkeyPatch.context() as monkeypatch:
        exact_only(monkeypatch)
        failing = {f.line for f in status.check_status_evidence(offices, responses, BACKED_BY)}
    assert cleared == [row + 2 not in failing for row in range(offices.num_rows)]
