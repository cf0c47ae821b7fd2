"""A vectorised first pass of the status-evidence rule: the offices it plainly passes.

The rule's exact logic (rules/status.py) orders partial dates pairwise and builds its messages
in Python, one office at a time; at a million offices that loop is most of `validate`. Nearly
every office passes, though: either nothing names it and its status needs nothing, or a latest
act naming it backs its status and carries its date. "Latest" compares partial dates at the
precision both share, so an act is superseded when some act is later at year, month or day
precision; the newest date of each precision per office, and the newest year and month
prefixes, decide that for every act at once. This pass finds the passing offices with polars
joins and group-bys, and the exact loop runs on the rest (those with a failure to explain).

It may only ever clear an office the exact logic would pass: anything unusual (a missing key, a
date that is not a plain partial date) is left to the exact logic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from officedata.table.table import Table

if TYPE_CHECKING:
    import numpy as np
    import polars as pl

# Stricter than the rule's own pattern (ASCII digits only), so an act this pass reads as dated
# is one the exact logic reads as dated too; any other date sends its office to the exact logic.
PLAIN_PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
KEYS = ["country", "office"]


def backing_pairs(
    responses: Table, status_of_action: Mapping[str, str], names: Sequence[str]
) -> pl.DataFrame:
    """One row per (response row, office named) for the responses whose action backs a status:
    response (row), response_id, country, office, date, action; each office once per response,
    in response order. `names`: the responses' fields for those five (the rule's roles)."""
    import polars as pl

    response_id, country, offices, date, action = names
    frame = pl.DataFrame(
        {
            "response_id": responses.polars_column(response_id).cast(pl.String),
            "country": responses.polars_column(country).cast(pl.String),
            "office": responses.polars_column(offices).cast(pl.List(pl.String)),
            "date": responses.polars_column(date).cast(pl.String),
            "action": responses.polars_column(action).cast(pl.String),
        }
    ).with_row_index("response")
    return (
        frame.filter(
            pl.col("action").is_in(list(status_of_action))
            & pl.col("country").is_not_null()
            & pl.col("office").is_not_null()
        )
        .explode("office")
        .filter(pl.col("office").is_not_null())
        .unique(["response", "office"], maintain_order=True)
    )


def plainly_backed(
    offices: Table,
    pairs: pl.DataFrame,
    backed_by: Mapping[str, Sequence[str]],
    names: Sequence[str],
) -> np.ndarray:
    """Per office row: True where the exact rule is certain to find nothing wrong. `names`: the
    offices' fields for id, country, status and status_date (the rule's roles)."""
    import numpy as np
    import polars as pl

    office_id, country, status, status_date = names
    date = pl.col("date")
    width = date.str.len_chars()
    year, month = date.str.slice(0, 4), date.str.slice(0, 7)
    per_office = pairs.group_by(KEYS).agg(
        dated=date.count(),
        odd_dates=(date.is_not_null() & ~date.str.contains(PLAIN_PARTIAL_DATE)).sum(),
        # The newest date of each precision, and of the month and year prefixes of all.
        years=date.filter(width == 4).max(),
        months=date.filter(width == 7).max(),
        days=date.filter(width == 10).max(),
        any_year=year.max(),
        any_month=month.filter(width >= 7).max(),
    )
    # The latest acts: those no dated act is strictly after at the precision both share (a
    # year against the years of all, a month against years and the months of the finer, a day
    # against each precision), or every act when none is dated.
    superseded = (
        pl.when(width == 4)
        .then(_before(date, "any_year"))
        .when(width == 7)
        .then(_before(year, "years") | _before(date, "any_month"))
        .otherwise(_before(year, "years") | _before(month, "months") | _before(date, "days"))
    )
    latest = pairs.join(per_office, on=KEYS).filter(
        (pl.col("dated") == 0) | (date.is_not_null() & ~superseded)
    )
    allowed = pl.DataFrame(
        [(status, action) for status, actions in backed_by.items() for action in actions],
        schema={"status": pl.String, "action": pl.String},
        orient="row",
    )
    rows = pl.DataFrame(
        {
            "country": offices.polars_column(country).cast(pl.String),
            "office": offices.polars_column(office_id).cast(pl.String),
            "status": offices.polars_column(status).cast(pl.String),
            "status_date": offices.polars_column(status_date).cast(pl.String),
        }
    ).with_row_index("row")
    # An office nothing names is plain when its keys are present and its status needs nothing.
    keys_present = (
        pl.col("country").is_not_null()
        & pl.col("office").is_not_null()
        & pl.col("status").is_not_null()
    )
    needs_nothing = keys_present & ~pl.col("status").is_in(list(backed_by))
    verdict = rows.select(needs_nothing.fill_null(False)).to_series().to_numpy().copy()
    # The offices some pair names (one join over all rows, on their keys; usually a small part)
    # are plain only when a latest act backs their status and carries its date.
    named = rows.join(per_office.select([*KEYS, "odd_dates"]), on=KEYS)
    backed_rows = (
        named.join(latest.select([*KEYS, "action", "date"]), on=KEYS)
        .join(allowed, on=["status", "action"], how="semi")
        .filter(pl.col("date").eq_missing(pl.col("status_date")))
        .get_column("row")
    )
    judged = named.select("row", plain=pl.col("status").is_not_null() & (pl.col("odd_dates") == 0))
    named_rows = judged.get_column("row").to_numpy()
    plain = judged.get_column("plain").to_numpy() & np.isin(named_rows, backed_rows.to_numpy())
    verdict[named_rows] = plain
    return verdict


def _before(mine: pl.Expr, newest: str) -> pl.Expr:
    """Whether an act's date (or its prefix) is before the office's newest of column `newest`;
    false when the office has no act of that precision."""
    import polars as pl

    return (mine < pl.col(newest)).fill_null(False)
