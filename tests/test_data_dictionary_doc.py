"""docs/data-dictionary.md is generated from the schemas, complete, and never stale."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from officedata.cli import app
from officedata.documentation.docs import DICTIONARY_PATH, cell, render_data_dictionary
from officedata.schema.descriptor import load_package

REPO = Path(__file__).resolve().parent.parent


def test_committed_data_dictionary_is_up_to_date():
    committed = (REPO / DICTIONARY_PATH).read_text(encoding="utf-8")
    assert committed == render_data_dictionary(load_package(REPO)), (
        "docs/data-dictionary.md is stale: run `officedata docs` and commit the result"
    )


def test_every_table_field_description_and_enum_meaning_is_in_the_dictionary():
    package = load_package(REPO)
    text = render_data_dictionary(package)
    for resource in package.resources:
        assert f"\n## {resource.name}\n" in text
        for spec in resource.schema.fields:
            assert f"| `{spec.name}` | {cell(spec.title)} |" in text
            assert cell(spec.description) in text
            for value in spec.enum or []:
                label = spec.enum_labels.get(value, "")
                assert f"| `{value}` | {cell(label)} |" in text


def test_a_schema_change_changes_the_dictionary(package: Path):
    schema_path = package / "schemas" / "offices.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["fields"][2]["description"] = "Town | or village"
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    text = render_data_dictionary(load_package(package))
    assert "| `city` | City | string | no | at most 100 characters | Town \\| or village |" in text


def test_markup_in_schema_text_is_shown_literally():
    assert cell("a_b *c* [d](e) <f> x|y") == r"a\_b \*c\* \[d\](e) \<f\> x\|y"


def test_docs_check_fails_when_stale_and_docs_regenerates(package: Path):
    runner = CliRunner()
    target = package / DICTIONARY_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# an old dictionary\n", encoding="utf-8")
    stale = runner.invoke(app, ["docs", str(package), "--check"])
    assert stale.exit_code == 1 and "out of date" in stale.output
    written = runner.invoke(app, ["docs", str(package)])
    assert written.exit_code == 0, written.output
    assert target.read_text(encoding="utf-8") == render_data_dictionary(load_package(package))
    fresh = runner.invoke(app, ["docs", str(package), "--check"])
    assert fresh.exit_code == 0 and "up to date" in fresh.output


def test_docs_on_a_broken_package_says_why_without_a_traceback(tmp_path: Path):
    result = CliRunner().invoke(app, ["docs", str(tmp_path)])
    assert result.exit_code == 1
    assert "datapackage.json does not exist" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
