"""`officedata build`: validate the package, then write the whole release folder, atomically.

Layout of a release (`dist/` by default):
    datapackage.json     the descriptor (release/descriptor.py): every file below as a resource
                         with `format`, `mediatype`, `bytes` and a `sha256:` hash, the tables'
                         schemas inlined, `version` and `created`
    data/*.csv           canonical CSVs          parquet/*.parquet   one per table
    offices.geojson      officedata.xlsx         CITATION.cff
    README.md LICENSE LICENSE-DATA CHANGELOG.md  from the package folder, which must have them
    docs/ and other files the README links to (release/documents.py), so every link resolves;
    docs/data-dictionary.md  rendered from the schemas of the package released
    pictures/            offices-map and stations-per-country, SVG and PNG
    changes.json         with --previous: the diff from that release (officedata.analysis.diff)
    SHA256SUMS           every file above (`sha256sum -c SHA256SUMS` checks them)
    officedata-<version>.zip   all of the above, SHA256SUMS included, datapackage.json at its
                         root (a standard zipped Data Package: `frictionless validate x.zip`)

Never builds from invalid data (raises InvalidPackage with the findings). Never reads the wall
clock: every date is the descriptor's `created` or SOURCE_DATE_EPOCH, members are sorted and
zip entries carry fixed times and permissions, so two builds are byte-identical. Writes into a
temporary folder beside the target and swaps it in only when everything is written, in one
atomic step on Linux (`swap_in`): a failed or killed build leaves the previous release in place,
and the next build removes the hidden folders it left. It refuses to replace a folder that is not a
previous release, so `--out` can never wipe sources.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath

from officedata.atomic import exchange, leftovers, remove_leftovers
from officedata.errors import BuildError, DiffError, UsageError
from officedata.exporters.base import Exporter, all_exporters, release_date
from officedata.failures import Findings
from officedata.files import sha256_of
from officedata.release.descriptor import ShippedFile, release_descriptor
from officedata.release.documents import check_documents, copy_documents
from officedata.release.staging import run_exporters, staged, validated_tables
from officedata.release.steps import Progress, quiet
from officedata.schema.model import Package
from officedata.table.table import Table

CHECKSUMS = "SHA256SUMS"
DESCRIPTOR = "datapackage.json"
CITATION = "CITATION.cff"
CHANGES = (
    "changes.json"  # with --previous: what changed since that release (officedata.analysis.diff)
)
# Written by the build; listed in the descriptor with the documents.
WRITTEN = (
    ShippedFile(CITATION, "application/yaml", "How to cite this release (Citation File Format)"),
    ShippedFile(CHANGES, "application/json", "What changed since the previous release"),
)
ZIP_FILE_MODE = 0o100644
ZIP_EARLIEST = (1980, 1, 1, 0, 0, 0)
# Compressed already (zip containers, Parquet pages, PNG's zlib stream): deflating them again
# costs time and saves almost nothing, so they are stored. SQLite files and every text are not.
COMPRESSED_SUFFIXES = frozenset({".xlsx", ".parquet", ".zip", ".png"})
# Measured on the 1e5 release (236 MB of members, PNGs stored; bench/RESULTS.md): level 1 takes
# 2.4 CPU-s for 67.8 MB, level 6 7.7 CPU-s for 59.2 MB, level 9 16.0 CPU-s for 58.6 MB. Level 1:
# a sixth of the build's goal is worth more than 15 % of the zip (tens of KB on the real data).
DEFLATE_LEVEL = 1


@dataclass(frozen=True)
class Release:
    out: Path
    version: str
    files: tuple[str, ...]  # relative POSIX paths, sorted, SHA256SUMS and the zip included
    zip_name: str
    zip_sha256: str
    findings: Findings  # warnings the validation found (the build went ahead)


def release_files(root: Path) -> list[str]:
    """Every file under root as a relative POSIX path, in code-point order. (os.scandir: pathlib's
    rglob, is_file and relative_to per file were ~8 % of a build writing 2e5 site files; a
    directory entry knows its kind without a stat of its own.)"""
    names: list[str] = []
    folders = [(os.fspath(root), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    names.append(prefix + entry.name)
    return sorted(names)


def write_descriptor(
    package: Package,
    exporters: Sequence[Exporter],
    staging: Path,
    released: datetime,
    documents: Sequence[ShippedFile],
) -> None:
    listed = (*documents, *WRITTEN)
    descriptor = release_descriptor(package, exporters, staging, released, listed)
    (staging / DESCRIPTOR).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def write_checksums(root: Path, names: Sequence[str]) -> Path:
    """SHA256SUMS of the named files (every file of the release but itself and the zip)."""
    lines = [f"{sha256_of(root / name)}  {name}\n" for name in names]
    path = root / CHECKSUMS
    path.write_text("".join(lines), encoding="utf-8", newline="\n")
    return path


def zip_date_time(released: datetime) -> tuple[int, int, int, int, int, int]:
    moment = released.timetuple()[:6]
    return max(moment, ZIP_EARLIEST)  # zip cannot store dates before 1980


def write_zip(root: Path, zip_path: Path, released: datetime, members: Sequence[str]) -> None:
    """The named files under root, in order, at the zip's root (datapackage.json with no folder
    above it, as zipped Data Packages and frictionless expect), with fixed times and
    permissions. 0.1.0's zips held one top folder; the readers take both
    (archive.find_package_root)."""
    stamp = zip_date_time(released)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = ZIP_FILE_MODE << 16
            info.create_system = 3  # Unix, so the permissions above mean what they say
            info.compress_type, level = compression_for(name)
            with open(os.path.join(root, name), "rb") as stream:
                archive.writestr(info, stream.read(), compresslevel=level)


def compression_for(member: str) -> tuple[int, int | None]:
    """(zip compression method, level) for a member: stored when compressed already."""
    if PurePosixPath(member).suffix.lower() in COMPRESSED_SUFFIXES:
        return zipfile.ZIP_STORED, None
    return zipfile.ZIP_DEFLATED, DEFLATE_LEVEL


def write_release(
    package: Package,
    tables: Mapping[str, Table],
    staging: Path,
    exporters: Sequence[Exporter],
    documents: Sequence[ShippedFile],
    previous: Path | None = None,
    progress: Progress = quiet,
    repository: str | None = None,
) -> str:
    """Write every file of the release into staging; return the zip's file name."""
    from officedata.release.citation import citation_cff

    released = release_date(package)
    run_exporters(package, tables, exporters, staging, progress)
    progress("writing the documents and the descriptor")
    copy_documents(package, documents, staging)
    (staging / CITATION).write_text(citation_cff(package, released, repository), encoding="utf-8")
    write_descriptor(package, exporters, staging, released, documents)
    if previous is not None:
        progress("comparing with the previous release")
        write_changes(previous, staging)  # reads the release's tables through its descriptor
        write_descriptor(package, exporters, staging, released, documents)  # with changes.json
    progress("writing SHA256SUMS and the zip")
    names = release_files(staging)  # listed once, before SHA256SUMS and the zip exist
    write_checksums(staging, names)
    folder = release_folder(package)
    zip_name = f"{folder}.zip"
    zip_path = inside(staging, zip_name)
    write_zip(staging, zip_path, released, sorted([*names, CHECKSUMS]))
    return zip_name


