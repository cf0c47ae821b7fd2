"""A release changed after it was built is refused: every listed file keeps its size and hash.

The release descriptor lists each file with `bytes` and a `sha256:` hash (rule
`resource-integrity`, validation/rules/integrity.py); the source package lists none.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from helpers import validate_json

from officedata.validation.validate import validate_package


def copy_release(release: Path, target: Path) -> Path:
    shutil.copytree(release, target, ignore=shutil.ignore_patterns("*.zip", "site"))
    return target


def integrity_failures(root: Path) -> list[dict]:
    code, report = validate_json(root)
    found = [f for f in report["failures"] if f["rule"] == "resource-integrity"]
    assert (code == 1) is bool(found)
    return found


def descriptor_line_of(root: Path, text: str) -> int:
    lines = (root / "datapackage.json").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_a_release_as_built_keeps_every_size_and_hash(release: Path, tmp_path: Path) -> None:
    assert integrity_failures(copy_release(release, tmp_path / "release")) == []


def test_a_table_edited_after_the_build_is_refused_at_its_hash(
    release: Path, tmp_path: Path
) -> None:
    root = copy_release(release, tmp_path / "release")
    csv = root / "data" / "reports.csv"
    before = hashlib.sha256(csv.read_bytes()).hexdigest()
    csv.write_bytes(csv.read_bytes().replace(b"Safeguard Defenders", b"Safeguard  Defenders", 1))
    found = integrity_failures(root)
    assert [f["message"].split(":")[0] for f in found] == ["data/reports.csv"] * 2
    size, digest = found  # one byte more: both the size and the hash differ
    assert "bytes" in size["message"] and before in digest["message"]
    assert digest["line"] == descriptor_line_of(root, f'"sha256:{before}"')
    assert all(f["file"] == "datapackage.json" for f in found)


def test_a_listed_file_that_is_gone_is_named(release: Path, tmp_path: Path) -> None:
    root = copy_release(release, tmp_path / "release")
    (root / "pictures" / "offices-map.png").unlink()
    (found,) = integrity_failures(root)
    assert found["message"] == (
        "pictures/offices-map.png: the descriptor lists it, but the file is missing"
    )


def test_a_bare_hash_is_md5_as_the_standard_says(release: Path, tmp_path: Path) -> None:
    root = copy_release(release, tmp_path / "release")
    descriptor_path = root / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    entry = next(r for r in descriptor["resources"] if r["path"] == "LICENSE")
    entry["hash"] = hashlib.md5((root / "LICENSE").read_bytes()).hexdigest()
    descriptor_path.write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    assert integrity_failures(root) == []
    entry["hash"] = "0" * 32
    descriptor_path.write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    (found,) = integrity_failures(root)
    assert "md5 hash" in found["message"]


def test_the_source_package_lists_no_hashes_and_is_not_hashed() -> None:
    from conftest import REPO

    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert not any("hash" in r or "bytes" in r for r in descriptor["resources"])
    assert not [f for f in validate_package(REPO).findings.items if f.rule == "resource-integrity"]
