"""A release carries its licences, its data dictionary and every file its README links to, and
the same holds for the wheel's bundled package; `build` refuses a package that lacks them."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner
from release_helpers import REPO, RESOURCES, copy_package

from officedata.cli import app

# Inline links and images `[text](target "title")`, and reference definitions `[x]: target`.
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")


def relative_targets(markdown: str) -> set[str]:
    """The relative paths the Markdown links or points images at (code is not read)."""
    text = CODE_SPAN.sub("", FENCE.sub("", markdown))
    targets = set()
    for match in [*INLINE_LINK.finditer(text), *REFERENCE.finditer(text)]:
        target = match.group(1).split("#", 1)[0].split("?", 1)[0]
        if target and not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
            targets.add(target)
    return targets


def test_the_repository_readme_has_relative_links_to_check() -> None:
    targets = relative_targets((REPO / "README.md").read_text(encoding="utf-8"))
    assert {"docs/data-dictionary.md", "docs/offices-map.png", "LICENSE-DATA"} <= targets


def test_every_link_of_the_release_readme_resolves_inside_the_release(release: Path) -> None:
    targets = relative_targets((release / "README.md").read_text(encoding="utf-8"))
    assert targets
    missing = sorted(t for t in targets if not (release / t).is_file())
    assert missing == []
    listed = {
        r["path"] for r in json.loads((release / "datapackage.json").read_text())["resources"]
    }
    assert targets <= listed  # each linked file is also a resource with its hash


def test_the_release_carries_the_data_dictionary_of_its_schemas(release: Path) -> None:
    text = (release / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    # The planted package has the repository's schemas: the same dictionary, drift-checked.
    assert text == (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"][: len(RESOURCES)]:
        for field in resource["schema"]["fields"]:
            assert f"`{field['name']}`" in text, field["name"]


@pytest.mark.parametrize("document", ["README.md", "LICENSE", "LICENSE-DATA", "CHANGELOG.md"])
def test_build_refuses_a_package_without_a_required_document(document: str, tmp_path: Path) -> None:
    package = copy_package(tmp_path / "package")
    (package / document).unlink()
    out = tmp_path / "dist"
    result = CliRunner().invoke(app, ["build", str(package), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert f"{document}: error {document} is missing from the package folder" in result.output
    assert "(release-documents)" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package"]  # nothing half-written


def test_build_refuses_a_readme_linking_to_a_file_the_package_lacks(tmp_path: Path) -> None:
    package = copy_package(tmp_path / "package")
    readme = package / "README.md"
    text = readme.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    readme.write_text(text + "\nSee [the notes](docs/missing-notes.md).\n", encoding="utf-8")
    out = tmp_path / "dist"
    result = CliRunner().invoke(app, ["build", str(package), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert f"README.md:{line}: error links to docs/missing-notes.md" in result.output
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.wheel
def test_every_link_of_the_wheel_readme_resolves_inside_the_wheel(wheel: Path) -> None:
    bundled = "officedata/_package/"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        readme = archive.read(bundled + "README.md").decode("utf-8")
    targets = relative_targets(readme)
    assert targets
    missing = sorted(t for t in targets if bundled + PurePosixPath(t).as_posix() not in names)
    assert missing == []
