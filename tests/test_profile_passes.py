"""A descriptor or schema that passed its profile is not checked again (schema/profile_passes.py).

Only passes are remembered, under the hash of the profile and the document: any change to the
document is checked afresh, and a failing document is reported on every run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_package

from officedata.schema import profile_passes
from officedata.schema.profile import DATA_PACKAGE, profile_failures, profile_text

VALIDATE_AND_LIST_IMPORTS = (
    "import sys\n"
    "from officedata.validation.validate import validate_package\n"
    "result = validate_package(sys.argv[1])\n"
    "print(sorted({f.rule for f in result.findings.errors}))\n"
    "print('jsonschema' in sys.modules)\n"
)


def validate_in_a_new_process(package: Path, cache: Path) -> tuple[str, bool]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-c", VALIDATE_AND_LIST_IMPORTS, str(package)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    rules, imported = done.stdout.splitlines()
    return rules, imported == "True"


def test_a_second_run_skips_the_profile_check_and_a_changed_descriptor_is_checked(
    tmp_path: Path,
) -> None:
    package, cache = copy_package(tmp_path / "package"), tmp_path / "cache"
    assert validate_in_a_new_process(package, cache) == ("[]", True)
    assert validate_in_a_new_process(package, cache) == ("[]", False)
    descriptor = package / "datapackage.json"
    document = json.loads(descriptor.read_text(encoding="utf-8"))
    document["keywords"] = [1, 2]  # the profile wants strings
    descriptor.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    for _ in range(2):  # a failure is never remembered as a pass
        rules, imported = validate_in_a_new_process(package, cache)
        assert "profile" in rules and imported


def test_only_passes_are_remembered(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    good = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    bad = {**good, "keywords": "not a list"}
    assert profile_failures(bad, DATA_PACKAGE, "datapackage.json") != []
    assert not (tmp_path / "officedata" / profile_passes.PASSES_FILE).exists()
    assert profile_failures(good, DATA_PACKAGE, "datapackage.json") == []
    key = profile_passes.pass_key(good, profile_text(DATA_PACKAGE))
    assert key is not None and profile_passes.passed_before(key)
    assert profile_failures(bad, DATA_PACKAGE, "datapackage.json") != []


def test_the_record_keeps_only_recent_passes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    keys = [f"{number:064x}" for number in range(profile_passes.KEEP + 10)]
    for key in keys:
        profile_passes.remember_pass(key)
    assert not profile_passes.passed_before(keys[0])
    assert all(profile_passes.passed_before(key) for key in keys[-profile_passes.KEEP :])


def test_a_cache_that_cannot_be_written_still_validates(tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    good = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert profile_failures(good, DATA_PACKAGE, "datapackage.json") == []
    assert profile_failures({**good, "keywords": 3}, DATA_PACKAGE, "datapackage.json") != []
