"""Rules for dates.

- A partial date (YYYY, YYYY-MM, YYYY-MM-DD) names a real calendar period: no 2022-13 or 2022-02-30.
- No date lies in the future.
- An office's `status_date` is not before the publication of the report that first listed it.
"""

from __future__ import annotations

from collections.abc import Iterator

from officedata.failures import Failure
from officedata.partial_dates import PARTIAL_DATE, is_after, is_before, is_real_partial_date
from officedata.rules.base import Context, cell_failure, is_missing, lookup, quoted


def check_partial_dates(context: Context) -> Iterator[Failure]:
    for resource in context.package.resources:
        table = context.tables.get(resource.name)
        if table is None:
            continue
        for spec in resource.schema.fields:
            if not spec.partial_date:
                continue
            for row, text in table.frame[spec.name].dropna().items():
                if not PARTIAL_DATE.fullmatch(text):
                    continue  # the schema's pattern reports the shape
                if not is_real_partial_date(text):
                    yield cell_failure(
                        table,
                        row,
                        spec.name,
                        "calendar-date",
                        f"{quoted(text)} is not a real calendar date",
                    )
                elif is_after(text, context.today):
                    yield cell_failure(
                        table,
                        row,
                        spec.name,
                        "future-date",
                        f"{quoted(text)} is in the future (today is {context.today.isoformat()})",
                    )


def check_status_after_first_report(context: Context) -> Iterator[Failure]:
    if not context.has("offices", "reports"):
        return
    offices = context.tables["offices"]
    published = {
        report: date
        for report, date in lookup(context.tables["reports"], "report_id", "published").items()
        if is_real_partial_date(date)
    }
    frame = offices.frame
    for row in frame.index[frame["status_date"].notna()]:
        status_date = frame.at[row, "status_date"]
        report = frame.at[row, "first_reported_in"]
        if not is_real_partial_date(status_date) or is_missing(report) or report not in published:
            continue
        if is_before(status_date, published[report]):
            yield cell_failure(
                offices,
                row,
                "status_date",
                "status-before-report",
                f"status date {quoted(status_date)} is before {quoted(report)} was published "
                f"({published[report]})",
            )
