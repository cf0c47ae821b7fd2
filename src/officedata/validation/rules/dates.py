"""Rules for dates.

- A partial date (YYYY, YYYY-MM, YYYY-MM-DD) names a real calendar period: no 2022-13 or 2022-02-30.
- No date lies in the future.
- An office's `status_date` is not before the publication of the report that first listed it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from officedata.failures import Failure
from officedata.schema.domain import OFFICES as O
from officedata.schema.domain import REPORTS as R
from officedata.schema.partial_dates import PARTIAL_DATE, is_after, is_before, is_real_partial_date
from officedata.table.arrow_numpy import string_array
from officedata.validation.registry import rule
from officedata.validation.rules.base import (
    Context,
    at_rows,
    cell_failure,
    first_of_each,
    flags,
    look_up,
    quoted,
    where,
)


@rule("partial-dates")
def check_partial_dates(context: Context) -> Iterator[Failure]:
    """Every partial date (a field marked `officedata:partialDate`) names a real calendar
    period, and none lies in the future."""
    for resource in context.package.resources:
        table = context.tables.get(resource.name)
        if table is None:
            continue
        for spec in resource.schema.fields:
            if not spec.partial_date:
                continue
            column = table.column(spec.name)
            # Dates repeat: judge each distinct text once, then report the rows holding a bad one.
            verdicts = {
                text: verdict
                for text in pc.unique(column.drop_null()).to_pylist()
                if (verdict := _judge(str(text), context.today)) is not None
            }
            if not verdicts:
                continue
            bad = flags(pc.is_in(column, value_set=string_array(list(verdicts))))
            rows = bad.nonzero()[0].tolist()
            for row, text in zip(rows, where(column, bad).to_pylist(), strict=True):
                rule, message = verdicts[text]
                yield cell_failure(table, row, spec.name, rule, message)


def _judge(text: str, today: date) -> tuple[str, str] | None:
    """(rule, message) when a well-formed partial date is not real or lies in the future."""
    if not PARTIAL_DATE.fullmatch(text):
        return None  # the schema's pattern reports the shape
    if not is_real_partial_date(text):
        return "calendar-date", f"{quoted(text)} is not a real calendar date"
    if is_after(text, today):
        return "future-date", f"{quoted(text)} is in the future (today is {today.isoformat()})"
    return None


@rule(
    "status-after-first-report",
    needs=(*O.refs("status_date", "first_report"), *R.refs("id", "published")),
)
def check_status_after_first_report(context: Context) -> Iterator[Failure]:
    """An office's `status_date` is not before the publication of the report that first
    listed it (compared at the precision both dates share)."""
    if not context.has(O.table, R.table):
        return
    offices = context.tables[O.table]
    reports = context.tables[R.table]
    published = reports.column(R.published)
    dated = _real(published)
    report_ids, published_on = first_of_each(
        where(reports.column(R.id), dated), where(published, dated)
    )
    published_of = dict(zip(report_ids.to_pylist(), published_on.to_pylist(), strict=True))
    status = offices.column(O.status_date)
    rows = _real(status).nonzero()[0]
    first_published = look_up(
        at_rows(offices.column(O.first_report), rows), report_ids, published_on
    )
    known = flags(pc.is_valid(first_published))
    rows = rows[known]
    before = _earlier(at_rows(status, rows), where(first_published, known))
    for row in rows[before].tolist():
        status_date = offices.value_at(row, O.status_date)
        report = offices.value_at(row, O.first_report)
        if not is_before(status_date, published_of[report]):
            continue  # cannot happen; keeps the message tied to the one definition of "before"
        yield cell_failure(
            offices,
            row,
            O.status_date,
            "status-before-report",
            f"status date {quoted(status_date)} is before {quoted(report)} was published "
            f"({published_of[report]})",
        )


def _real(texts: pa.ChunkedArray) -> np.ndarray:
    """Mask of the cells naming a real partial date, judging each distinct text once."""
    distinct = pc.unique(texts.drop_null())
    real = [text for text in distinct.to_pylist() if is_real_partial_date(text)]
    return flags(pc.is_in(texts, value_set=string_array(real)))


def _earlier(mine: pa.ChunkedArray | pa.Array, theirs: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Where a partial date is before another, compared at the precision both share (a real
    partial date is 4, 7 or 10 characters long, so its prefixes are its coarser dates)."""
    import polars as pl

    frame = pl.DataFrame({"mine": pl.Series(mine), "theirs": pl.Series(theirs)})
    width = pl.min_horizontal(pl.col("mine").str.len_chars(), pl.col("theirs").str.len_chars())
    earlier = pl.col("mine").str.slice(0, width) < pl.col("theirs").str.slice(0, width)
    return frame.select(earlier.fill_null(False)).to_series().to_numpy()
