"""officedata diff: rows added, removed, modified by key; schema changes; zips read safely."""

from __future__ import annotations

import json
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_package, edit_schema, read_rows, write_rows
from helpers import release_folder

from officedata.analysis.diff import diff_paths, next_version
from officedata.analysis.diff_render import render
from officedata.archive import extract_safely
from officedata.cli import app
from officedata.errors import ArchiveError

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def old(tmp_path: Path) -> Path:
    return copy_package(tmp_path / "old")


@pytest.fixture
def new(tmp_path: Path) -> Path:
    return copy_package(tmp_path / "new")


def offices_csv(package: Path) -> Path:
    return package / "data" / "offices.csv"


def table(result, name):
    return next(t for t in result.tables if t.name == name)


def test_identical_packages_have_no_changes(old: Path, new: Path):
    result = diff_paths(old, new)
    assert not result.changed
    assert result.suggested_bump()[0] == "none"
    assert all(t.status == "unchanged" for t in result.tables)


def test_an_added_row_is_listed_by_its_key(old: Path, new: Path):
    rows = read_rows(offices_csv(new))
    extra = dict(rows[0], office_id="ie-cork-test")
    write_rows(offices_csv(new), [*rows, extra])
    offices = table(diff_paths(old, new), "offices")
    assert offices.added == [{"office_id": "ie-cork-test"}]
    assert (offices.removed, offices.modified) == ([], [])
    assert (offices.old_rows, offices.new_rows) == (len(rows), len(rows) + 1)
    assert diff_paths(old, new).suggested_bump()[0] == "minor"


def test_a_removed_row_is_listed_and_calls_for_a_major_version(old: Path, new: Path):
    rows = read_rows(offices_csv(new))
    write_rows(offices_csv(new), rows[1:])
    result = diff_paths(old, new)
    assert table(result, "offices").removed == [{"office_id": rows[0]["office_id"]}]
    assert result.suggested_bump()[0] == "major"


def test_a_modified_row_shows_before_and_after_for_each_changed_field(old: Path, new: Path):
    rows = read_rows(offices_csv(new))
    target = next(i for i, row in enumerate(rows) if row["city"] and row["notes"])
    before_city, before_notes = rows[target]["city"], rows[target]["notes"]
    rows[target]["city"] = "Somewhere Else"
    rows[target]["notes"] = ""
    write_rows(offices_csv(new), rows)
    offices = table(diff_paths(old, new), "offices")
    assert len(offices.modified) == 1
    change = offices.modified[0]
    assert change.key == {"office_id": rows[target]["office_id"]}
    assert change.changes == {
        "city": (before_city, "Somewhere Else"),
        "notes": (before_notes, None),
    }
    assert diff_paths(old, new).suggested_bump()[0] == "patch"


def rename_field(package: Path, table_name: str, old_name: str, new_name: str) -> None:
    def change(schema: dict) -> None:
        for spec in schema["fields"]:
            if spec["name"] == old_name:
                spec["name"] = new_name

    edit_schema(package, table_name, change)
    path = package / "data" / f"{table_name}.csv"
    rows = read_rows(path)
    header = [new_name if name == old_name else name for name in rows[0]]
    write_rows(path, [{new_name if k == old_name else k: v for k, v in r.items()} for r in rows],
               header)  # fmt: skip


def test_a_renamed_field_is_reported_as_a_rename_not_as_changed_rows(old: Path, new: Path):
    rename_field(new, "offices", "city", "locality")
    result = diff_paths(old, new)
    offices = table(result, "offices")
    assert offices.fields_renamed == [("city", "locality")]
    assert (offices.fields_added, offices.fields_removed) == ([], [])
    assert (offices.added, offices.removed, offices.modified) == ([], [], [])
    assert result.suggested_bump()[0] == "major"
    assert "field renamed: city → locality" in render(result, "text")


def ten_offices(package: Path) -> None:
    """Ten offices with distinct cities (the diff reads text; it does not validate)."""
    first = read_rows(offices_csv(package))[0]
    rows = [dict(first, office_id=f"ie-town{i}-test", city=f"Town {i}") for i in range(10)]
    write_rows(offices_csv(package), rows)


def test_a_renamed_field_with_a_corrected_value_is_still_a_rename(old: Path, new: Path):
    ten_offices(old)
    ten_offices(new)
    rename_field(new, "offices", "city", "locality")
    rows = read_rows(offices_csv(new))
    rows[3]["locality"] = "Corrected"
    write_rows(offices_csv(new), rows)
    offices = table(diff_paths(old, new), "offices")
    assert offices.fields_renamed == [("city", "locality")]
    assert len(offices.modified) == 1
    assert offices.modified[0].changes == {"locality": ("Town 3", "Corrected")}


def test_a_replaced_field_whose_values_disagree_is_not_taken_for_a_rename(old: Path, new: Path):
    ten_offices(old)
    ten_offices(new)
    rename_field(new, "offices", "city", "locality")
    rows = read_rows(offices_csv(new))
    for row in rows[:5]:
        row["locality"] = "Elsewhere"
    write_rows(offices_csv(new), rows)
    offices = table(diff_paths(old, new), "offices")
    assert offices.fields_renamed == []
    assert (offices.fields_removed, offices.fields_added) == (["city"], ["locality"])


