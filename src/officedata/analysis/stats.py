"""Coverage statistics: how much of what the reports claim the data actually lists.

Counts stations per country (listed here vs the count a report gives), per operating bureau and
per status; responses per action and per country; the share of rows resting on at least one
reliable source (primary or reputable); and one coverage line against the headline report
named in the descriptor (`officedata:headline`: Patrol and Persuade's 102 stations in 53
countries). Only offices first reported in the headline's own lists (`lists`: 110 Overseas and
Patrol and Persuade) count toward it; stations named elsewhere are counted apart. It reads typed
tables and never changes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from officedata.schema.domain import (
    NEEDS_CITY_FLAG,
    OFFICES,
    RELIABLE_FLAG,
    REPORTS,
    flagged_values,
)
from officedata.table.table import is_missing

if TYPE_CHECKING:
    import pandas as pd

    from officedata.schema.model import Package

UNKNOWN = "(unknown)"


@dataclass
class Coverage:
    offices_listed: int
    countries_listed: int
    offices_elsewhere: int
    stations_claimed: int | None
    countries_claimed: int | None
    headline_report: str | None
    # How the listed stations of the headline's lists are known (placeholders are not
    # identified): by city (precision city, district or address), only by region, only by
    # country; and stations only counted in a host country's stated total, with no row.
    identified_by_city: int = 0
    known_by_region: int = 0
    known_by_country: int = 0
    known_as_count: int = 0

    @property
    def not_placed(self) -> int | None:
        """Stations of the headline count tied to no country in the data (None: no count)."""
        if not self.stations_claimed:
            return None
        return max(0, self.stations_claimed - self.offices_listed - self.known_as_count)

    def line(self) -> str:
        def share(have: int, claimed: int | None) -> str:
            if not claimed:
                return f"{have}"
            return f"{have} of {claimed} ({have / claimed:.0%})"

        claimed = self.stations_claimed
        if self.headline_report and claimed:
            opening = (
                f"Coverage: {self.headline_report} reports {claimed} stations"
                + (f" in {self.countries_claimed} host countries" if self.countries_claimed else "")
                + f"; {self.identified_by_city} ({self.identified_by_city / claimed:.0%}) are "
                "identified here by city"
            )
        else:
            opening = f"Coverage: {self.identified_by_city} stations are identified by city"
        rest = (
            ""
            if self.not_placed is None
            else f", and {self.not_placed} are not tied to any country"
        )
        return (
            f"{opening}, {self.known_by_region} only by region, {self.known_by_country} only by "
            f"country and {self.known_as_count} only as a count in a country's total{rest}; "
            f"{share(self.countries_listed, self.countries_claimed)} host countries are named. "
            f"Plus {self.offices_elsewhere} stations reported elsewhere."
        )


@dataclass
class Stats:
    coverage: Coverage
    per_country: list[dict[str, Any]] = field(default_factory=list)
    per_bureau: dict[str, int] = field(default_factory=dict)
    per_status: dict[str, int] = field(default_factory=dict)
    responses_per_action: dict[str, int] = field(default_factory=dict)
    responses_per_country: dict[str, int] = field(default_factory=dict)
    reliable_share: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "coverage": {**self.coverage.__dict__, "line": self.coverage.line()},
            "per_country": self.per_country,
            "per_bureau": self.per_bureau,
            "per_status": self.per_status,
            "responses_per_action": self.responses_per_action,
            "responses_per_country": self.responses_per_country,
            "reliable_share": self.reliable_share,
        }


def compute_stats(package: Package, frames: dict[str, pd.DataFrame]) -> Stats:
    offices, countries = frames["offices"], frames["countries"]
    reports, responses = frames["reports"], frames["responses"]
    return Stats(
        coverage=coverage(package, offices, reports, countries),
        per_country=per_country(offices, countries),
        per_bureau=_counts(offices["operating_bureau"]),
        per_status=_counts(offices["status"]),
        responses_per_action=_counts(responses["action"]),
        responses_per_country=_counts(responses["country"]),
        reliable_share={
            name: reliable_rows(
                frames[name],
                reports,
                reliable_values(package),
                besides=headline_publisher(package, reports),
            )
            for name in ("offices", "countries", "responses")
        },
    )


def coverage(
    package: Package,
    offices: pd.DataFrame,
    reports: pd.DataFrame,
    countries: pd.DataFrame | None = None,
) -> Coverage:
    report, lists = package.headline
    claimed = reports.set_index("report_id")
    has_row = report is not None and report in claimed.index
    in_lists = in_headline_lists(offices, lists)
    listed = offices.loc[in_lists]
    precision = listed["location_precision"].astype(object)
    by_city = precision.isin(city_precisions(package)) & listed["city"].notna()
    by_region = (precision == "region") & ~by_city
    return Coverage(
        offices_listed=int(in_lists.sum()),
        countries_listed=int(listed["country"].nunique()),
        offices_elsewhere=int((~in_lists).sum()),
        stations_claimed=_int(claimed.at[report, "stations_claimed"]) if has_row else None,
        countries_claimed=_int(claimed.at[report, "countries_claimed"]) if has_row else None,
        headline_report=report if has_row else None,
        identified_by_city=int(by_city.sum()),
        known_by_region=int(by_region.sum()),
        known_by_country=int((~by_city & ~by_region).sum()),
        known_as_count=0 if countries is None else counted_only(listed, countries),
    )


def in_headline_lists(offices: pd.DataFrame, lists: tuple[str, ...]) -> pd.Series:
    """Offices first reported in, or citing, one of the headline's lists."""
    import pandas as pd

    wanted = set(lists)
    # Iterate, not map: map hands Arrow list cells out as numpy arrays, iteration as lists.
    cites = pd.Series(
        [bool(wanted.intersection(_items(items))) for items in offices["sources"]],
        index=offices.index,
        dtype=bool,
    )
    return offices["first_reported_in"].isin(lists).astype(bool) | cites


