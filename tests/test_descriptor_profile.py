"""Descriptor metadata (issue 12, items 2, 3 and 7): checked against the Data Package v2 profiles
and officedata's own rules by `validate`, located at the member; `build` refuses the same
packages cleanly (exit 1, nothing written anywhere) and never forms a path from descriptor text.

Each case is one mutation of a copy of the real package and names the failure it must give:
file, rule, and the line of the member (found in the mutated text, so the case survives edits).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from bad_inputs import copy_package
from typer.testing import CliRunner

from officedata.cli import app
from officedata.errors import BuildError
from officedata.release.build import inside, release_folder
from officedata.release.citation import citation_cff
from officedata.schema.descriptor import load_package
from officedata.schema.profile import DATA_PACKAGE, TABLE_SCHEMA, profile_failures, profile_text

REPO = Path(__file__).resolve().parent.parent

Edit = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Case:
    id: str
    edit: Edit
    rule: str
    member: str  # the text the failure's line must hold (a JSON key, quoted)
    file: str = "datapackage.json"

    def __str__(self) -> str:
        return self.id


def setter(key: str, value: Any) -> Edit:
    return lambda d: d.__setitem__(key, value)


def first_field(key: str, value: Any) -> Edit:
    return lambda s: s["fields"][0].__setitem__(key, value)


DESCRIPTOR_CASES = [
    Case("name-with-dot-dot", setter("name", "data/../../../../outside/x"), "descriptor", '"name"'),
    Case("name-upper-case", setter("name", "OfficeData"), "descriptor", '"name"'),
    Case("name-starting-with-dot", setter("name", ".."), "descriptor", '"name"'),
    Case("name-a-number", setter("name", 5), "profile", '"name"'),
    Case("version-a-path", setter("version", "../../../x"), "descriptor", '"version"'),
    Case("version-not-semver", setter("version", "1.0"), "descriptor", '"version"'),
    Case("version-missing", lambda d: d.pop("version"), "descriptor", "{"),
    Case("version-a-number", setter("version", 1), "profile", '"version"'),
    Case("keywords-a-number", setter("keywords", ["china", 5]), "profile", '"keywords"'),
    Case("keywords-a-string", setter("keywords", "china"), "profile", '"keywords"'),
    Case("contributors-a-number", setter("contributors", [5]), "descriptor", '"contributors"'),
    Case("contributors-a-string", setter("contributors", "me"), "profile", '"contributors"'),
    Case(
        "contributor-title-a-list",
        setter("contributors", [{"title": ["a"]}]),
        "profile",
        '"title": [',
    ),
    Case("sources-a-string", setter("sources", "somewhere"), "profile", '"sources"'),
    Case("source-a-number", setter("sources", [3]), "profile", '"sources"'),
    Case("source-title-a-number", setter("sources", [{"title": 3}]), "profile", '"title": 3'),
    Case("licenses-a-string", setter("licenses", "CC-BY-4.0"), "profile", '"licenses"'),
    Case("licence-without-name", setter("licenses", [{"title": "x"}]), "profile", '"licenses"'),
    Case("licence-name-a-number", setter("licenses", [{"name": 4}]), "profile", '"name": 4'),
    Case("created-year-2200", setter("created", "2200-01-01T00:00:00Z"), "descriptor", '"created"'),
    Case("created-malformed", setter("created", "last tuesday"), "descriptor", '"created"'),
    Case("created-a-date-only", setter("created", "2024-05-01"), "descriptor", '"created"'),
    Case(
        "created-february-30", setter("created", "2024-02-30T00:00:00Z"), "descriptor", '"created"'
    ),
    Case("created-a-number", setter("created", 2024), "profile", '"created"'),
    Case("title-a-list", setter("title", ["a"]), "profile", '"title"'),
    Case("homepage-a-number", setter("homepage", 7), "profile", '"homepage"'),
    Case("title-with-bell", setter("title", "Overseas\u0007 stations"), "descriptor", '"title"'),
    Case("title-with-newline", setter("title", "Overseas\nstations"), "descriptor", '"title"'),
    Case(
        "title-with-c1-control", setter("title", "Overseas\u0085stations"), "descriptor", '"title"'
    ),
    Case("title-lone-surrogate", setter("title", "Overseas \ud800"), "descriptor", '"title"'),
    Case(
        "description-with-escape",
        setter("description", "A\u001b[31m red"),
        "descriptor",
        '"description"',
    ),
    Case(
        "resource-title-with-null",
        lambda d: d["resources"][0].__setitem__("title", "Off\u0000ices"),
        "descriptor",
        '"title": "Off',
    ),
    Case(
        "resource-title-a-list",
        lambda d: d["resources"][0].__setitem__("title", ["x"]),
        "profile",
        '"title": [',
    ),
]

SCHEMA_CASES = [
    Case(
        "field-title-with-escape",
        first_field("title", "Office\u001bID"),
        "descriptor",
        '"title": "Office\\u001b',
        "schemas/offices.json",
    ),
    Case(
        "field-rdftype-a-number",
        first_field("rdfType", 5),
        "profile",
        '"rdfType"',
        "schemas/offices.json",
    ),
    Case(
        "field-title-a-number",
        first_field("title", 5),
        "profile",
        '"title": 5',
        "schemas/offices.json",
    ),
]


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def _mutated(tmp_path: Path, case: Case) -> tuple[Path, int]:
    """A copy of the package with the case's edit; the line of the member it names."""
    root = copy_package(tmp_path / "package")
    target = root / case.file
    data = json.loads(target.read_text(encoding="utf-8"))
    case.edit(data)
    _write_json(target, data)
    lines = target.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if case.member in text)
    return root, line


def _validate(root: Path) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(app, ["validate", str(root), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, json.loads(result.stdout), result.output


@pytest.mark.parametrize("case", DESCRIPTOR_CASES + SCHEMA_CASES, ids=str)
def test_bad_metadata_is_refused_at_its_member(case: Case, tmp_path: Path) -> None:
    root, line = _mutated(tmp_path, case)
    code, report, output = _validate(root)
    assert code == 1, output[:2000]
    errors = [f for f in report["failures"] if f["severity"] == "error"]
    assert not [f for f in errors if f["rule"] == "internal-error"], errors
    found = [f for f in errors if f["rule"] == case.rule and f["file"] == case.file]
    assert found, errors
    assert line in [f["line"] for f in found], (line, found)
    assert all(f["column"] for f in found), found
    for failure in found:
        assert "Traceback" not in failure["message"]
        assert "is not valid under any" not in failure["message"]  # plain words, not jsonschema's


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in DESCRIPTOR_CASES
        if c.id
        in {
            "name-with-dot-dot",
            "keywords-a-number",
            "created-year-2200",
            "version-a-path",
        }
    ],
    ids=str,
)
def test_build_refuses_the_same_packages_and_writes_nothing(case: Case, tmp_path: Path) -> None:
    root, _ = _mutated(tmp_path / "inner" / "deeper", case)
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
