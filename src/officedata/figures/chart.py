"""The bar chart of stations per host country: listed here beside the count a report gives.

The counts come from `analysis.stats.per_country`, the same figures `officedata stats` prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from officedata.figures.render import _new_figure, _with_rc, licence_name
from officedata.schema.model import Package

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

CHART_NAME = "stations-per-country"


@_with_rc
def draw_country_chart(package: Package, offices: pd.DataFrame, countries: pd.DataFrame) -> Figure:
    from officedata.analysis.stats import per_country

    rows = sorted(
        per_country(offices, countries),
        key=lambda r: (-max(r["listed"], r["claimed"] or 0), -r["listed"], r["name"]),
    )
    height = 1.6 + 0.24 * len(rows)
    figure = _new_figure(9, height)
    top = 1 - 1.0 / height
    bottom = 0.9 / height
    ax = figure.add_axes((0.25, bottom, 0.71, top - bottom))
    positions = list(range(len(rows)))[::-1]  # the largest at the top
    bar = 0.38
    listed = [r["listed"] for r in rows]
    claimed = [r["claimed"] or 0 for r in rows]
    ax.barh(
        [p + bar / 2 for p in positions],
        listed,
        height=bar,
        color="#0072B2",
        label="listed in officedata",
    )
    ax.barh(
        [p - bar / 2 for p in positions],
        claimed,
        height=bar,
        color="#E69F00",
        label="count a report gives",
    )
    for position, row in zip(positions, rows, strict=True):
        ax.text(
            row["listed"] + 0.08,
            position + bar / 2,
            str(row["listed"]),
            va="center",
            fontsize=6.5,
            color="#0072B2",
        )
        if row["claimed"] is not None:
            ax.text(
                row["claimed"] + 0.08,
                position - bar / 2,
                str(row["claimed"]),
                va="center",
                fontsize=6.5,
                color="#A86F00",
            )
        else:
            ax.text(
                0.08,
                position - bar / 2,
                "no count reported",
                va="center",
                fontsize=6.5,
                color="#777777",
            )
    ax.set_yticks(positions, [r["name"] for r in rows], fontsize=8)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.xaxis.set_major_locator(_integer_locator())
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="lower right", fontsize=8.5, frameon=False)
    figure.text(
        0.02,
        1 - 0.25 / height,
        "Stations per host country: listed vs reported",
        fontsize=13,
        fontweight="bold",
        va="top",
    )
    figure.text(
        0.02,
        1 - 0.55 / height,
        f"officedata {package.version}: {sum(listed)} stations listed in {len(rows)} host "
        "countries, beside the headline count a report gives for each country.",
        fontsize=8.5,
        va="top",
        color="#333333",
    )
    figure.text(
        0.02,
        0.35 / height,
        f"Source: officedata, {licence_name(package)}. Reported counts: countries.stations_reported, each "
        "naming its report (stations_reported_source).",
        fontsize=7.5,
        va="top",
        color="#555555",
    )
    return figure


def _integer_locator():
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)






