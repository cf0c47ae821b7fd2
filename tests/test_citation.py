"""CITATION.cff is valid Citation File Format 1.2.0 (type dataset), made from the descriptor."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

SCHEMA = Path(__file__).parent / "data" / "cff-1.2.0.schema.json"


def test_citation_is_valid_cff_1_2(release: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    citation = yaml.safe_load((release / "CITATION.cff").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    validator.validate(citation)


def test_citation_says_what_the_descriptor_says(release: Path) -> None:
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((release / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["type"] == "dataset"
    assert citation["cff-version"] == "1.2.0"
    assert citation["title"] == descriptor["title"]
    assert citation["version"] == descriptor["version"]
    assert citation["date-released"] == descriptor["created"][:10]
    assert citation["license"] == descriptor["licenses"][0]["name"]
    assert citation["authors"] == [{"name": c["title"]} for c in descriptor["contributors"]]
    assert citation["abstract"] == descriptor["description"]
