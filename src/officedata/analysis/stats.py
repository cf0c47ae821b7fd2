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

from officedata.table.table import is_missing

if TYPE_CHECKING:
    import pandas as pd

    from officedata.schema.model import Package

RELIABLE = ("primary", "reputable")
UNKNOWN = "(unknown)"


@dataclass
class Coverage:
    offices_listed: int
    countries_listed: int
    offices_elsewhere: int
    stations_claimed: int | None
    countries_claimed: int | None
    headline_report: str | None

    def line(self) -> str:
        def share(have: int, claimed: int | None) -> str:
            if not claimed:
                return f"{have}"
            return f"{have} of {claimed} ({have / claimed:.0%})"

        source = f" reported by {self.headline_report}" if self.headline_report else ""
        return (
            f"Coverage: {share(self.offices_listed, self.stations_claimed)} stations and "
            f"{share(self.countries_listed, self.countries_claimed)} host countries{source} "
            f"are listed, plus {self.offices_elsewhere} stations reported elsewhere."
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
        coverage=coverage(package, offices, reports),
        per_country=per_country(offices, countries),
        per_bureau=_counts(offices["operating_bureau"]),
        per_status=_counts(offices["status"]),
        responses_per_action=_counts(responses["action"]),
        responses_per_country=_counts(responses["country"]),
        reliable_share={
            name: reliable_rows(frames[name], reports)
            for name in ("offices", "countries", "responses")
        },
    )


def coverage(package: Package, offices: pd.DataFrame, reports: pd.DataFrame) -> Coverage:
    report, lists = package.headline
    claimed = reports.set_index("report_id")
    has_row = report is not None and report in claimed.index
    in_lists = offices["first_reported_in"].isin(lists)
    return Coverage(
        offices_listed=int(in_lists.sum()),
        countries_listed=int(offices.loc[in_lists, "country"].nunique()),
        offices_elsewhere=int((~in_lists).sum()),
        stations_claimed=_int(claimed.at[report, "stations_claimed"]) if has_row else None,
        countries_claimed=_int(claimed.at[report, "countries_claimed"]) if has_row else None,
        headline_report=report if has_row else None,
    )


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


def reliable_rows(frame: pd.DataFrame, reports: pd.DataFrame) -> dict[str, int]:
    """How many rows cite at least one primary or reputable report."""
    reliable = set(reports.loc[reports["reliability"].isin(RELIABLE), "report_id"])
    count = sum(
        1 for items in frame["sources"] if isinstance(items, list) and reliable.intersection(items)
    )
    return {"rows": len(frame), "with_reliable_source": count}


def _counts(series: pd.Series) -> dict[str, int]:
    counts = series.astype(object).where(series.notna(), UNKNOWN).value_counts()
    return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))}


def _int(value: object) -> int | None:
    return None if is_missing(value) else int(value)  # type: ignore[call-overload]
