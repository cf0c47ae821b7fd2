"""`fmt` puts files in canonical form, changes no value, and `fmt --check` names what differs."""

from __future__ import annotations

from conftest import REPO, read_rows
from helpers import run_cli, validate_json

OFFICES = "data/offices.csv"


def test_committed_data_is_canonical():
    code, output = run_cli("fmt", str(REPO), "--check")
    assert code == 0, output


def test_check_names_the_file_and_changes_nothing(package):
    path = package / OFFICES
    messy = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(messy)
    code, output = run_cli("fmt", str(package), "--check")
    assert code == 1
    assert "would reformat data/offices.csv" in output
    assert path.read_bytes() == messy


def test_fmt_restores_canonical_form_without_changing_values(package):
    path = package / OFFICES
    original = path.read_bytes()
    before = read_rows(path)
    lines = original.decode("utf-8").split("\n")
    header, rows = lines[0], [line for line in lines[1:] if line]
    shuffled = "\r\n".join([header, *reversed(rows)]) + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + shuffled.encode("utf-8"))
    code, _ = run_cli("fmt", str(package))
    assert code == 0
    assert path.read_bytes() == original
    assert read_rows(path) == before
    assert validate_json(package)[0] == 0


def test_fmt_reorders_columns_to_schema_order(package):
    path = package / OFFICES
    rows = read_rows(path)
    header = list(rows[0])
    swapped = [header[1], header[0], *header[2:]]
    from conftest import write_rows

    write_rows(path, rows, swapped)
    run_cli("fmt", str(package))
    assert path.read_text(encoding="utf-8").split("\n")[0] == ",".join(header)
    assert read_rows(path) == rows


def test_fmt_leaves_a_ragged_file_untouched(package):
    path = package / OFFICES
    broken = path.read_bytes().replace(b",false,", b",false,,", 1)
    path.write_bytes(broken)
    code, output = run_cli("fmt", str(package))
    assert code == 1
    assert "untouched" in output
    assert path.read_bytes() == broken


def test_fmt_spells_booleans_as_the_schema_and_touches_nothing_else(package):
    """A spreadsheet saves true/false as TRUE/FALSE: fmt writes the schema's spelling (disputed
    accepts only true/false), and only in boolean fields; a word that is no boolean stays."""
    from conftest import write_rows

    path = package / OFFICES
    rows = read_rows(path)
    rows[0]["disputed"], rows[1]["disputed"], rows[2]["disputed"] = "TRUE", "False", "yes"
    rows[0]["notes"] = "TRUE"
    write_rows(path, rows)
    code, report = validate_json(package)
    assert code == 1
    assert [(f["rule"], f["line"]) for f in report["failures"] if f["field"] == "disputed"] == [
        ("type", 2),
        ("type", 3),
        ("type", 4),
    ]
    code, _ = run_cli("fmt", str(package))
    assert code == 0
    after = read_rows(path)
    assert [row["disputed"] for row in after[:3]] == ["true", "false", "yes"]
    assert after[0]["notes"] == "TRUE"
    unchanged = [(b, a) for b, a in zip(rows[3:], after[3:], strict=True) if b != a]
    assert unchanged == []
    code, report = validate_json(package)
    errors = [f for f in report["failures"] if f["severity"] == "error"]
    assert [(f["field"], f["line"]) for f in errors] == [("disputed", 4)]
