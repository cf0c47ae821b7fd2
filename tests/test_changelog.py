"""CHANGELOG.md follows Keep a Changelog and its entry for the current version states true counts."""

from __future__ import annotations

import re
from pathlib import Path

from officedata.loader import load_all
from officedata.schema.descriptor import load_package

REPO = Path(__file__).resolve().parent.parent
CHANGELOG = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def release_entries() -> dict[str, str]:
    parts = re.split(r"^## \[([^\]]+)\][^\n]*\n", CHANGELOG, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_changelog_has_unreleased_then_dated_releases_newest_first():
    headings = re.findall(r"^## \[([^\]]+)\](.*)$", CHANGELOG, flags=re.M)
    assert headings[0][0] == "Unreleased"
    versions = [name for name, _ in headings[1:]]
    assert all(re.fullmatch(r" - \d{4}-\d{2}-\d{2}", rest) for _, rest in headings[1:])
    as_numbers = [tuple(int(p) for p in v.split(".")) for v in versions]
    assert as_numbers == sorted(as_numbers, reverse=True)


def row_counts(entry: str) -> dict[str, int] | None:
    match = re.search(r"^Row counts: (.+)\.$", entry, flags=re.M)
    return None if match is None else {n: int(c) for n, c in re.findall(r"(\w+) (\d+)", match[1])}


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_every_release_entry_states_a_row_count_for_every_table():
    names = load_package(REPO).resource_names
    released = {v: e for v, e in release_entries().items() if v != "Unreleased"}
    assert released, "CHANGELOG.md has no release entry"
    for version, entry in released.items():
        counts = row_counts(entry)
        assert counts is not None, f"the {version} entry needs a 'Row counts: ...' line"
        assert sorted(counts) == sorted(names), version


def test_the_entry_for_the_current_version_states_the_current_row_counts():
    """Released: its entry's counts are the data's. Not yet released (a version in progress):
    it is newer than every release, and its changes gather under [Unreleased]."""
    version = load_package(REPO).version
    entries = release_entries()
    released = [v for v in entries if v != "Unreleased"]
    if version in released:
        actual = {name: len(frame) for name, frame in load_all(REPO).items()}
        assert row_counts(entries[version]) == actual, (
            "CHANGELOG.md row counts differ from the data; update the entry"
        )
    else:
        assert all(version_key(version) > version_key(v) for v in released), version
        assert "Unreleased" in entries