def test_added_and_removed_fields_are_reported(old: Path, new: Path):
    def change(schema: dict) -> None:
        schema["fields"] = [f for f in schema["fields"] if f["name"] != "notes"]
        schema["fields"].append({"name": "website", "type": "string"})

    edit_schema(new, "countries", change)
    path = new / "data" / "countries.csv"
    rows = read_rows(path)
    for row in rows:
        del row["notes"]
        row["website"] = "https://example.org/" + row["iso2"]
    write_rows(path, rows)
    result = diff_paths(old, new)
    countries = table(result, "countries")
    assert countries.fields_added == ["website"]
    assert countries.fields_removed == ["notes"]
    assert countries.fields_renamed == []
    assert countries.modified == []  # values of fields on one side only are not row edits
    assert result.suggested_bump()[0] == "major"


def test_a_changed_type_is_reported(old: Path, new: Path):
    def change(schema: dict) -> None:
        for spec in schema["fields"]:
            if spec["name"] == "geonames_id":
                spec["type"] = "string"
                # A string field cannot keep a numeric minimum (the schema would be invalid).
                spec["constraints"].pop("minimum", None)

    edit_schema(new, "offices", change)
    offices = table(diff_paths(old, new), "offices")
    assert offices.types_changed == [("geonames_id", "integer", "string")]


def test_json_and_markdown_carry_the_same_counts(old: Path, new: Path):
    rows = read_rows(offices_csv(new))
    rows[0]["status_date"] = "2023"
    write_rows(offices_csv(new), [*rows, dict(rows[1], office_id="nl-utrecht-test")])
    runner = CliRunner()
    as_json = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(as_json.stdout)
    offices = report["tables"]["offices"]
    assert offices["rows"] == {
        "old": len(rows), "new": len(rows) + 1, "added": 1, "removed": 0, "modified": 1
    }  # fmt: skip
    assert offices["modified"][0]["changes"]["status_date"]["after"] == "2023"
    assert report["summary"] == {"added": 1, "removed": 0, "modified": 1, "schema_changes": 0}
    markdown = runner.invoke(app, ["diff", str(old), str(new), "--format", "markdown"]).output
    assert "### Added\n\n- `offices`: 1 row: `nl-utrecht-test`." in markdown
    assert "### Changed\n\n- `offices`: 1 row changed:" in markdown
    assert "(status_date)" in markdown
    assert "### Removed" not in markdown
    text = runner.invoke(app, ["diff", str(old), str(new)]).output
    assert f"offices: {len(rows)} → {len(rows) + 1} rows: 1 added, 0 removed, 1 modified" in text


def zip_folder(folder: Path, archive: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                bundle.write(path, prefix + path.relative_to(folder).as_posix())
    return archive


def test_release_zips_compare_like_folders(old: Path, new: Path, tmp_path: Path):
    rows = read_rows(offices_csv(new))
    write_rows(offices_csv(new), rows[1:])
    # One zip with the files at its root, one with them in a release's top folder.
    old_zip = zip_folder(old, tmp_path / "old.zip")
    new_zip = zip_folder(new, tmp_path / "new.zip", prefix=f"{release_folder(new)}/")
    result = diff_paths(old_zip, new_zip)
    assert table(result, "offices").removed == [{"office_id": rows[0]["office_id"]}]


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        ("../escaped.txt", "contains '..'"),
        ("data/../../escaped.txt", "contains '..'"),
        ("/tmp/officedata-escaped.txt", "absolute path"),
        ("C:/escaped.txt", "absolute path"),
        ("data\\..\\escaped.txt", "backslashes"),
    ],
)
def test_zip_members_that_would_escape_are_refused(tmp_path: Path, member: str, reason: str):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("datapackage.json", "{}")
        bundle.writestr(member, "pwned")
    target = tmp_path / "x" / "extract"
    target.mkdir(parents=True)
    with pytest.raises(ArchiveError, match=reason):
        extract_safely(archive, target)
    assert list(target.iterdir()) == []  # refused before anything was written
    assert not (tmp_path / "x" / "escaped.txt").exists()
    assert not Path("/tmp/officedata-escaped.txt").exists()


def test_zip_symlinks_are_refused(tmp_path: Path):
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        link = zipfile.ZipInfo("data")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        bundle.writestr(link, "/etc")
    target = tmp_path / "extract"
    target.mkdir()
    with pytest.raises(ArchiveError, match="symbolic link"):
        extract_safely(archive, target)
    assert list(target.iterdir()) == []


def test_diff_of_an_unsafe_zip_fails_cleanly_on_the_command_line(old: Path, tmp_path: Path):
    archive = tmp_path / "officedata-9.9.9.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("../../escaped.txt", "pwned")
    result = CliRunner().invoke(app, ["diff", str(old), str(archive)])
    assert result.exit_code == 1
    assert "refused" in result.output and "contains '..'" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_path_that_is_not_a_package_is_a_clear_error(old: Path, tmp_path: Path):
    stray = tmp_path / "notes.txt"
    stray.write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(old), str(stray)])
    assert result.exit_code == 1
    assert "neither a package folder nor a zip file" in result.output
    missing = tmp_path / "empty"
    shutil.copytree(old / "schemas", missing / "schemas")
    result = CliRunner().invoke(app, ["diff", str(old), str(missing)])
    assert result.exit_code == 1 and "datapackage.json does not exist" in result.output


@pytest.mark.parametrize(
    ("version", "level", "expected"),
    [
        ("1.2.3", "major", "2.0.0"),
        ("1.2.3", "minor", "1.3.0"),
        ("1.2.3", "patch", "1.2.4"),
        ("1.2.3", "none", "1.2.3"),
        ("0.1.0", "major", "0.2.0"),  # before 1.0.0, one place to the right
        ("0.1.0", "minor", "0.1.1"),
        ("0.1.0", "patch", "0.1.1"),
        ("1.0", "minor", None),
    ],
)
def test_next_version_follows_the_policy(version: str, level: str, expected: str | None):
    assert next_version(version, level) == expected
