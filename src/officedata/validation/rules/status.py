"""Rule: an office's status is a consequence of the recorded evidence (docs/status-lifecycle.md).

The schema says which response actions back which status: `officedata:backedBy` on
offices.status maps each status to the actions that support it, e.g.

    investigation, arrest → investigated     closure → closed      charge → charged
    conviction → convicted                   denial → denied
    monitoring → monitored                   site_not_found → site_not_found

A status that the mapping does not name (`reported`) needs no response. A response backs a
status of an office only when it is an act of the office's host state (`responses.country` =
`offices.country`) and names the office in `responses.office_ids`; a country-wide response
backs nothing it does not name, and a statement by China or the EU backs no status.

For every office:

- a status that needs backing is backed by at least one such response
  (`status-unbacked`: the failure names the actions that would back it and what the recorded
  evidence supports instead);
- the status is the one the **latest** backing response supports: a later response that backs
  another status (a closure after an investigation, a finding of no site after a closure)
  replaces it (`status-superseded`: the failure names that response and the status it
  supports). This also holds for `reported`: a station named by a backing response is no longer
  only reported;
- `status_date` is exactly the date of the latest response that backs the status, empty when
  that response is undated (`status-date`).

"Later" compares partial dates at their shared precision: 2022-12 and 2022-12-07 are not
ordered, so either may be the latest. Undated responses are ordered after nothing and before
nothing; they decide only when no dated response backs the office.

`check_status_evidence` is one pure function over the typed offices and responses tables and
the schema's mapping; `check_status` adapts it to the validator's rule signature.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from officedata.failures import Failure
from officedata.schema.domain import OFFICES as O
from officedata.schema.domain import RESPONSES as RS
from officedata.schema.partial_dates import PARTIAL_DATE, is_before
from officedata.table.table import Table, is_missing
from officedata.validation.registry import rule
from officedata.validation.rules.base import Context, cell_failure, quoted
from officedata.validation.rules.status_screen import KEYS, backing_pairs, plainly_backed

if TYPE_CHECKING:
    import polars as pl

RULE_UNBACKED = "status-unbacked"
RULE_SUPERSEDED = "status-superseded"
RULE_DATE = "status-date"


@dataclass(frozen=True)
class _Act:
    """One backing response as the rule sees it."""

    response_id: str
    date: str | None
    action: str


@rule(
    "status-evidence",
    needs=(
        *O.refs("id", "country", "status", "status_date"),
        *RS.refs("id", "country", "offices", "date", "action"),
    ),
)
def check_status(context: Context) -> Iterator[Failure]:
    """Every status but `reported` is backed by a dated act of the host state naming the office
    (responses.office_ids) whose action backs it (offices.status `officedata:backedBy`); the
    status is the one its latest backing act supports; status_date is that act's date."""
    if not context.has(O.table, RS.table):
        return
    spec = context.tables[O.table].schema.field(O.status)
    if not spec.backed_by:
        return
    needs_none = [value for value in (spec.enum or []) if value not in spec.backed_by]
    yield from check_status_evidence(
        context.tables[O.table],
        context.tables[RS.table],
        spec.backed_by,
        unbacked_status=needs_none[0] if needs_none else None,
    )


