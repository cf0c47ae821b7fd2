"""Every broken package in the corpus is refused with exit 1 and a located, readable failure.

For each case (tests/bad_inputs.py): `validate` exits 1 (never 0, never 2, never a traceback),
the JSON report holds the expected failure at the expected file, line and column, nothing in or
around the package is written, and no file outside the package is ever opened. For each named
case, `fmt --check` and `fmt` end without a traceback and change no value. `build` and `export`
refuse on the same validation, so they run on one representative case per kind of failure
(structure, type, cross-table, descriptor, path escape): exit 1, the failure located, nothing
written.

Besides broken package folders the corpus holds release zips (tests/bad_archives.py: validate is
given the zip), a broken package found with no PATH from its data/ folder (issue 12, item 1), and
command cases (tests/bad_commands.py): a command run in a hostile place or state (a full disk, no
write permission, a killed run's leftovers, no package at all, data that looks like markup),
which must exit as the case says, without a traceback, changing only what the case allows.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from bad_archives import zip_as_release
from bad_commands import COMMAND_CASES, CommandCase, Run, limit_file_size, process_prefix
from bad_inputs import REPO, BadInput, Expected, all_cases, copy_package, named_cases
from click.testing import CliRunner

from officedata.cli import app

CASES = all_cases()

# Opened files whose path contains this folder name are recorded; the corpus keeps its
# "outside the package" targets there.
FORBIDDEN_DIR = "forbidden"
_opened_forbidden: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _opened_forbidden is None:
        return
    if event in ("socket.connect", "urllib.Request"):
        _opened_forbidden.append(f"{event} {args!r}")  # nothing may be fetched
        return
    if event != "open" or not args:
        return
    if not isinstance(args[0], str | bytes):
        return  # a file descriptor: already opened, by path, before
    path = os.fsdecode(args[0])
    real = os.path.realpath(path)  # a link into the forbidden folder counts as reading it
    if FORBIDDEN_DIR in Path(real).parts or "passwd" in path:
        _opened_forbidden.append(path)


sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only inside watch_opens()


@contextmanager
def watch_opens() -> Iterator[list[str]]:
    global _opened_forbidden
    _opened_forbidden = []
    try:
        yield _opened_forbidden
    finally:
        _opened_forbidden = None


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder (links not followed) → its content hash."""
    return {
        str(path.relative_to(folder)): (
            "link:" + os.readlink(path)
            if path.is_symlink()
            else hashlib.sha256(path.read_bytes()).hexdigest()
        )
        for path in sorted(folder.rglob("*"))
        if path.is_symlink() or path.is_file()
    }


def matches(failure: dict, expected: Expected) -> bool:
    return (
        failure["file"] == expected.file
        and failure["rule"] == expected.rule
        and failure["line"] == expected.line
        and failure["column"] == expected.column
        and failure["severity"] == "error"
    )


def test_the_corpus_has_at_least_forty_distinct_cases() -> None:
    assert len({case.id for case in CASES}) >= 40


def test_the_unmutated_copy_is_valid(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "package")
    result = CliRunner().invoke(app, ["validate", str(root)])
    assert result.exit_code == 0, result.output