_PATH_COMPONENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*")


def release_folder(package: Package) -> str:
    """`<name>-<version>`: the zip's file name (without `.zip`). Validation refuses names and
    versions that are not a Data Package name and a SemVer; this refuses, again, anything that
    is not one plain path component, so descriptor text can never become a path."""
    folder = f"{package.name or 'officedata'}-{package.version}"
    if not _PATH_COMPONENT.fullmatch(folder):
        raise BuildError(
            f"the release would be named {folder!r} (from the descriptor's name and version), "
            "which is not a plain file name; refusing to build"
        )
    return folder


def inside(root: Path, name: str) -> Path:
    """root / name, refused unless it stays directly inside root."""
    path = root / name
    if path.resolve().parent != root.resolve() or PurePosixPath(name).name != name:
        raise BuildError(f"{name!r} would be written outside {root}; refusing to build")
    return path


def write_changes(previous: Path, staging: Path) -> None:
    """changes.json: the diff from the previous release to this one (staging holds it whole)."""
    from officedata.analysis.diff import diff_paths
    from officedata.analysis.diff_render import to_json

    with previous_refused(previous):
        changes = to_json(diff_paths(previous, staging))
    (staging / CHANGES).write_text(
        json.dumps(changes, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def check_previous(previous: Path) -> None:
    """Refuse, before any work, a previous release that cannot be read (a missing path, a
    hostile or tampered zip, a broken descriptor)."""
    from officedata.analysis.diff import opened

    if not previous.exists():
        raise BuildError(f"the previous release {previous} does not exist")
    with previous_refused(previous), opened(previous):
        pass


@contextmanager
def previous_refused(previous: Path) -> Iterator[None]:
    """A previous release that cannot be read or compared is a BuildError saying so."""
    from officedata.errors import PackageError

    try:
        yield
    except (DiffError, PackageError) as error:
        reasons = [
            replace(f, message=f"cannot compare with this previous release: {f.message}")
            for f in error.failures
        ]
        raise BuildError(f"cannot compare with the previous release {previous}", reasons) from None


def looks_like_release(folder: Path) -> bool:
    return (folder / CHECKSUMS).is_file() and (folder / DESCRIPTOR).is_file()


def check_target(out: Path, package: Package) -> None:
    """Refuse targets whose replacement would destroy something that is not a release."""
    root = package.root.resolve()
    target = out.resolve()
    if target == root or root.is_relative_to(target):
        raise BuildError(f"{out} holds the package itself; choose another --out folder")
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not looks_like_release(out):
        raise BuildError(
            f"{out} is not empty and is not a previous release (no {CHECKSUMS} and "
            f"{DESCRIPTOR}); refusing to replace it"
        )


RETIRED = "old"  # `.<out>.old-XXXXXXXX`: the previous release while the fallback swaps


def swap_in(staging: Path, out: Path) -> None:
    """Put the complete release in staging where out is, so that out always holds a release.

    On Linux the two folders are exchanged in one atomic step (`renameat2` RENAME_EXCHANGE);
    staging then holds the old release, which is removed. Where the exchange is not available
    (another system, an old kernel, a file system without it) the old release is first renamed
    to `.<out>.old-XXXXXXXX` beside it, then staging is renamed to out. Only in the instant
    between those two renames is there no out; a run killed in it leaves the old release, whole,
    under that hidden name, and the next build puts it back (`recover_retired`) before anything
    else. A failure of the second rename puts it back at once."""
    if not out.exists():
        os.replace(staging, out)
        return
    if exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the old release
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.{RETIRED}-", dir=out.parent))
    retired.rmdir()
    os.replace(out, retired)
    try:
        os.replace(staging, out)
    except BaseException:
        os.replace(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def recover_retired(out: Path) -> None:
    """Undo what a build killed during the fallback swap left: with no out, put the newest
    retired release back where it was; then remove the other retired ones."""
    retired = leftovers(out.parent, f".{out.name}.{RETIRED}-", folders=True)
    if not out.exists() and not out.is_symlink():
        releases = [folder for folder in retired if looks_like_release(folder)]
        if releases:
            newest = max(releases, key=lambda folder: folder.stat().st_mtime_ns)
            os.replace(newest, out)
    remove_leftovers(out.parent, f".{out.name}.{RETIRED}-", folders=True)


def build_release(
    path: str | Path | None = None,
    out: str | Path = "dist",
    *,
    exporters: Sequence[Exporter] | None = None,
    previous: str | Path | None = None,
    progress: Progress = quiet,
    repository: str | None = None,
) -> Release:
    """Validate the package at path and write its release to out (replacing a previous one).

    With `previous` (a release folder or zip, e.g. the dist/ being replaced), the release also
    holds changes.json: rows and fields added, removed and changed since that release.
    `repository` (an http(s) address) is the repository the release is built from, for
    CITATION.cff; it is never guessed."""
    from officedata.release.citation import is_web_address
    from officedata.source import opened_package

    if repository is not None and not is_web_address(repository):
        raise UsageError(
            f"--repository must be an http(s) address, not {repository!r}", subject=repository
        )
    out = Path(out).absolute()
    previous_path = None if previous is None else Path(previous).absolute()
    recover_retired(out)  # a build killed while swapping left the old release aside
    with opened_package(path) as package:
        if previous_path is not None:  # a few seconds before validation takes its time
            check_previous(previous_path)
        progress("validating the package")
        validation, tables = validated_tables(package)
        documents = check_documents(package)  # licences and the README's links, before writing
        check_target(out, package)
        release_date(package)  # fail before any work when the release would have no date
        chosen = all_exporters() if exporters is None else exporters
        with staged(out, "building") as staging:
            zip_name = write_release(
                package, tables, staging, chosen, documents, previous_path, progress, repository
            )
            zip_sha256 = sha256_of(staging / zip_name)
            staging.chmod(0o755)
            swap_in(staging, out)
    return Release(
        out=out,
        version=package.version,
        files=tuple(release_files(out)),
        zip_name=zip_name,
        zip_sha256=zip_sha256,
        findings=validation.findings,
    )
