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