def counted_only(listed: pd.DataFrame, countries: pd.DataFrame) -> int:
    """Stations a host country's stated count has beyond the rows listed for it."""
    per_country = listed["country"].value_counts()
    hosts = countries[countries["kind"] == "host"]
    total = 0
    for iso2, stated in zip(hosts["iso2"], hosts["stations_reported"], strict=True):
        if not is_missing(stated):
            total += max(0, int(stated) - int(per_country.get(iso2, 0)))
    return total


def per_country(offices: pd.DataFrame, countries: pd.DataFrame) -> list[dict[str, Any]]:
    listed = offices["country"].value_counts()
    rows = []
    for record in countries[countries["kind"] == "host"].itertuples(index=False):
        rows.append(
            {
                "iso2": record.iso2,
                "name": record.name,
                "listed": int(listed.get(record.iso2, 0)),
                "claimed": _int(record.stations_reported),
                "claimed_by": None
                if is_missing(record.stations_reported_source)
                else str(record.stations_reported_source),
            }
        )
    return sorted(rows, key=lambda r: (-(r["claimed"] or r["listed"]), r["iso2"]))


def headline_publisher(package: Package, reports: pd.DataFrame) -> str | None:
    """The publisher of the headline report (Safeguard Defenders), if it has a row."""
    report, _ = package.headline
    rows = reports.loc[reports["report_id"] == report, "publisher"].dropna()
    return None if rows.empty else str(rows.iloc[0])


def reliable_values(package: Package) -> tuple[str, ...]:
    """The reliabilities the reports schema flags as reliable (primary, reputable)."""
    spec = package.resource(REPORTS.table).schema.field(REPORTS.reliability)
    return flagged_values(spec, RELIABLE_FLAG)


def city_precisions(package: Package) -> tuple[str, ...]:
    """The location precisions the offices schema flags as naming a city."""
    spec = package.resource(OFFICES.table).schema.field(OFFICES.precision)
    return flagged_values(spec, NEEDS_CITY_FLAG)


def reliable_rows(
    frame: pd.DataFrame,
    reports: pd.DataFrame,
    reliable_levels: tuple[str, ...],
    besides: str | None = None,
) -> dict[str, int]:
    """How many rows cite at least one primary or reputable report, and how many cite one
    not published by `besides` (the headline's publisher: a source other than the reports
    themselves)."""
    good = reports[reports["reliability"].isin(reliable_levels)]
    reliable = set(good["report_id"])
    other = set(good.loc[good["publisher"] != besides, "report_id"]) if besides else reliable
    lists = [_items(items) for items in frame["sources"]]
    return {
        "rows": len(frame),
        "with_reliable_source": sum(1 for items in lists if reliable.intersection(items)),
        "with_reliable_other_source": sum(1 for items in lists if other.intersection(items)),
    }


def _items(cell: object) -> list[str]:
    """A list cell as a Python list: typed frames give lists, Arrow's to_pandas numpy arrays."""
    if isinstance(cell, str) or cell is None or is_missing(cell):
        return []
    try:
        return [str(item) for item in cell]  # type: ignore[attr-defined]
    except TypeError:
        return []


def _counts(series: pd.Series) -> dict[str, int]:
    counts = series.astype(object).where(series.notna(), UNKNOWN).value_counts()
    return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))}


def _int(value: object) -> int | None:
    return None if is_missing(value) else int(value)  # type: ignore[call-overload]
