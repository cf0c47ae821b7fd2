"""The corpus's descriptor and schema metadata cases (issue 12, items 2, 3 and 7): each is one
edit of datapackage.json or a schema, checked by `validate` against the Data Package v2 profiles
and officedata's own rules (safe name, SemVer version, a real `created` time, no control
characters in text that reaches CITATION.cff), and located at the member it breaks.

(An escaping name and a `created` year 2200 are among the corpus's named cases.) A case names
its rule and the text its member's line begins with (a JSON key, quoted); the
line and character column are found in the edited text, so the cases survive edits of the
descriptor. Nothing here asserts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bad_inputs import BadInput, Expected

Edit = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Case:
    id: str
    edit: Edit
    rule: str
    member: str  # the text the failure's line holds, where its column points (a JSON key)
    file: str = "datapackage.json"

    def __str__(self) -> str:
        return self.id


def setter(key: str, value: Any) -> Edit:
    return lambda d: d.__setitem__(key, value)


def first_field(key: str, value: Any) -> Edit:
    return lambda s: s["fields"][0].__setitem__(key, value)


DESCRIPTOR_CASES = [
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


def edit_member(case: Case) -> Callable[[Path], Expected]:
    def mutate(root: Path) -> Expected:
        target = root / case.file
        data = json.loads(target.read_text(encoding="utf-8"))
        case.edit(data)
        target.write_text(json.dumps(data, indent=2), encoding="utf-8")
        lines = target.read_text(encoding="utf-8").splitlines()
        line, text = next((n, text) for n, text in enumerate(lines, 1) if case.member in text)
        return Expected(case.file, case.rule, line, text.index(case.member) + 1)

    return mutate


def metadata_cases() -> list[BadInput]:
    return [
        BadInput(f"{'descriptor' if case.file == 'datapackage.json' else 'schema'}-{case.id}",
                 edit_member(case))
        for case in DESCRIPTOR_CASES + SCHEMA_CASES
    ]
