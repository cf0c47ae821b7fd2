"""Pictures of the data: a world map of the offices and a bar chart of stations per country.

Drawn offline with matplotlib on country outlines from `basemap.py`. The map colours each office
by its reported operating bureau (grey when unknown), sizes and labels markers by the number of
stations sharing a place, and counts in its caption the offices that have no coordinates, so
none disappear silently. The chart sets the stations listed here beside the count a report gives
(`countries.stations_reported`). Output is deterministic: no pyplot state, fixed SVG hash salt,
no dates or software versions in the files' metadata. This module draws; it never validates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from officedata.figures.render import _new_figure, _with_rc, _wrap, drawable, licence_name
from officedata.schema.domain import COUNTRIES as C
from officedata.schema.domain import HOST, OPERATOR
from officedata.schema.domain import OFFICES as O
from officedata.schema.model import Package
from officedata.table.table import is_missing

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from officedata.outlines import Ring


MAP_NAME = "offices-map"

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; yellow last (low contrast).
BUREAU_COLOURS = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")
UNKNOWN_COLOUR = "#8C8C8C"
OTHER_BUREAUS = "other bureaus"
UNKNOWN_BUREAU = "bureau not reported"
LAND, HOST_LAND, OPERATOR_LAND, SEA = "#E4E4E4", "#F1E2C6", "#F3CFCF", "#FFFFFF"

WORLD_EXTENT = (-170.0, 180.0, -56.0, 78.0)  # lon min, lon max, lat min, lat max
EUROPE_EXTENT = (-11.0, 33.0, 35.0, 61.0)
MAX_COUNT_LABELS = 200  # per panel
# Markers in one layer above which the layer is an image in the SVG. Each vector marker costs
# the SVG writer a styled path: at 1e5 offices (~8,700 vector markers under 2,000 a layer) the
# map's SVG took 5.1 CPU-s and 8.3 MB, at 300 it takes 3.7 CPU-s and 4.0 MB. The real data has
# far fewer places per colour, so its map stays all vector.
RASTERIZE_ABOVE = 300
WORLD_SCALE, EUROPE_SCALE = 30.0, 60.0  # marker area (points²) of a single station


def marker_area(scale: float, count: int) -> float:
    """Area grows with the stations at one place, less than linearly so big ones don't hide."""
    return scale * (1 + 1.1 * (count - 1))




@dataclass(frozen=True)
class Place:
    """Offices at one point operated by one bureau (or bureau unknown)."""

    longitude: float
    latitude: float
    bureau: str
    count: int


def bureau_colours(offices: pd.DataFrame) -> dict[str, str]:
    """Bureau → colour, the most frequent first; beyond the palette they share one colour."""
    counts = offices[O.bureau].dropna().value_counts()
    ranked = sorted(counts.items(), key=lambda item: (-int(item[1]), str(item[0])))
    colours: dict[str, str] = {}
    named = len(BUREAU_COLOURS) if len(ranked) <= len(BUREAU_COLOURS) else len(BUREAU_COLOURS) - 1
    for index, (bureau, _) in enumerate(ranked):
        colours[str(bureau)] = BUREAU_COLOURS[index] if index < named else BUREAU_COLOURS[-1]
    return colours


def legend_bureau(bureau: str, colours: dict[str, str]) -> str:
    if bureau == UNKNOWN_BUREAU:
        return UNKNOWN_BUREAU
    named = (
        list(colours)[: len(BUREAU_COLOURS) - 1] if len(colours) > len(BUREAU_COLOURS) else colours
    )
    return bureau if bureau in named else OTHER_BUREAUS


def places(offices: pd.DataFrame) -> list[Place]:
    """Offices with coordinates, grouped by point and bureau, in a stable order."""
    located = offices[offices[O.latitude].notna() & offices[O.longitude].notna()]
    groups: dict[tuple[float, float, str], int] = {}
    columns = zip(located[O.bureau], located[O.longitude], located[O.latitude], strict=True)
    for name, longitude, latitude in columns:
        bureau = UNKNOWN_BUREAU if is_missing(name) else str(name)
        key = (round(float(longitude), 4), round(float(latitude), 4), bureau)
        groups[key] = groups.get(key, 0) + 1
    return [Place(lon, lat, bureau, n) for (lon, lat, bureau), n in sorted(groups.items())]


def spread(points: list[Place], radius: float) -> list[tuple[Place, float, float]]:
    """Draw positions: several bureaus at one point are set around it on a small circle."""
    by_point: dict[tuple[float, float], list[Place]] = {}
    for place in points:
        by_point.setdefault((place.longitude, place.latitude), []).append(place)
    drawn = []
    for (lon, lat), group in sorted(by_point.items()):
        if len(group) == 1:
            drawn.append((group[0], lon, lat))
            continue
        for index, place in enumerate(group):
            angle = math.pi / 2 + 2 * math.pi * index / len(group)
            drawn.append((place, lon + radius * math.cos(angle), lat + radius * math.sin(angle)))
    return drawn




