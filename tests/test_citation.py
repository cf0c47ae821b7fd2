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


def citation_with_homepage(homepage: str | None, repository: str | None = None) -> dict:
    from datetime import UTC, datetime

    from officedata.release.citation import citation_cff
    from officedata.schema.descriptor import load_package

    package = load_package()
    if homepage is not None:
        package.descriptor["homepage"] = homepage  # a fixture value, on this copy only
    else:
        package.descriptor.pop("homepage", None)
    return yaml.safe_load(citation_cff(package, datetime(2026, 1, 2, tzinfo=UTC), repository))


def test_without_a_homepage_the_citation_names_no_url(release: Path) -> None:
    """The public repository's address is not known: nothing is made up in its place."""
    citation = yaml.safe_load((release / "CITATION.cff").read_text(encoding="utf-8"))
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert "homepage" not in descriptor
    assert "url" not in citation and "repository-code" not in citation


def test_a_homepage_on_a_code_host_is_the_url_and_the_repository() -> None:
    citation = citation_with_homepage("https://github.com/example-owner/example-repo")
    assert (
        citation["url"]
        == citation["repository-code"]
        == ("https://github.com/example-owner/example-repo")
    )


def test_another_homepage_is_only_the_url() -> None:
    citation = citation_with_homepage("https://data.example.org/officedata")
    assert citation["url"] == "https://data.example.org/officedata"
    assert "repository-code" not in citation


def test_the_repository_a_release_is_built_from_is_its_url_and_repository_code() -> None:
    """The release workflow passes GitHub's own address of the repository (`build
    --repository`); a homepage, when there is one, stays the url."""
    repository = "https://github.com/example-owner/example-repo"  # a fixture value
    citation = citation_with_homepage(None, repository)
    assert citation["url"] == citation["repository-code"] == repository
    with_homepage = citation_with_homepage("https://data.example.org/officedata", repository)
    assert with_homepage["url"] == "https://data.example.org/officedata"
    assert with_homepage["repository-code"] == repository
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(citation)


def test_build_refuses_a_repository_that_is_not_a_web_address(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from officedata.cli import app

    result = CliRunner().invoke(
        app, ["build", "--out", str(tmp_path / "dist"), "--repository", "../elsewhere"]
    )
    assert result.exit_code == 2, result.output
    assert "--repository must be an http(s) address" in result.output
    assert not (tmp_path / "dist").exists()
