"""The benchmark's pure parts: runs, the interleaved order, paired ratios and the Markdown tables.

Nothing here starts a process or reads a clock (bench/run.py does that), so tests can check it.

Commands are measured in *groups*: a command and the peers it is compared with (officedata
validate with frictionless validate and a pyarrow read; an export with a pyarrow read). Each round
runs every group's commands back to back (ours, peer, ours, peer …), and a ratio is the median
over rounds of ours / peer taken in the same round, so both sides of a ratio saw the same load.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

MIB = 1024 * 1024  # the peak column is in MiB (ru_maxrss is KiB); CSV sizes are in MB


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds, all threads and waited-for children
    peak_kb: int  # maximum resident set size, KiB


@dataclass
class Group:
    """Commands compared with each other; `rounds[r]` maps a command to its run in round r."""

    commands: tuple[str, ...]
    rounds: list[dict[str, Run]] = field(default_factory=list)


def schedule(
    groups: Sequence[Sequence[str]], repeat: int, limits: Mapping[str, int] | None = None
) -> list[tuple[int, int, str]]:
    """(round, group index, command) in the order to run them: round by round, each group's
    commands in turn. A command in `limits` runs in that many rounds at most (frictionless takes
    minutes at 1e6); its group's other commands still run in every round."""
    limits = limits or {}
    order = []
    for round_index in range(repeat):
        for group_index, commands in enumerate(groups):
            for command in commands:
                if round_index < limits.get(command, repeat):
                    order.append((round_index, group_index, command))
    return order


def paired_ratio(group: Group, ours: str, peer: str, metric: str) -> float | None:
    """Median over the rounds that ran both of ours / peer by `metric` ("cpu" or "wall")."""
    ratios = [
        getattr(runs[ours], metric) / getattr(runs[peer], metric)
        for runs in group.rounds
        if ours in runs and peer in runs and getattr(runs[peer], metric) > 0
    ]
    return statistics.median(ratios) if ratios else None


def runs_of(groups: Iterable[Group], command: str) -> list[Run]:
    """Every run of command, in whichever group it ran (a floor is the peer of many)."""
    return [runs[command] for group in groups for runs in group.rounds if command in runs]


def ratio_to(groups: Iterable[Group], ours: str, peer: str) -> tuple[float, float] | None:
    """(CPU ratio, wall ratio) from the first group holding both, paired by round."""
    for group in groups:
        if ours in group.commands and peer in group.commands and ours != peer:
            cpu, wall = (
                paired_ratio(group, ours, peer, "cpu"),
                paired_ratio(group, ours, peer, "wall"),
            )
            if cpu is not None and wall is not None:
                return cpu, wall
    return None


def commands_in_order(groups: Iterable[Group]) -> list[str]:
    seen: dict[str, None] = {}
    for group in groups:
        seen.update(dict.fromkeys(group.commands))
    return list(seen)


def ratio_cell(ratio: tuple[float, float] | None, suffix: str = "") -> str:
    """`CPU (wall)`, e.g. `0.42 (0.45)` or, with suffix `×`, `5.3× (5.8×)`."""
    if ratio is None:
        return ""
    cpu, wall = ratio
    return f"{cpu:.2f}{suffix} ({wall:.2f}{suffix})"


@dataclass(frozen=True)
class SizeResult:
    size: str  # "real" or an office count
    csv_bytes: int
    groups: list[Group]
    notes: dict[str, str] = field(default_factory=dict)  # command → e.g. "3/3 found"


def size_table(
    results: Sequence[SizeResult], frictionless: str, floor: str, ours_validate: str
) -> str:
    """One row per command and size: medians, peak memory, and the paired ratios."""
    lines = [
        "| size | command | wall s | CPU s | peak MiB | peak / CSV | ours / frictionless, CPU "
        "(wall) | / pyarrow read, CPU (wall) | runs | note |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for result in results:
        for command in commands_in_order(result.groups):
            runs = runs_of(result.groups, command)
            peak = max(run.peak_kb for run in runs) * 1024
            per_csv = f"{peak / result.csv_bytes:.1f}×" if result.size != "real" else "—"
            versus_fl = (
                ratio_cell(ratio_to(result.groups, command, frictionless))
                if command == ours_validate
                else ""
            )
            versus_floor = ratio_cell(ratio_to(result.groups, command, floor), "×")
            lines.append(
                f"| {result.size} | {command} | {median(runs, 'wall'):.2f} | "
                f"{median(runs, 'cpu'):.2f} | {peak / MIB:.0f} | {per_csv} | {versus_fl} | "
                f"{versus_floor} | {len(runs)} | {result.notes.get(command, '')} |"
            )
    return "\n".join(lines)


def startup_table(group: Group, floor: str) -> str:
    lines = [
        "| command | wall s | CPU s | peak MiB | / import typer, CPU (wall) | runs |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for command in group.commands:
        runs = runs_of([group], command)
        lines.append(
            f"| {command} | {median(runs, 'wall'):.3f} | {median(runs, 'cpu'):.3f} | "
            f"{max(r.peak_kb for r in runs) / 1024:.0f} | "
            f"{ratio_cell(ratio_to([group], command, floor), '×')} | {len(runs)} |"
        )
    return "\n".join(lines)


def median(runs: Sequence[Run], metric: str) -> float:
    return statistics.median(getattr(run, metric) for run in runs)
