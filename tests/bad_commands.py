"""The corpus's command cases: attacks that are not a broken file for `validate` but a command
run in a hostile place or state (issue 12, items 1, 6, 7 and 8), each with what it must do.

A case prepares a fresh copy of the package and returns a `Run`: the command line, the folder to
run it in, the exit code (1 bad input or failed write, 2 usage error, 0 where the attack must
simply not work: data printed as data, leftovers cleaned), the text the output must hold, and
the only paths the command may change. Faults the operating system gives (a full disk, a
folder without write permission) are real: the command runs as a child process under a file
size limit, or without the capability that lets root ignore permissions.
Nothing here asserts; tests/test_bad_inputs.py does.
"""

from __future__ import annotations

import os
import resource
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bad_inputs import copy_package, csv_path, not_utf8, read_csv, write_csv

LEFTOVER = "abcd1234"  # eight of tempfile's characters: a name a killed run of ours leaves


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    exit_code: int
    says: tuple[str, ...]  # each is in the output (stdout and stderr)
    cwd: Path | None = None
    counts: tuple[tuple[str, int], ...] = ()  # text, how often exactly it is in the output
    may_change: tuple[Path, ...] = ()  # files or folders the command may write or remove
    gone: tuple[Path, ...] = ()  # what must not exist afterwards (a killed run's leftovers)
    file_size_limit: int | None = None  # run as a process that cannot write a larger file
    without_write_permission: Path | None = None  # run as a process that cannot write here


@dataclass(frozen=True)
class CommandCase:
    id: str
    prepare: Callable[[Path], Run]  # given the case's folder, which holds nothing yet

    def __str__(self) -> str:
        return self.id


def package_in(folder: Path) -> Path:
    return copy_package(folder / "package")


def crlf(root: Path, resource: str) -> Path:
    """Make a CSV non-canonical (CRLF line ends) without changing a value: fmt must rewrite it."""
    path = root / csv_path(root, resource)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return path


def docs_out_onto_a_source_csv(folder: Path) -> Run:
    root = package_in(folder)
    target = root / csv_path(root, "offices")
    return Run(("docs", str(root), "--out", str(target)), 2, ("is a file of the package",))


def docs_on_an_unreadable_table(folder: Path) -> Run:
    """The dictionary comes from the schemas and is written; the map needs the table."""
    root = package_in(folder)
    expected = not_utf8(root)
    return Run(
        ("docs", str(root)),
        1,
        (f"{expected.file}:{expected.line}: error", "save it as UTF-8"),
        may_change=(root / "docs" / "data-dictionary.md",),
    )


def stats_with_markup_in_a_name(folder: Path) -> Run:
    root = package_in(folder)
    header, rows = read_csv(root, "countries")
    host = next(row for row in rows if row[header.index("kind")] == "host")
    host[header.index("name")] = "Netherlands [/x]"
    write_csv(root, "countries", header, rows)
    return Run(("stats", str(root)), 0, ("Netherlands [/x]",))


def spreadsheet_booleans_summarised(folder: Path) -> Run:
    """TRUE/FALSE as spreadsheets save them: three failures shown, the rest summarised, and
    the hint to run fmt (which writes the schema's spelling)."""
    root = package_in(folder)
    header, rows = read_csv(root, "offices")
    column = header.index("disputed")
    for row in rows:
        row[column] = row[column].upper()
    write_csv(root, "offices", header, rows)
    falses = sum(1 for row in rows if row[column] == "FALSE")
    return Run(
        ("validate", str(root)),
        1,
        (f"… and {falses - 3} more errors like these in disputed (type)", "run `officedata fmt`"),
        counts=(("'FALSE' is not a valid boolean", 3),),
    )


def fmt_on_a_full_disk(folder: Path) -> Run:
    root = package_in(folder)
    path = crlf(root, "offices")
    return Run(
        ("fmt", str(root)), 1, ("error: File too large",), file_size_limit=path.stat().st_size // 2
    )


def fmt_without_write_permission(folder: Path) -> Run:
    root = package_in(folder)
    path = crlf(root, "offices")
    return Run(("fmt", str(root)), 1, ("Permission denied",), without_write_permission=path.parent)


def fmt_after_a_killed_write(folder: Path) -> Run:
    """A killed fmt left its temporary file beside offices.csv; the next fmt removes it."""
    root = package_in(folder)
    path = crlf(root, "offices")
    leftover = path.parent / f".{path.name}.{LEFTOVER}.tmp"
    leftover.write_bytes(path.read_bytes()[:100])  # half a write
    return Run(
        ("fmt", str(root)),
        0,
        (f"reformatted {csv_path(root, 'offices')}",),
        may_change=(path, leftover),
        gone=(leftover,),
    )


def export_after_a_killed_export(folder: Path) -> Run:
    """A killed export left its hidden staging folder in --out; the next export removes it."""
    root = package_in(folder)
    out = folder / "exported"
    leftover = out / f".csv.exporting-{LEFTOVER}"
    leftover.mkdir(parents=True)
    (leftover / "offices.csv").write_bytes(b"office_id\nhalf\n")
    return Run(
        ("export", "csv", str(root), "--out", str(out)),
        0,
        (str(out),),
        may_change=(out, leftover),
        gone=(leftover,),
    )


def no_path_outside_any_package(folder: Path) -> Run:
    """Outside any package the shipped one is read, and the command says so (issue 12, item 1)."""
    elsewhere = folder / "not-a-package"
    elsewhere.mkdir()
    (elsewhere / "offices.csv").write_text("office_id\nx\n", encoding="utf-8")  # no descriptor
    return Run(
        ("validate",),
        0,
        ("no datapackage.json in this folder or above: reading the package shipped",),
        cwd=elsewhere,
    )


def validate_a_missing_path(folder: Path) -> Run:
    missing = folder / "no-such-package"
    return Run(("validate", str(missing)), 2, (str(missing),))


COMMAND_CASES = [
    CommandCase("docs-out-onto-a-source-csv", docs_out_onto_a_source_csv),
    CommandCase("docs-on-an-unreadable-table", docs_on_an_unreadable_table),
    CommandCase("stats-name-with-rich-markup", stats_with_markup_in_a_name),
    CommandCase("spreadsheet-booleans-summarised-with-the-fmt-hint", spreadsheet_booleans_summarised),
    CommandCase("fmt-on-a-full-disk", fmt_on_a_full_disk),
    CommandCase("fmt-without-write-permission", fmt_without_write_permission),
    CommandCase("fmt-after-a-killed-write", fmt_after_a_killed_write),
    CommandCase("export-after-a-killed-export", export_after_a_killed_export),
    CommandCase("no-path-outside-any-package", no_path_outside_any_package),
    CommandCase("validate-a-missing-path", validate_a_missing_path),
]


def process_prefix(run: Run) -> list[str]:
    """What runs the command without write permission: as root, which ignores permissions,
    drop the capabilities that let it (setpriv, util-linux)."""
    if run.without_write_permission is None or os.geteuid() != 0:
        return []
    capabilities = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={capabilities}", f"--inh-caps={capabilities}"]


def limit_file_size(limit: int) -> Callable[[], None]:
    """A preexec function: the child cannot write a file larger than limit (EFBIG, as a full
    disk's ENOSPC, is an OSError at the write; Python ignores SIGXFSZ)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