def validate_args(root: Path, expected: Expected) -> list[str]:
    """What the case runs: validate on the package (or the zip it made); with no PATH when the
    case is about finding the package from the current folder."""
    given = [] if expected.cwd else [str(expected.target or root)]
    return ["validate", *given, "--format", "json"]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input_is_refused_with_file_line_and_reason(
    case: BadInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_package(tmp_path / "package")
    expected = case.mutate(root)
    before = snapshot(tmp_path)
    if expected.cwd:
        monkeypatch.chdir(expected.cwd)
    with watch_opens() as opened:
        result = CliRunner().invoke(app, validate_args(root, expected))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == 1, result.output[:2000]
    assert "Traceback" not in result.output
    assert len(result.stdout) < 200_000, "a huge cell flooded the report"
    report = json.loads(result.stdout)
    assert report["valid"] is False
    failures = report["failures"]
    assert any(matches(f, expected) for f in failures), f"expected {expected}, got:\n" + "\n".join(
        f"{f['file']}:{f['line']}:{f['column']} {f['rule']} {f['message']}" for f in failures
    )
    # Short messages (a huge cell must not flood the report); a zip member's path, quoted in
    # full so it can be found, may be up to 1024 bytes.
    assert all(f["file"] and len(f["message"]) < 1500 for f in failures)
    assert not [f for f in failures if f["rule"] == "internal-error"], "officedata crashed"
    assert not [f for f in failures if "is not valid under any" in f["message"]], "jsonschema's words"
    located = [f for f in failures if matches(f, expected)]
    for text in expected.says:
        assert any(text in f["message"] for f in located), (text, located)
    assert result.stderr.splitlines()[0] == f"package: {expected.target or root}", result.stderr
    assert opened == [], "a path outside the package was opened"
    assert snapshot(tmp_path) == before, "validate wrote to disk"


def test_the_tampered_release_would_be_valid_but_for_its_checksums(tmp_path: Path) -> None:
    """The corpus's tampered zip is refused by its SHA256SUMS alone: with the sums taken after
    the same change, the zip validates."""
    root = copy_package(tmp_path / "package")
    path = zip_as_release(root, tmp_path / "retold.zip", tamper=True, sums_after=True)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def run_process(run: Run, folder: Path) -> tuple[int, str]:
    """The command as a real process, under the case's fault (a file size limit, a folder it
    may not write); exit code and everything it printed."""
    locked = run.without_write_permission
    mode = locked.stat().st_mode if locked else 0
    if locked:
        locked.chmod(0o555)
    try:
        done = subprocess.run(
            [*process_prefix(run), sys.executable, "-m", "officedata", *run.args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO / "src"), "PYTHONDONTWRITEBYTECODE": "1"},
            cwd=run.cwd or folder,
            preexec_fn=limit_file_size(run.file_size_limit) if run.file_size_limit else None,
            timeout=300,
        )
    finally:
        if locked:
            locked.chmod(mode)
    return done.returncode, done.stdout + done.stderr


def unexpected_changes(before: dict[str, str], after: dict[str, str], run: Run, folder: Path):
    allowed = [path.relative_to(folder) for path in run.may_change]
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return [k for k in changed if not any(p == Path(k) or p in Path(k).parents for p in allowed)]


