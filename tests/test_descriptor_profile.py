"""Descriptor metadata (issue 12, items 2, 3 and 7): the shipped Data Package v2 profiles and the
real package's conformance to them; `build` refuses bad metadata cleanly (exit 1, nothing
written anywhere) and never forms a path from descriptor text; CITATION.cff reads back whatever
the title holds.

The bad metadata itself (one edit each, located at its member by `validate`) is in the
bad-input corpus: tests/bad_descriptors.py.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from bad_inputs import all_cases, copy_package
from click.testing import CliRunner

from officedata.cli import app
from officedata.errors import BuildError
from officedata.release.build import inside, release_folder
from officedata.release.citation import citation_cff
from officedata.schema.descriptor import load_package
from officedata.schema.profile import DATA_PACKAGE, TABLE_SCHEMA, profile_failures, profile_text

REPO = Path(__file__).resolve().parent.parent

# One per kind of metadata failure; the corpus (tests/bad_descriptors.py) runs validate on
# every case. The package sits two folders down so that a path escaping `--out` would still land
# inside tmp_path, where the snapshot sees it.
REFUSED_BY_BUILD = [
    "descriptor-name-escapes",
    "descriptor-keywords-a-number",
    "descriptor-created-in-2200",
    "descriptor-version-a-path",
]


@pytest.mark.parametrize("case_id", REFUSED_BY_BUILD)
def test_build_refuses_bad_metadata_and_writes_nothing(case_id: str, tmp_path: Path) -> None:
    root = copy_package(tmp_path / "inner" / "deeper" / "package")
    next(case for case in all_cases() if case.id == case_id).mutate(root)
    out = tmp_path / "inner" / "deeper" / "dist"
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(app, ["build", str(root), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "internal-error" not in result.output
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_the_real_package_conforms_to_the_profiles() -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert profile_failures(descriptor, DATA_PACKAGE, "datapackage.json") == []
    for resource in descriptor["resources"]:
        schema = json.loads((REPO / resource["schema"]).read_text(encoding="utf-8"))
        assert profile_failures(schema, TABLE_SCHEMA, resource["schema"]) == []


def _field_alternatives(node: Any) -> list[list[dict[str, Any]]]:
    """Every `oneOf` of a Table Schema field definition in a profile."""
    found = []
    if isinstance(node, dict):
        if node.get("title") == "Table Schema Field":
            found.append(node["oneOf"])
        for value in node.values():
            found.extend(_field_alternatives(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_field_alternatives(value))
    return found


@pytest.mark.parametrize("name", ["datapackage.json", "dataresource.json", "tableschema.json"])
def test_each_shipped_profile_has_the_list_field_type_once(name: str) -> None:
    profile = json.loads(profile_text(name))
    alternatives = _field_alternatives(profile)
    assert len(alternatives) == 1
    titles = [alt["title"] for alt in alternatives[0]]
    assert titles.count("List Field") == 1
    assert titles.index("List Field") == titles.index("Array Field") + 1


def test_the_list_field_type_is_checked_like_the_others() -> None:
    def schema(**field: Any) -> dict[str, Any]:
        return {"fields": [{"name": "tags", "type": "list", **field}]}

    assert profile_failures(schema(itemType="integer", delimiter=";"), TABLE_SCHEMA, "s.json") == []
    bad = profile_failures(schema(itemType="object"), TABLE_SCHEMA, "s.json")
    assert [f.rule for f in bad] == ["profile"]
    assert "itemType" in bad[0].message and '"string"' in bad[0].message
    assert profile_failures(schema(delimiter=1), TABLE_SCHEMA, "s.json")


def test_profiles_ship_in_the_package_with_their_origin() -> None:
    readme = profile_text("README.md")
    assert "dplib-py" in readme and "MIT" in readme and "List Field" in readme
    assert "MIT License" in profile_text("LICENSE.md")


@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("data/../../../../outside/x", "0.1.0"),
        ("officedata", "../../x"),
        ("..", "1"),
        ("a", "1.0.0/../../b"),
        ("a\\b", "1.0.0"),
    ],
)
def test_build_forms_no_path_from_unsafe_descriptor_text(name: str, version: str) -> None:
    """Even if validation were bypassed, the zip's name cannot be a path."""
    package = load_package(REPO)
    unsafe = replace(package, descriptor={**package.descriptor, "name": name, "version": version})
    with pytest.raises(BuildError):
        release_folder(unsafe)


def test_release_folder_of_the_real_package() -> None:
    package = load_package(REPO)
    assert release_folder(package) == f"officedata-{package.version}"


def test_inside_refuses_names_that_leave_the_folder(tmp_path: Path) -> None:
    assert inside(tmp_path, "a-1.0.0.zip") == tmp_path / "a-1.0.0.zip"
    for name in ("../x.zip", "a/../../x.zip", "/etc/x.zip", "sub/x.zip"):
        with pytest.raises(BuildError):
            inside(tmp_path, name)


HOSTILE_TEXT = (
    'Stations\u0007 "quoted" \\ back\tslash\nnew\u0085line\u2028ls\u2029ps\u007fdel'
    "\u009fc1\ufeffbom \ud800 汉字 😀 : - # [x] {y} &z *w !v |u >t %s @r `q"
)


def test_citation_reads_back_exactly_whatever_the_title_holds() -> None:
    package = load_package(REPO)
    hostile = replace(
        package,
        descriptor={
            **package.descriptor,
            "title": HOSTILE_TEXT,
            "description": HOSTILE_TEXT[::-1],
            "keywords": [HOSTILE_TEXT, "- list", "null", "true", "1.0"],
            "contributors": [{"title": HOSTILE_TEXT}, {"givenName": "A\u0000", "familyName": "B"}],
        },
    )
    from datetime import UTC, datetime

    text = citation_cff(hostile, datetime(2024, 5, 1, tzinfo=UTC))
    text.encode("utf-8")  # writable as UTF-8 (a lone surrogate is escaped, not written)
    parsed = yaml.safe_load(text)
    assert parsed["title"] == HOSTILE_TEXT
    assert parsed["abstract"] == HOSTILE_TEXT[::-1]
    assert parsed["keywords"] == [HOSTILE_TEXT, "- list", "null", "true", "1.0"]
    assert parsed["authors"][0] == {"name": HOSTILE_TEXT}
    assert parsed["authors"][1] == {"given-names": "A\u0000", "family-names": "B"}