def check_status_evidence(
    offices: Table,
    responses: Table,
    backed_by: Mapping[str, Sequence[str]],
    *,
    unbacked_status: str | None = "reported",
) -> list[Failure]:
    """Every failure of offices' status and status_date against the responses naming them.

    `backed_by` maps a status to the actions that back it; statuses it does not name need no
    response. `unbacked_status` is what the evidence supports when nothing backs a station
    (named in messages only).
    """
    status_of_action: dict[str, str] = {}
    for status, actions in backed_by.items():
        for action in actions:
            status_of_action.setdefault(action, status)
    # The vectorised pass clears the plain offices; the exact logic below judges the rest.
    pairs = backing_pairs(
        responses, status_of_action, (RS.id, RS.country, RS.offices, RS.date, RS.action)
    )
    columns = (O.id, O.country, O.status, O.status_date)
    rest = np.flatnonzero(~plainly_backed(offices, pairs, backed_by, columns))
    values = [offices.polars_column(name).gather(rest).to_list() for name in columns]
    acts = _backing_acts(_naming(pairs, values[1], values[0]))
    failures: list[Failure] = []
    for row, (office_id, country, status, status_date) in zip(
        rest.tolist(), zip(*values, strict=True), strict=True
    ):
        if is_missing(office_id) or is_missing(status) or is_missing(country):
            continue  # the required and type rules report these
        status, office_id = str(status), str(office_id)
        mine = acts.get((str(country), office_id), [])
        latest = _latest(mine)
        if status not in backed_by:
            if latest and (row, O.status) not in offices.bad_cells:
                act = latest[0]
                failures.append(
                    cell_failure(
                        offices,
                        row,
                        O.status,
                        RULE_SUPERSEDED,
                        f"status {quoted(status)} needs no response, but {_name(act)} names this "
                        f"office; the evidence supports {quoted(status_of_action[act.action])}",
                    )
                )
            continue
        backing = set(backed_by[status])
        supporting = [act for act in mine if act.action in backing]
        if not supporting:
            if latest:
                act = latest[0]
                instead = (
                    f"the latest response naming it, {_name(act)}, supports "
                    f"{quoted(status_of_action[act.action])}"
                )
            else:
                instead = "no response of the host state names it with a backing action" + (
                    f", so the evidence supports {quoted(unbacked_status)}"
                    if unbacked_status
                    else ""
                )
            failures.append(
                cell_failure(
                    offices,
                    row,
                    O.status,
                    RULE_UNBACKED,
                    f"status {quoted(status)} needs a response of the host state naming this "
                    f"office with action {_either(backed_by[status])}; {instead}",
                )
            )
            continue
        latest_supporting = [act for act in latest if act.action in backing]
        if not latest_supporting:
            act = latest[0]
            best = _latest(supporting)[0]
            failures.append(
                cell_failure(
                    offices,
                    row,
                    O.status,
                    RULE_SUPERSEDED,
                    f"status {quoted(status)} rests on {_name(best)}, but the later "
                    f"{_name(act)} supports {quoted(status_of_action[act.action])}",
                )
            )
            continue
        if (row, O.status_date) in offices.bad_cells:
            continue
        shown = None if is_missing(status_date) else str(status_date)
        if shown in {act.date for act in latest_supporting}:
            continue
        act = latest_supporting[0]
        wanted = "empty" if act.date is None else quoted(act.date)
        failures.append(
            cell_failure(
                offices,
                row,
                O.status_date,
                RULE_DATE,
                f"status date should be {wanted}: the date of {act.response_id}, the latest "
                f"response backing {quoted(status)}",
            )
        )
    return failures


def _naming(pairs: pl.DataFrame, countries: list[Any], office_ids: list[Any]) -> pl.DataFrame:
    """The pairs that name one of these (country, office) keys."""
    import polars as pl

    keys = pl.DataFrame(
        {"country": _texts(countries), "office": _texts(office_ids)},
        schema={"country": pl.String, "office": pl.String},
    )
    return pairs.join(keys.unique(), on=KEYS, how="semi", maintain_order="left")


def _texts(values: list[Any]) -> list[str | None]:
    return [None if is_missing(value) else str(value) for value in values]


def _backing_acts(pairs: pl.DataFrame) -> dict[tuple[str, str], list[_Act]]:
    """(host country, office_id) → the responses of that state naming it with a backing action."""
    acts: dict[tuple[str, str], list[_Act]] = {}
    columns = ("response_id", "country", "office", "date", "action")
    for response_id, country, office_id, date, action in zip(
        *(pairs.get_column(name).to_list() for name in columns), strict=True
    ):
        text = None if is_missing(date) else str(date)
        if text is not None and not PARTIAL_DATE.fullmatch(text):
            text = None  # the pattern rule reports it; do not order by it
        acts.setdefault((str(country), str(office_id)), []).append(
            _Act(str(response_id), text, str(action))
        )
    return acts


def _latest(acts: list[_Act]) -> list[_Act]:
    """The acts no dated act is strictly after; undated acts only when none is dated.

    Ordered most precise date first, then by id, so messages are stable.
    """
    dated = [act for act in acts if act.date is not None]
    if not dated:
        return sorted(acts, key=lambda act: act.response_id)
    latest = [
        act
        for act in dated
        if not any(is_before(act.date, other.date) for other in dated)  # type: ignore[arg-type]
    ]
    return sorted(latest, key=lambda act: (-len(act.date or ""), act.response_id))


def _name(act: _Act) -> str:
    return f"{act.response_id} ({act.action}, {act.date or 'undated'})"


def _either(actions: Sequence[str]) -> str:
    shown = [quoted(action) for action in actions]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