@pytest.mark.parametrize("case", COMMAND_CASES, ids=str)
def test_a_command_run_in_a_hostile_place_or_state_does_what_it_must(
    case: CommandCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = case.prepare(tmp_path)
    before = snapshot(tmp_path)
    if run.file_size_limit or run.without_write_permission:
        code, output = run_process(run, tmp_path)
    else:
        if run.cwd:
            monkeypatch.chdir(run.cwd)
        with watch_opens() as opened:
            result = CliRunner().invoke(app, list(run.args))
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        assert opened == [], "a path outside the package was opened"
        code, output = result.exit_code, result.output
    assert code == run.exit_code, output[:2000]
    assert "Traceback" not in output and "internal error" not in output, output[:2000]
    assert [text for text in run.says if text not in output] == [], output[:2000]
    assert [(text, output.count(text)) for text, _ in run.counts] == list(run.counts)
    assert [path for path in run.gone if path.exists()] == []
    assert unexpected_changes(before, snapshot(tmp_path), run, tmp_path) == []


# One case per kind of failure: build and export refuse on the validation the corpus above
# checks case by case, so more cases here would test the same `if not valid` again.
REFUSED_BY_BUILD = {
    "structure": "unclosed-quote",
    "type": "number-infinite",
    "cross-table": "dangling-foreign-key-list",
    "descriptor": "descriptor-malformed-json",
    "path escape": "path-parent-escape",
}


def case_named(case_id: str) -> BadInput:
    return next(c for c in CASES if c.id == case_id)


def test_the_build_cases_are_in_the_corpus() -> None:
    assert set(REFUSED_BY_BUILD.values()) <= {case.id for case in CASES}


@pytest.mark.parametrize("case_id", REFUSED_BY_BUILD.values(), ids=REFUSED_BY_BUILD.keys())
def test_build_and_export_refuse_bad_input_and_write_nothing(case_id: str, tmp_path: Path) -> None:
    root = copy_package(tmp_path / "package")
    expected = case_named(case_id).mutate(root)
    location = f"{expected.file}:{expected.line}:"
    before = snapshot(tmp_path)
    out = tmp_path / "dist"
    with watch_opens() as opened:
        built = CliRunner().invoke(app, ["build", str(root), "--out", str(out)])
    assert built.exception is None or isinstance(built.exception, SystemExit), repr(built.exception)
    assert built.exit_code == 1, built.output[:2000]
    assert "Traceback" not in built.output
    assert location in built.output and f"({expected.rule})" in built.output, built.output[:2000]
    assert not out.exists(), "build wrote an output folder for an invalid package"
    assert opened == [], "build opened a path outside the package"
    assert snapshot(tmp_path) == before, "build wrote to disk"

    exported = tmp_path / "export"
    with watch_opens() as opened:
        result = CliRunner().invoke(app, ["export", "xlsx", str(root), "--out", str(exported)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert location in result.output, result.output[:2000]
    assert not exported.exists(), "export wrote files for an invalid package"
    assert opened == [], "export opened a path outside the package"
    assert snapshot(tmp_path) == before, "export wrote to disk"


def test_text_report_names_file_line_column_and_rule(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "package")
    expected = case_named("offices.latitude.maximum").mutate(root)
    result = CliRunner().invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    location = f"{expected.file}:{expected.line}:{expected.column}:"
    located = [line for line in result.output.splitlines() if line.startswith(location)]
    assert any("above the maximum 90" in line and line.endswith("(maximum)") for line in located)
    assert result.output.splitlines()[-1].startswith("package is INVALID: ")


# A few real processes (about a second each); the corpus above runs the same app in-process.
SUBPROCESS_CASES = ["not-utf8", "path-parent-escape", "descriptor-malformed-json"]


def run_module(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "officedata", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.parametrize("case_id", SUBPROCESS_CASES)
def test_real_commands_exit_1_without_traceback(case_id: str, tmp_path: Path) -> None:
    root = copy_package(tmp_path / "package")
    expected = case_named(case_id).mutate(root)
    done = run_module("validate", str(root), "--format", "json")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert any(matches(f, expected) for f in json.loads(done.stdout)["failures"])


@pytest.mark.slow
def test_a_real_build_process_refuses_a_path_escape(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "package")
    expected = case_named("path-parent-escape").mutate(root)
    out = tmp_path / "dist"
    built = run_module("build", str(root), "--out", str(out))
    assert built.returncode == 1, built.stderr
    assert "Traceback" not in built.stdout + built.stderr
    assert f"{expected.file}:{expected.line}:" in built.stderr
    assert not out.exists()


def test_the_open_watch_sees_a_network_request() -> None:
    import socket

    with watch_opens() as opened, socket.socket() as connection:
        connection.settimeout(0.01)
        with suppress(OSError):
            connection.connect(("127.0.0.1", 9))
    assert opened and opened[0].startswith("socket.connect")


def test_the_open_watch_sees_a_forbidden_read(tmp_path: Path) -> None:
    """The 'never read' proof above is not vacuous: reading a forbidden file is seen."""
    target = tmp_path / FORBIDDEN_DIR / "secret.csv"
    target.parent.mkdir()
    target.write_text("x\n", encoding="utf-8")
    with watch_opens() as opened:
        target.read_bytes()
    assert opened == [str(target)]


FORMULAS = [
    '=HYPERLINK("http://example.org","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
]


def test_a_formula_in_a_free_text_field_is_text_and_never_a_live_formula(tmp_path: Path) -> None:
    """Formula-like text in notes validates (it is text) and reaches Excel as inert text.

    One package holds every formula, one to an office's notes."""
    import zipfile

    from bad_inputs import set_cell
    from python_calamine import CalamineWorkbook

    root = copy_package(tmp_path / "package")
    for row, formula in enumerate(FORMULAS):
        set_cell(root, "offices", "notes", formula, "none", row=row)
    result = CliRunner().invoke(app, ["validate", str(root)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "export"
    exported = CliRunner().invoke(app, ["export", "xlsx", str(root), "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    with zipfile.ZipFile(out / "officedata.xlsx") as workbook:
        sheets = [n for n in workbook.namelist() if n.startswith("xl/worksheets/")]
        xml = {name: workbook.read(name).decode("utf-8") for name in sheets}
    assert sheets
    assert not [name for name, text in xml.items() if "<f>" in text or "<f " in text]
    header, *rows = (
        CalamineWorkbook.from_path(out / "officedata.xlsx").get_sheet_by_name("offices").to_python()
    )
    notes = [row[header.index("notes")] for row in rows]
    assert [formula for formula in FORMULAS if formula not in notes] == []


@pytest.mark.parametrize(
    "case_id", ["offices.status.enum", "missing-column", "path-parent-escape", "not-utf8"]
)
def test_github_annotations_name_file_and_line(case_id: str, tmp_path: Path) -> None:
    root = copy_package(tmp_path / "package")
    expected = case_named(case_id).mutate(root)
    result = CliRunner().invoke(app, ["validate", str(root), "--format", "github"])
    assert result.exit_code == 1
    column = f",col={expected.column}" if expected.column is not None else ""
    wanted = f"::error file={expected.file},line={expected.line}{column},title={expected.rule}::"
    assert any(line.startswith(wanted) for line in result.output.splitlines()), result.output


# Booleans are form, not value (issue 12, item 8): fmt writes TRUE/False as the schema spells them.
BOOLEAN_SPELLINGS = {"true": "true", "false": "false"}


def boolean_fields() -> set[str]:
    """Names of the boolean fields of the repository's schemas (read independently of fmt)."""
    return {
        field["name"]
        for entry in json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))["resources"]
        for field in json.loads((REPO / entry["schema"]).read_text(encoding="utf-8"))["fields"]
        if field.get("type") == "boolean"
    }


def records_by_name(path: Path, booleans: set[str]) -> list[tuple[tuple[str, str], ...]] | None:
    """A CSV's rows as sorted (column name, value) pairs, a boolean field's true/false in any
    letter case as one value; None if it cannot be read as CSV."""
    import csv

    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            header, *rows = [r for r in csv.reader(stream, strict=True) if r]
    except (OSError, UnicodeDecodeError, csv.Error, ValueError):
        return None

    def value(name: str, cell: str) -> str:
        return BOOLEAN_SPELLINGS.get(cell.lower(), cell) if name in booleans else cell

    return sorted(
        tuple(sorted((name, value(name, cell)) for name, cell in zip(header, row, strict=False)))
        for row in rows
    )


# fmt's cases: the named ones, and a duplicated row (fmt sorts rows by their key).
FMT_CASES = [*named_cases(), *(c for c in CASES if c.id == "offices.primary-key")]


@pytest.mark.parametrize("case", FMT_CASES, ids=str)
def test_fmt_survives_bad_input_and_changes_no_value(case: BadInput, tmp_path: Path) -> None:
    """`fmt --check` never crashes on a broken package and never writes to it; `fmt` (writing)
    then either leaves a broken file alone or rewrites only its form.

    Only the named cases: fmt reads cells as text, so the schema-generated bad values are all
    alike to it. (stats, export and build validate first; the validate test covers them.)
    """
    root = copy_package(tmp_path / "package")
    case.mutate(root)
    before = snapshot(tmp_path)
    with watch_opens() as opened:
        result = CliRunner().invoke(app, ["fmt", "--check", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1), result.output[:2000]
    assert "Traceback" not in result.output
    assert opened == [], "a path outside the package was opened"
    assert snapshot(tmp_path) == before, "fmt --check wrote to disk"
    errors = [line for line in result.output.splitlines() if ": error " in line]
    if case.id == "no-descriptor":  # the one failure with no line: its file does not exist
        assert result.exit_code == 1 and "datapackage.json does not exist" in result.output
    else:
        assert all(re.match(r"\S+:\d+(:\d+)?: error ", line) for line in errors), errors

    csvs = sorted((root / "data").glob("*.csv")) if (root / "data").is_dir() else []
    regular = [p for p in csvs if p.is_file() and not p.is_symlink()]  # a FIFO would block
    booleans = boolean_fields()
    records = {p: (p.read_bytes(), records_by_name(p, booleans)) for p in regular}
    with watch_opens() as opened:
        result = CliRunner().invoke(app, ["fmt", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    assert opened == []
    for path, (data, values) in records.items():
        if path.read_bytes() != data:
            assert values is not None, f"fmt rewrote {path.name}, which is not readable CSV"
            assert records_by_name(path, booleans) == values, f"fmt changed a value in {path.name}"