def overlaps(ring: Ring, extent: tuple[float, float, float, float]) -> bool:
    """Whether the ring's bounding box meets the extent: rings outside it are not drawn."""
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    return (
        min(xs) <= extent[1]
        and max(xs) >= extent[0]
        and min(ys) <= extent[3]
        and max(ys) >= extent[2]
    )


def draw_land(
    ax: Axes, hosts: set[str], operators: set[str], extent: tuple[float, float, float, float]
) -> None:
    from matplotlib.collections import PolyCollection

    from officedata.outlines import load_basemap

    basemap = load_basemap()
    for kind, colour in (("other", LAND), (HOST, HOST_LAND), (OPERATOR, OPERATOR_LAND)):
        rings = [
            ring
            for iso2, country_rings in sorted(basemap.outlines.items())
            if kind == (HOST if iso2 in hosts else OPERATOR if iso2 in operators else "other")
            for ring in country_rings
            if overlaps(ring, extent)
        ]
        ax.add_collection(
            PolyCollection(rings, facecolors=colour, edgecolors="white", linewidths=0.4, zorder=1)
        )


def draw_places(
    ax: Axes,
    points: list[Place],
    colours: dict[str, str],
    *,
    scale: float,
    radius: float,
    extent: tuple[float, float, float, float],
) -> None:
    label_size = 5.5 if scale < EUROPE_SCALE else 7
    inside = [
        (place, lon, lat)
        for place, lon, lat in spread(points, radius)
        if extent[0] <= lon <= extent[1] and extent[2] <= lat <= extent[3]
    ]
    # Numbers past a few hundred would overlap into an unreadable mass (and each costs a text
    # layout); the marker size still shows every count, so only the largest are labelled.
    shared = sorted((p for p in inside if p[0].count > 1), key=lambda p: -p[0].count)
    for place, lon, lat in shared[:MAX_COUNT_LABELS]:
        ax.annotate(
            str(place.count),
            (lon, lat),
            ha="center",
            va="center",
            fontsize=label_size,
            fontweight="bold",
            color="white",
            zorder=4,
        )
    # One scatter call per colour and layer, not per place: thousands of places stay quick.
    layers: dict[tuple[str, int], tuple[list[float], list[float], list[float]]] = {}
    for place, lon, lat in inside:
        colour = colours.get(place.bureau, UNKNOWN_COLOUR)
        zorder = 3 if place.bureau != UNKNOWN_BUREAU else 2
        xs, ys, sizes = layers.setdefault((colour, zorder), ([], [], []))
        xs.append(lon)
        ys.append(lat)
        sizes.append(marker_area(scale, place.count))
    for (colour, zorder), (xs, ys, sizes) in layers.items():
        ax.scatter(
            xs,
            ys,
            s=sizes,
            color=colour,
            edgecolors="white",
            linewidths=0.7,
            zorder=zorder,
            # Thousands of vector markers make an SVG slow to write and to open; past that
            # the layer is embedded as an image (the real data stays vector).
            rasterized=len(xs) > RASTERIZE_ABOVE,
        )


