"""How much of what is reported the data lists: offices and host countries listed, against the
largest headline count any report in the package gives (e.g. 102 stations in 53 countries).

Counts are computed from the tables every time; none is kept by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from officedata.exporters.base import OrderedTable


@dataclass(frozen=True)
class Coverage:
    offices_listed: int
    countries_listed: int
    stations_claimed: int | None  # the largest headline count a report gives
    countries_claimed: int | None  # that report's country count, when it gives one
    claimed_by: str | None  # "publisher: title"


def coverage(tables: Mapping[str, OrderedTable]) -> Coverage:
    import pyarrow.compute as pc

    offices = tables["offices"].typed
    countries_listed = len(pc.unique(offices.column("country").drop_null()))
    stations = countries = claimed_by = None
    reports = tables.get("reports")
    if reports is not None and reports.num_rows:
        claims = reports.typed.filter(pc.is_valid(reports.typed.column("stations_claimed")))
        if claims.num_rows:
            # Largest claim first; ties broken by report_id so the choice is stable.
            order = pc.sort_indices(
                claims,
                sort_keys=[("stations_claimed", "descending"), ("report_id", "ascending")],
            )
            top = claims.take(order).slice(0, 1).to_pylist()[0]
            stations, countries = top["stations_claimed"], top["countries_claimed"]
            claimed_by = f"{top['publisher']}: {top['title']}"
    return Coverage(offices.num_rows, countries_listed, stations, countries, claimed_by)


def coverage_line(tables: Mapping[str, OrderedTable]) -> str:
    seen = coverage(tables)
    listed = f"{seen.offices_listed:,} offices listed in {seen.countries_listed:,} countries"
    if seen.stations_claimed is None:
        return f"{listed}; no report in the package gives a headline count."
    claimed = f"{seen.stations_claimed:,} stations"
    if seen.countries_claimed is not None:
        claimed += f" in {seen.countries_claimed:,} countries"
    return f"{listed}, of {claimed} reported ({seen.claimed_by})."
