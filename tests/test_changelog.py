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


def test_the_entry_for_the_current_version_states_the_current_row_counts():
    version = load_package(REPO).version
    entries = release_entries()
    if version not in entries:  # an unreleased version in progress: nothing to check yet
        return
    match = re.search(r"^Row counts: (.+)\.$", entries[version], flags=re.M)
    assert match, f"the {version} entry needs a 'Row counts: ...' line"
    stated = {name: int(n) for name, n in re.findall(r"(\w+) (\d+)", match.group(1))}
    actual = {name: len(frame) for name, frame in load_all(REPO).items()}
    assert stated == actual, "CHANGELOG.md row counts differ from the data; update the entry"