def frame_axes(ax: Axes, extent: tuple[float, float, float, float], aspect: float) -> None:
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect(aspect)
    ax.set_facecolor(SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#BBBBBB")
        spine.set_linewidth(0.6)




@_with_rc
def draw_map(package: Package, offices: pd.DataFrame, countries: pd.DataFrame) -> Figure:
    hosts = set(countries.loc[countries[C.kind] == HOST, C.iso2].astype(str))
    operator_rows = countries[countries[C.kind] == OPERATOR]
    operators = set(operator_rows[C.iso2].astype(str))
    operator_names = ", ".join(sorted(operator_rows[C.name].astype(str))) or OPERATOR
    colours = bureau_colours(offices)
    points = places(offices)
    located = sum(p.count for p in points)
    total = len(offices)

    figure = _new_figure(12, 12)
    world = figure.add_axes((0.02, 0.505, 0.96, 0.4))
    europe = figure.add_axes((0.02, 0.095, 0.6, 0.4))
    key = figure.add_axes((0.64, 0.095, 0.34, 0.4))
    key.axis("off")
    draw_panels(world, europe, hosts, operators, points, colours)
    draw_legend(key, offices, colours, operator_names)
    figure.text(0.02, 0.975, package.title, fontsize=14, fontweight="bold", va="top")
    figure.text(
        0.02,
        0.94,
        f"{located} of the {total} reported stations listed in officedata {package.version} have "
        "coordinates (city centroids). Colour: the bureau reported to run them; a number: "
        "stations at one place.",
        fontsize=9.5,
        va="top",
        color="#333333",
    )
    figure.text(
        0.02,
        0.075,
        caption_lines(package, offices, countries, total - located),
        fontsize=8,
        va="top",
        color="#333333",
        linespacing=1.5,
    )
    return figure


def draw_panels(
    world: Axes,
    europe: Axes,
    hosts: set[str],
    operators: set[str],
    points: list[Place],
    colours: dict[str, str],
) -> None:
    """The world panel, with Europe's frame marked on it, and the Europe panel below."""
    from matplotlib.patches import Rectangle

    frame_axes(world, WORLD_EXTENT, 1.0)
    draw_land(world, hosts, operators, WORLD_EXTENT)
    draw_places(world, points, colours, scale=WORLD_SCALE, radius=1.6, extent=WORLD_EXTENT)
    lon0, lon1, lat0, lat1 = EUROPE_EXTENT
    world.add_patch(
        Rectangle(
            (lon0, lat0),
            lon1 - lon0,
            lat1 - lat0,
            fill=False,
            edgecolor="#555555",
            linewidth=0.7,
            linestyle=(0, (3, 2)),
            zorder=5,
        )
    )
    world.text(lon1 + 1, lat1 - 1, "Europe, below", fontsize=7, color="#555555", va="top")
    frame_axes(europe, EUROPE_EXTENT, 1 / math.cos(math.radians((lat0 + lat1) / 2)))
    draw_land(europe, hosts, operators, EUROPE_EXTENT)
    draw_places(europe, points, colours, scale=EUROPE_SCALE, radius=0.45, extent=EUROPE_EXTENT)
    europe.set_title("Europe", fontsize=9, loc="left", color="#333333")


def draw_legend(
    key: Axes, offices: pd.DataFrame, colours: dict[str, str], operator_names: str
) -> None:
    """Bureaus with their station counts, then marker sizes, then land colours."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    bureau_counts = offices[O.bureau].dropna().astype(str).value_counts()
    unknown = int(offices[O.bureau].isna().sum())
    handles, labels = [], []
    shown: dict[str, int] = {}
    for bureau in colours:
        label = legend_bureau(bureau, colours)
        shown[label] = shown.get(label, 0) + int(bureau_counts[bureau])
    for label, count in shown.items():
        colour = BUREAU_COLOURS[-1] if label == OTHER_BUREAUS else colours[label]
        handles.append(_dot(Line2D, colour, 7))
        labels.append(f"{label} ({count})")
    if unknown:
        handles.append(_dot(Line2D, UNKNOWN_COLOUR, 7))
        labels.append(f"{UNKNOWN_BUREAU} ({unknown})")
    first = key.legend(
        handles,
        labels,
        title="Operating bureau (stations listed)",
        loc="upper left",
        fontsize=8.5,
        title_fontsize=9,
        frameon=False,
        alignment="left",
    )
    key.add_artist(first)
    sizes = [_dot(Line2D, "#777777", math.sqrt(marker_area(EUROPE_SCALE, n))) for n in (1, 2, 3)]
    land = [
        Patch(facecolor=HOST_LAND, edgecolor="#BBBBBB"),
        Patch(facecolor=OPERATOR_LAND, edgecolor="#BBBBBB"),
    ]
    key.legend(
        [*sizes, *land],
        [
            "1 station",
            "2 stations at one place",
            "3 stations at one place",
            "host country",
            f"{operator_names} (operator)",
        ],
        loc="upper left",
        bbox_to_anchor=(0.0, 0.52),
        fontsize=8.5,
        frameon=False,
        alignment="left",
        labelspacing=0.9,
    )


def _dot(line_class, colour: str, size: float):
    return line_class(
        [], [], marker="o", linestyle="", markersize=size, color=colour, markeredgecolor="white"
    )


def caption_lines(
    package: Package, offices: pd.DataFrame, countries: pd.DataFrame, unplaced: int
) -> str:
    from officedata.outlines import SOURCE, load_basemap

    names = dict(zip(countries[C.iso2].astype(str), countries[C.name].astype(str), strict=True))
    lines = []
    if unplaced:
        without = offices[offices[O.latitude].isna() | offices[O.longitude].isna()]
        per_country = without[O.country].astype(str).value_counts()
        ranked = sorted(per_country.items(), key=lambda item: (-int(item[1]), item[0]))
        listed = ", ".join(f"{names.get(c, c)} {n}" for c, n in ranked)
        lines.append(
            f"Not drawn: {unplaced} stations known only by country, without coordinates "
            f"({_wrap(listed, 150)})."
        )
    bureaus = offices[O.bureau].dropna().astype(str).unique()
    if any(not drawable(name) for name in bureaus):
        lines.append(
            "Some bureau names use characters the map's font (DejaVu Sans) lacks and show as "
            "boxes here; the data holds them in full."
        )
    missing = [names[c] for c in load_basemap().missing if c in names]
    outline_note = f"; no outline for {', '.join(missing)} (left blank)" if missing else ""
    lines.append(
        "Each station is an allegation a host state or China may deny; several are disputed. "
        f"Source: officedata, {licence_name(package)}, from Safeguard Defenders' reports and the press and "
        f"official sources they cite. {SOURCE}{outline_note}."
    )
    return "\n".join(_wrap(line, 175) for line in lines)







