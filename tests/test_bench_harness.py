"""The benchmark's own logic (bench/harness.py, bench/launcher.py): run order, paired ratios,
tables, and that a command's peak memory is its own. Nothing here asserts a time."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


harness = bench_module("harness")
Run, Group = harness.Run, harness.Group


def test_schedule_interleaves_each_group_round_by_round():
    order = harness.schedule([("ours", "peer"), ("export", "peer")], 2)
    assert order == [
        (0, 0, "ours"),
        (0, 0, "peer"),
        (0, 1, "export"),
        (0, 1, "peer"),
        (1, 0, "ours"),
        (1, 0, "peer"),
        (1, 1, "export"),
        (1, 1, "peer"),
    ]


def test_schedule_limits_a_slow_command_to_its_rounds_but_keeps_its_peers():
    order = harness.schedule([("ours", "frictionless", "floor")], 3, {"frictionless": 1})
    assert [command for _, _, command in order] == [
        "ours",
        "frictionless",
        "floor",
        "ours",
        "floor",
        "ours",
        "floor",
    ]


def group_of(*rounds: dict[str, tuple[float, float]]) -> object:
    commands = tuple(dict.fromkeys(name for runs in rounds for name in runs))
    return Group(
        commands=commands,
        rounds=[
            {name: Run(wall, cpu, 1024) for name, (wall, cpu) in runs.items()} for runs in rounds
        ],
    )


def test_paired_ratio_is_the_median_of_same_round_ratios_not_a_ratio_of_medians():
    # The machine was slow in round 2 for both: pairing cancels it, medians would not.
    group = group_of(
        {"ours": (1.0, 1.0), "peer": (2.0, 2.0)},
        {"ours": (10.0, 8.0), "peer": (20.0, 40.0)},
        {"ours": (3.0, 3.0), "peer": (6.0, 4.0)},
    )
    assert harness.paired_ratio(group, "ours", "peer", "wall") == pytest.approx(0.5)
    # CPU: rounds give 0.5, 0.2 and 0.75, median 0.5; the medians' ratio would be 3 / 4
    assert harness.paired_ratio(group, "ours", "peer", "cpu") == pytest.approx(0.5)
    # a round that ran only one side is left out, not paired with another round
    group.rounds.append({"ours": Run(100.0, 100.0, 1024)})
    assert harness.paired_ratio(group, "ours", "peer", "wall") == pytest.approx(0.5)


def test_ratio_to_uses_a_group_holding_both_and_none_otherwise():
    groups = [group_of({"a": (1.0, 1.0), "floor": (4.0, 2.0)}), group_of({"b": (3.0, 3.0)})]
    assert harness.ratio_to(groups, "a", "floor") == pytest.approx((0.5, 0.25))
    assert harness.ratio_to(groups, "b", "floor") is None
    assert harness.ratio_cell(harness.ratio_to(groups, "a", "floor"), "×") == "0.50× (0.25×)"
    assert harness.ratio_cell(None) == ""


def test_size_table_rows_carry_medians_peaks_and_paired_ratios():
    validate = group_of(
        {"ours": (1.0, 2.0), "theirs": (4.0, 8.0), "floor": (0.5, 0.5)},
        {"ours": (3.0, 2.0), "theirs": (12.0, 8.0), "floor": (0.5, 1.0)},
    )
    export = group_of({"export csv": (2.0, 2.0), "floor": (1.0, 1.0)})
    export.rounds[0]["export csv"] = Run(2.0, 2.0, 2 * 1024 * 1024)  # 2 GiB peak
    result = harness.SizeResult("1000", 1024**3, [validate, export], {"ours": "3/3 found"})
    lines = harness.size_table([result], "theirs", "floor", "ours").splitlines()
    assert lines[0].startswith("| size | command | wall s | CPU s | peak MiB | peak / CSV |")
    rows = {line.split(" | ")[1]: line for line in lines[2:]}
    assert list(rows) == ["ours", "theirs", "floor", "export csv"]
    assert rows["ours"] == (
        "| 1000 | ours | 2.00 | 2.00 | 1 | 0.0× | 0.25 (0.25) | 3.00× (4.00×) | 2 | 3/3 found |"
    )
    # the floor ran in both groups: its row pools all three runs, without a ratio to itself
    assert rows["floor"].startswith("| 1000 | floor | 0.50 | 1.00 | 1 | 0.0× |  |  | 3 |")
    assert "| 2048 | 2.0× |  | 2.00× (2.00×) | 1 |" in rows["export csv"]
    real = harness.SizeResult("real", 1000, [validate], {})
    assert "| real | ours | 2.00 | 2.00 | 1 | — |" in harness.size_table(
        [real], "theirs", "floor", "ours"
    )


def test_startup_table_compares_with_the_floor():
    group = group_of({"help": (0.12, 0.1), "typer": (0.1, 0.08)})
    lines = harness.startup_table(group, "typer").splitlines()
    assert lines[2] == "| help | 0.120 | 0.100 | 1 | 1.25× (1.20×) | 1 |"
    assert lines[3] == "| typer | 0.100 | 0.080 | 1 |  | 1 |"


def test_launcher_reports_the_child_s_own_peak_memory_and_exit(tmp_path):
    """Started from a process holding 300 MB, a command still shows its own small peak (forked
    from this process directly, it would show at least the 300 MB)."""
    held = b"x" * (300 * 1024 * 1024)  # resident in this process while the launcher runs
    code = "import sys; block = b'y' * (200 * 1024 * 1024); print('done'); sys.exit(3)"
    requests = [
        {"args": [sys.executable, "-c", "pass"]},
        {"args": [sys.executable, "-c", code]},
        {"args": [str(tmp_path / "no-such-program")]},
    ]
    lines = "".join(
        json.dumps(
            {
                **r,
                "cwd": str(tmp_path),
                "stdout": str(tmp_path / f"out{i}"),
                "stderr": str(tmp_path / f"err{i}"),
            }
        )
        + "\n"
        for i, r in enumerate(requests)
    )
    done = subprocess.run(
        [sys.executable, str(BENCH / "launcher.py")],
        input=lines,
        capture_output=True,
        text=True,
        check=True,
    )
    small, large, missing = (json.loads(line) for line in done.stdout.splitlines())
    assert len(held) > 0
    assert small["exit"] == 0 and small["peak_kb"] < 100 * 1024
    assert large["exit"] == 3 and 200 * 1024 <= large["peak_kb"] < 300 * 1024
    assert (tmp_path / "out1").read_text() == "done\n"
    assert missing["exit"] == 127 and "cannot start" in (tmp_path / "err2").read_text()
    assert small["cpu"] >= 0 and small["wall"] > 0
