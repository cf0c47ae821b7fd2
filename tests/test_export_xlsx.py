"""Excel: python-calamine (not the writer) reads every table back as the CSV says; text is never
a formula; Excel's limits fail clearly or degrade as documented."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from conftest import read_rows, write_rows
from release_helpers import HYPERLINK_NOTE, RESOURCES, expected_rows, field_names, release_schema

from officedata.exporters import xlsx
from officedata.exporters.base import ExportError, OrderedTable
from officedata.package import load_package


def sheet(release: Path, name: str) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(release / "officedata.xlsx"))
    return workbook.get_sheet_by_name(name).to_python()


def as_excel_shows(field: dict[str, Any], value: Any) -> Any:
    """What a CSV value looks like in a cell: blank for null, lists as their CSV text."""
    if value is None:
        return ""
    if field.get("type") == "list":
        return field.get("delimiter", ",").join(str(v) for v in value)
    if field.get("type") == "integer":
        return float(value)  # Excel stores numbers as doubles
    return value


def test_sheets_in_order(release: Path) -> None:
    from python_calamine import CalamineWorkbook

    names = CalamineWorkbook.from_path(str(release / "officedata.xlsx")).sheet_names
    assert names == ["README", *RESOURCES, "dictionary"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_table_reads_back_as_the_csv(release: Path, resource: str) -> None:
    rows = sheet(release, resource)
    assert rows[0] == field_names(release, resource)
    fields = release_schema(release, resource)["fields"]
    expected = [
        [as_excel_shows(f, row[f["name"]]) for f in fields]
        for row in expected_rows(release, resource)
    ]
    assert rows[1:] == expected


def test_formula_like_text_comes_back_as_text(release: Path) -> None:
    rows = sheet(release, "offices")
    notes = rows[0].index("notes")
    assert HYPERLINK_NOTE in [row[notes] for row in rows[1:]]
    with zipfile.ZipFile(release / "officedata.xlsx") as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode("utf-8"), name


def test_formula_like_cells_carry_the_quote_prefix_style(release: Path) -> None:
    with zipfile.ZipFile(release / "officedata.xlsx") as archive:
        styles = archive.read("xl/styles.xml").decode("utf-8")
    assert 'quotePrefix="1"' in styles


def test_urls_are_hyperlinks(release: Path) -> None:
    reports = len(expected_rows(release, "reports"))
    with zipfile.ZipFile(release / "officedata.xlsx") as archive:
        names = archive.namelist()
        # Sheet 4 is reports (README, offices, countries, reports, ...).
        text = archive.read("xl/worksheets/sheet4.xml").decode("utf-8")
        assert "xl/worksheets/_rels/sheet4.xml.rels" in names
    assert len(re.findall(r"<hyperlink ", text)) == reports


def test_readme_sheet_names_version_licence_citation_and_coverage(release: Path) -> None:
    cells = {row[0]: row[1] for row in sheet(release, "README") if row and row[0]}
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert cells["Version"] == descriptor["version"]
    assert cells["Licence"] == "CC-BY-4.0"
    assert "(version" in cells["How to cite"]
    from officedata.stats import compute_stats
    from officedata.validate import validate_package

    validation = validate_package(release)
    frames = {name: table.frame for name, table in validation.tables.items()}
    assert validation.package is not None
    stats = compute_stats(validation.package, frames)
    assert cells["Coverage"] == stats.coverage.line()
    assert "stations" in cells["Coverage"]


def test_dictionary_sheet_is_the_dictionary_rows(release: Path) -> None:
    from officedata.dictionary import dictionary_rows

    rows = sheet(release, "dictionary")
    assert rows[0] == list(xlsx.DICTIONARY_HEADER)
    entries = dictionary_rows(load_package(release))
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [(e.table, e.field, e.type) for e in entries]
    status = next(r for r in rows if r[:2] == ["offices", "status"])
    assert "closed: Closure ordered or officially confirmed" in status[7]


def test_header_is_frozen_and_filtered(release: Path) -> None:
    with zipfile.ZipFile(release / "officedata.xlsx") as archive:
        offices = archive.read("xl/worksheets/sheet2.xml").decode("utf-8")
    assert 'state="frozen"' in offices
    assert "<autoFilter " in offices


def _table(resource_name: str, text: pa.Table) -> OrderedTable:
    resource = load_package().resource(resource_name)
    return OrderedTable(resource, text, text)


def test_too_many_rows_fail_before_any_file_is_written(tmp_path: Path) -> None:
    text = pa.table({"office_id": pa.nulls(xlsx.EXCEL_MAX_ROWS, pa.string())})
    with pytest.raises(ExportError, match="at most 1,048,575"):
        xlsx.check_limits(_table("offices", text))


def test_a_cell_longer_than_excel_allows_fails_clearly() -> None:
    text = pa.table({"notes": ["short", "x" * (xlsx.EXCEL_MAX_CELL_CHARS + 1)]})
    with pytest.raises(ExportError, match=r"row 2 .*field 'notes'.*32,767"):
        xlsx.check_limits(_table("offices", text))


def test_astral_characters_count_twice_as_excel_does() -> None:
    text = pa.table({"notes": ["𠀀" * (xlsx.EXCEL_MAX_CELL_CHARS // 2 + 1)]})
    with pytest.raises(ExportError):
        xlsx.check_limits(_table("offices", text))


def test_xlsx_export_leaves_no_file_when_it_fails(
    planted_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from officedata.export import export_format

    monkeypatch.setattr(xlsx, "EXCEL_MAX_CELL_CHARS", 10)
    with pytest.raises(ExportError):
        export_format("xlsx", planted_package, tmp_path / "out")
    assert list((tmp_path / "out").rglob("*")) == []


def test_links_beyond_the_sheet_limit_become_text(
    planted_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from python_calamine import CalamineWorkbook

    from officedata.export import export_format

    monkeypatch.setattr(xlsx, "EXCEL_MAX_LINKS_PER_SHEET", 2)
    (path,) = export_format("xlsx", planted_package, tmp_path)
    with zipfile.ZipFile(path) as archive:
        reports = archive.read("xl/worksheets/sheet4.xml").decode("utf-8")
    assert len(re.findall(r"<hyperlink ", reports)) == 2
    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_name("reports").to_python()
    url = rows[0].index("url")
    assert all(row[url].startswith("http") for row in rows[1:])  # the rest still readable
    readme = workbook.get_sheet_by_name("README").to_python()
    assert any("the URLs after that are plain text" in str(row) for row in readme)


class RecordingSheet:
    """Stands in for a worksheet whose write_url refuses every link, as XlsxWriter does for a
    link longer than Excel allows (returning -3, writing nothing)."""

    def __init__(self) -> None:
        self.cells: list[tuple[str, int, int, str]] = []

    def write_url(self, row: int, col: int, url: str, *args: object, **kwargs: object) -> int:
        return -3

    def write_string(self, row: int, col: int, value: str, *args: object) -> int:
        self.cells.append(("string", row, col, value))
        return 0


def test_a_url_excel_cannot_link_is_still_written_as_text() -> None:
    from types import SimpleNamespace

    spec = load_package().resource("reports").schema.field("url")
    sheet = RecordingSheet()
    links_left = [10]
    formats = SimpleNamespace(quoted=None, link=None, date=None)
    put = xlsx._cell_writer(spec, sheet, formats, links_left)  # type: ignore[arg-type]
    put(1, 5, "https://example.org/a")
    assert sheet.cells == [("string", 1, 5, "https://example.org/a")]
    assert links_left == [10]  # a refused link does not use up the sheet's allowance


EDGE_NOTES = [
    '=HYPERLINK("http://example.org")',
    "+1",
    "@sum",
    "\tleading tab",
    " leading space",
    "trailing space ",
    "a & b < c > d",
    "_x0041_ looks like an Excel escape",
    "control\x01and\x1fcharacters",
    "\u00a0no-break space first",
    "<r>looks like rich text</r>",
    "line\nbreak",
    "中文 Ünïcödé 🙂",
]


def test_rows_rendered_in_arrow_read_back_as_xlsxwriter_writes_them(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from python_calamine import CalamineWorkbook

    from officedata.exporters.base import get_exporter, ordered_tables
    from officedata.validate import validate_package

    offices = package / "data" / "offices.csv"
    rows = read_rows(offices)
    for row, note in zip(rows, EDGE_NOTES, strict=False):
        row["notes"] = note
    write_rows(offices, rows)
    validation = validate_package(package)
    assert validation.ok
    tables = ordered_tables(validation.package, validation.tables)
    assert xlsx.rendered_in_arrow(tables["offices"])

    def workbook(out: Path) -> CalamineWorkbook:
        get_exporter("xlsx").write(validation.package, tables, out)
        return CalamineWorkbook.from_path(str(out / "officedata.xlsx"))

    rendered = workbook(tmp_path / "arrow")
    monkeypatch.setattr(xlsx, "rendered_in_arrow", lambda table: False)
    written = workbook(tmp_path / "xlsxwriter")
    for name in written.sheet_names:
        arrow_rows = rendered.get_sheet_by_name(name).to_python()
        writer_rows = written.get_sheet_by_name(name).to_python()
        if name == "offices":
            # XlsxWriter writes text shaped like "<r>…</r>" as raw rich-text XML and loses it;
            # the Arrow rendering escapes it like any other text.
            notes = validation.package.resource("offices").schema.field_names.index("notes")
            assert "<r>looks like rich text</r>" in [r[notes] for r in arrow_rows]
            arrow_rows = [r for r in arrow_rows if r[notes] != "<r>looks like rich text</r>"]
            writer_rows = [r for r in writer_rows if r[notes] != ""]
        assert arrow_rows == writer_rows, name
