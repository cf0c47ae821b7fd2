"""Excel: python-calamine (not the writer) reads every table back as the CSV says; text is never
a formula; links, booleans, dates and print settings are what Excel expects; Excel's limits fail
clearly or degrade visibly; two writes are byte-identical.

Where calamine does not tell (hyperlinks, styles, print setup, row heights), the sheet XML in
the zip is read directly.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pyarrow as pa
import pytest
from conftest import edit_schema, read_rows, write_rows
from release_helpers import HYPERLINK_NOTE, RESOURCES, expected_rows, field_names, release_schema

from officedata.errors import ExportError
from officedata.exporters import xlsx, xlsx_layout, xlsx_limits, xlsx_prepare, xlsx_readme
from officedata.schema.model import Field

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SHEET_ORDER = ["README", *RESOURCES, "dictionary"]


def workbook_path(release: Path) -> Path:
    return release / "officedata.xlsx"


def sheet(path: Path, name: str) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    if path.is_dir():
        path = workbook_path(path)
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def sheet_xml(path: Path, name: str, order: Sequence[str] = SHEET_ORDER) -> str:
    """The XML of a sheet, by name (sheets are numbered in workbook order)."""
    if path.is_dir():
        path = workbook_path(path)
    with zipfile.ZipFile(path) as archive:
        return archive.read(f"xl/worksheets/sheet{list(order).index(name) + 1}.xml").decode()


def zip_text(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(member).decode("utf-8")


def cells_xml(xml: str) -> dict[str, ElementTree.Element]:
    """Every <c> element of a sheet, by reference (e.g. "B7")."""
    root = ElementTree.fromstring(xml)
    return {c.get("r", ""): c for c in root.iter(f"{MAIN}c")}


def cell_text(cell: ElementTree.Element) -> str:
    return "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))


def quote_prefix_styles(path: Path) -> set[str]:
    """Indexes (as in a cell's s attribute) of the cell formats with quotePrefix set."""
    styles = ElementTree.fromstring(zip_text(path, "xl/styles.xml"))
    xfs = styles.find(f"{MAIN}cellXfs")
    assert xfs is not None
    return {str(i) for i, xf in enumerate(xfs) if xf.get("quotePrefix") == "1"}


def wrap_styles(path: Path) -> set[str]:
    styles = ElementTree.fromstring(zip_text(path, "xl/styles.xml"))
    xfs = styles.find(f"{MAIN}cellXfs")
    assert xfs is not None
    return {
        str(i)
        for i, xf in enumerate(xfs)
        if any(a.get("wrapText") == "1" for a in xf.iter(f"{MAIN}alignment"))
    }


def as_excel_shows(field: dict[str, Any], value: Any) -> Any:
    """What a CSV value looks like in a cell: blank for null, lists as their CSV text."""
    if value is None:
        return ""
    if field.get("type") == "list":
        return field.get("delimiter", ",").join(str(v) for v in value)
    if field.get("type") == "integer":
        return float(value)  # Excel stores numbers as doubles
    return value


# -- the release workbook ---------------------------------------------------------------------


def test_sheets_in_order(release: Path) -> None:
    from python_calamine import CalamineWorkbook

    names = CalamineWorkbook.from_path(str(workbook_path(release))).sheet_names
    assert names == SHEET_ORDER


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


def test_values_keep_their_types(release: Path) -> None:
    """Numbers are numbers, booleans are Excel booleans, text stays text (per schema type)."""
    rows = sheet(release, "offices")
    header, body = rows[0], rows[1:]
    column = {name: [row[header.index(name)] for row in body] for name in header}
    assert {type(v) for v in column["disputed"]} == {bool}
    assert set(column["disputed"]) == {True, False}
    assert {type(v) for v in column["latitude"] if v != ""} == {float}
    assert {type(v) for v in column["geonames_id"] if v != ""} == {float}
    assert {type(v) for v in column["status_date"]} == {str}  # partial dates are text
    xml = sheet_xml(release, "offices")
    booleans = [c for c in cells_xml(xml).values() if c.get("t") == "b"]
    assert len(booleans) == len(body)
    assert {c.findtext(f"{MAIN}v") for c in booleans} == {"0", "1"}


def test_formula_like_text_comes_back_as_text(release: Path) -> None:
    rows = sheet(release, "offices")
    notes = rows[0].index("notes")
    assert HYPERLINK_NOTE in [row[notes] for row in rows[1:]]
    with zipfile.ZipFile(workbook_path(release)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                text = archive.read(name).decode("utf-8")
                assert "<f>" not in text and "<f " not in text, name


def test_formula_like_cells_carry_the_quote_prefix_style(release: Path) -> None:
    path = workbook_path(release)
    quoted = quote_prefix_styles(path)
    assert quoted
    checked = 0
    for name in SHEET_ORDER:
        for ref, cell in cells_xml(sheet_xml(path, name)).items():
            if cell.get("t") != "inlineStr":
                continue
            formula_like = cell_text(cell).startswith(xlsx_prepare.FORMULA_TRIGGERS)
            assert (cell.get("s") in quoted) == formula_like, (name, ref, cell_text(cell))
            checked += formula_like
    assert checked >= 4  # the planted =HYPERLINK note, -Dash title, @publisher, +Ministry


def test_urls_are_hyperlinks(release: Path) -> None:
    path = workbook_path(release)
    urls = [row["url"] for row in expected_rows(release, "reports")]
    xml = sheet_xml(path, "reports")
    links = re.findall(r'<hyperlink ref="([A-Z]+\d+)" r:id="(rId\d+)"', xml)
    assert len(links) == len(urls)
    rels = zip_text(path, "xl/worksheets/_rels/sheet4.xml.rels")
    targets = dict(re.findall(r'Id="(rId\d+)" [^>]*Target="([^"]+)"', rels))
    cells = cells_xml(xml)
    for ref, rid in links:
        assert cell_text(cells[ref]) in urls  # the cell shows the URL it links to
        assert targets[rid].replace("&amp;", "&") == cell_text(cells[ref])


def test_readme_sheet_names_version_licence_citation_and_coverage(release: Path) -> None:
    rows = [row for row in sheet(release, "README") if row and row[0]]
    cells = {row[0]: row[1] for row in rows}
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert rows[0][0] == descriptor["title"]
    assert cells["Version"] == descriptor["version"]
    assert cells["Released"] == descriptor["created"][:10]
    assert cells["Licence"] == "CC-BY-4.0"
    assert "(version" in cells["How to cite"]
    from officedata.analysis.stats import compute_stats
    from officedata.validation.validate import validate_package

    validation = validate_package(release)
    frames = {name: table.frame for name, table in validation.tables.items()}
    assert validation.package is not None
    stats = compute_stats(validation.package, frames)
    line = stats.coverage.line()
    assert line.startswith("Coverage: ")
    assert cells["Coverage"] == line.removeprefix("Coverage: ")


def test_readme_labels_do_not_repeat_in_their_values(release: Path) -> None:
    for label, value in [row[:2] for row in sheet(release, "README")[1:] if row and row[0]]:
        assert not value.casefold().startswith(label.casefold()), (label, value)
        name = label.removeprefix("Sheet ")
        assert not value.casefold().startswith(name.casefold()), (label, value)


def test_dictionary_sheet_is_the_dictionary_rows(release: Path) -> None:
    from officedata.documentation.dictionary import dictionary_rows
    from officedata.schema.descriptor import load_package

    rows = sheet(release, "dictionary")
    assert rows[0] == list(xlsx_readme.DICTIONARY_HEADER)
    entries = dictionary_rows(load_package(release))
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [(e.table, e.field, e.type) for e in entries]
    status = next(r for r in rows if r[:2] == ["offices", "status"])
    assert "closed: Closure ordered or officially confirmed" in status[7]


def test_header_is_frozen_and_filtered(release: Path) -> None:
    for name in [*RESOURCES, "dictionary"]:
        xml = sheet_xml(release, name)
        assert 'state="frozen"' in xml, name
        assert "<autoFilter " in xml, name


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_row(release: Path) -> None:
    path = workbook_path(release)
    for name in SHEET_ORDER:
        xml = sheet_xml(path, name)
        # Fit to 1 page wide (fitToWidth defaults to 1 and XlsxWriter writes only the
        # non-default fitToHeight="0": as many pages down as needed).
        assert '<pageSetUpPr fitToPage="1"/>' in xml, name
        setup = re.search(r"<pageSetup [^>]*/>", xml)
        assert setup, name
        assert 'orientation="landscape"' in setup.group(0), name
        assert 'fitToHeight="0"' in setup.group(0), name
        assert re.search(r'fitToWidth="(?!1")', setup.group(0)) is None, name
    workbook = zip_text(path, "xl/workbook.xml")
    titles = re.findall(
        r'<definedName name="_xlnm.Print_Titles" localSheetId="(\d+)">([^<]+)</definedName>',
        workbook,
    )
    assert sorted(int(i) for i, _ in titles) == list(range(len(SHEET_ORDER)))
    for index, area in titles:
        assert area.endswith("!$1:$1"), (index, area)


def _row_heights(xml: str) -> dict[int, float]:
    root = ElementTree.fromstring(xml)
    return {
        int(row.get("r", "0")): float(row.get("ht", "0"))
        for row in root.iter(f"{MAIN}row")
        if row.get("customHeight") == "1"
    }


def _column_widths(xml: str) -> dict[int, float]:
    root = ElementTree.fromstring(xml)
    widths = {}
    for col in root.iter(f"{MAIN}col"):
        for index in range(int(col.get("min", "0")), int(col.get("max", "0")) + 1):
            widths[index - 1] = float(col.get("width", "0"))
    return widths


def _lines_at_least(text: str, width: float) -> int:
    """A lower bound on the lines wrapped text needs: its explicit lines, each at most as many
    characters as the column is wide (a digit's width; letters are rarely wider)."""
    return sum(max(1, math.ceil(len(line) / width)) for line in text.split("\n"))


@pytest.mark.parametrize("name", ["README", "dictionary"])
def test_wrapped_cells_get_row_heights_that_fit_their_lines(release: Path, name: str) -> None:
    path = workbook_path(release)
    xml = sheet_xml(path, name)
    heights, widths = _row_heights(xml), _column_widths(xml)
    wrapped = wrap_styles(path)
    rows = sheet(path, name)
    tall = 0
    first = 3 if name == "README" else 2  # below the title or the header
    for number in range(first, len(rows) + 1):
        cells = [(col, text) for col, text in enumerate(rows[number - 1]) if text]
        if not cells:
            continue
        needed = max(_lines_at_least(str(text), widths[col]) for col, text in cells)
        # A row without an explicit height is one line (15 points) high.
        height = heights.get(number, 15.0)
        assert height >= min(xlsx_layout.EXCEL_MAX_ROW_HEIGHT, 15 * needed), (number, cells)
        tall += needed > 1
    assert tall >= 3  # the test sees multi-line cells (allowed values, long README values)
    by_ref = cells_xml(xml)
    value_column = "B" if name == "README" else "H"
    styled = [c.get("s") for ref, c in by_ref.items() if ref[0] == value_column and ref[1:] != "1"]
    assert styled and all(s in wrapped for s in styled)  # the header row aside, all wrap


def test_two_builds_are_byte_identical(planted_package: Path, tmp_path: Path) -> None:
    from officedata.release.export import export_format

    (first,) = export_format("xlsx", planted_package, tmp_path / "one")
    (second,) = export_format("xlsx", planted_package, tmp_path / "two")
    assert first.read_bytes() == second.read_bytes()
    core = zip_text(first, "docProps/core.xml")
    descriptor = json.loads((planted_package / "datapackage.json").read_text(encoding="utf-8"))
    assert f">{descriptor['created']}<" in core  # the release date, not the clock


def test_the_release_date_is_the_only_date_in_the_file(
    planted_package: Path, tmp_path: Path
) -> None:
    """Changing `created` changes the file (so the identity above is not vacuous)."""
    import shutil

    from officedata.release.export import export_format

    other = tmp_path / "package"
    shutil.copytree(planted_package, other)
    descriptor = json.loads((other / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["created"] = "2025-01-02T00:00:00Z"
    (other / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (first,) = export_format("xlsx", planted_package, tmp_path / "one")
    (second,) = export_format("xlsx", other, tmp_path / "two")
    assert first.read_bytes() != second.read_bytes()
    assert ">2025-01-02T00:00:00Z<" in zip_text(second, "docProps/core.xml")


# -- limits ------------------------------------------------------------------------------------


def test_too_many_rows_fail_before_any_file_is_written(tmp_path: Path) -> None:
    spec = Field("office_id", "string", "", "", {})
    table = pa.table({"office_id": pa.nulls(xlsx_limits.EXCEL_MAX_ROWS, pa.string())})
    path = tmp_path / "out.xlsx"
    with pytest.raises(ExportError, match=r"1,048,576 rows.*at most 1,048,575"):
        write(path, [xlsx_prepare.SheetSource("offices", table, [spec])])
    assert not path.exists()


def test_xlsx_export_leaves_no_file_when_it_fails(
    planted_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from officedata.release.export import export_format

    monkeypatch.setattr(xlsx_limits, "EXCEL_MAX_ROWS", 10)
    with pytest.raises(ExportError, match="table 'offices'"):
        export_format("xlsx", planted_package, tmp_path / "out")
    assert list((tmp_path / "out").rglob("*")) == []


def test_links_beyond_the_sheet_limit_become_text(
    planted_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from officedata.release.export import export_format

    monkeypatch.setattr(xlsx_limits, "EXCEL_MAX_LINKS_PER_SHEET", 2)
    (path,) = export_format("xlsx", planted_package, tmp_path)
    reports = sheet_xml(path, "reports")
    assert len(re.findall(r"<hyperlink ", reports)) == 2
    rows = sheet(path, "reports")
    url = rows[0].index("url")
    urls = [row["url"] for row in read_rows(planted_package / "data" / "reports.csv")]
    assert sorted(row[url] for row in rows[1:]) == sorted(urls)  # the rest still readable
    readme = sheet(path, "README")
    note = next(row[1] for row in readme if "URLs after that are plain text" in str(row))
    assert f"has {len(urls):,} URLs" in note


def test_an_over_long_cell_is_cut_visibly_and_listed(package: Path, tmp_path: Path) -> None:
    """A 40,000-character note (the schema allowing it) is cut to Excel's limit with a marker
    naming what is missing, and the README sheet lists the cell."""
    from officedata.release.export import export_format

    edit_schema(
        package,
        "offices",
        lambda schema: next(f for f in schema["fields"] if f["name"] == "notes")["constraints"].pop(
            "maxLength"
        ),
    )
    path_csv = package / "data" / "offices.csv"
    rows = read_rows(path_csv)
    long_note = "=" + "".join(f"word{i} " for i in range(6000))[: 40_000 - 1]
    assert len(long_note) == 40_000
    rows[2]["notes"] = long_note
    write_rows(path_csv, rows)
    (path,) = export_format("xlsx", package, tmp_path)

    offices = sheet(path, "offices")
    notes = offices[0].index("notes")
    office_id = rows[2]["office_id"]
    cell = next(row[notes] for row in offices if row[0] == office_id)
    marker = re.search(r" … \[cut: ([\d,]+) characters not shown; full text in [^\]]+\]$", cell)
    assert marker, cell[-200:]
    kept = cell[: marker.start()]
    assert long_note.startswith(kept)
    assert int(marker.group(1).replace(",", "")) == len(long_note) - len(kept)
    assert len(cell) <= xlsx_limits.EXCEL_MAX_CELL_CHARS
    assert len(cell) > xlsx_limits.EXCEL_MAX_CELL_CHARS - 200  # cut at the limit, not far before
    assert "data/offices.csv" in cell
    # Still text, not a formula, though it begins with '='.
    number = next(i for i, row in enumerate(offices, start=1) if row[0] == office_id)
    long_ref = f"{chr(ord('A') + notes)}{number}"
    assert cells_xml(sheet_xml(path, "offices"))[long_ref].get("s") in quote_prefix_styles(path)

    readme = {row[0]: row[1] for row in sheet(path, "README") if row and row[0]}
    assert f"offices!{long_ref}" in readme["Cut cells"]
    assert f"office_id {office_id}" in readme["Cut cells"]
    assert "40,000 characters" in readme["Cut cells"]


def test_astral_characters_count_twice_and_are_never_split(tmp_path: Path) -> None:
    spec = Field("notes", "string", "", "", {})
    table = pa.table({"notes": ["𠀀" * 20_000, "short"]})  # 40,000 UTF-16 units
    path = tmp_path / "out.xlsx"
    cuts = write(path, [xlsx_prepare.SheetSource("offices", table, [spec])])
    assert [(c.cell, c.length) for c in cuts] == [("A2", 20_000)]
    cell = sheet(path, "offices")[1][0]
    kept, _, marker = cell.partition(" … [cut: ")
    assert set(kept) == {"𠀀"}
    assert xlsx_limits.utf16_length(cell) <= xlsx_limits.EXCEL_MAX_CELL_CHARS
    assert marker.startswith(f"{20_000 - len(kept):,} characters not shown")


def test_a_cell_at_the_limit_is_not_cut(tmp_path: Path) -> None:
    spec = Field("notes", "string", "", "", {})
    text = "x" * xlsx_limits.EXCEL_MAX_CELL_CHARS
    path = tmp_path / "out.xlsx"
    assert write(path, [xlsx_prepare.SheetSource("t", pa.table({"notes": [text]}), [spec])]) == []
    assert sheet(path, "t")[1][0] == text


# -- cells, through the Arrow-facing functions ---------------------------------------------------


def write(
    path: Path, sources: Sequence[xlsx_prepare.SheetSource], title: str = "Test"
) -> list[xlsx_prepare.CutCell]:
    info = xlsx_readme.ReadmeInfo(
        title=title,
        version="1.0.0",
        released=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
        licence="CC-BY-4.0",
        how_to_cite="Someone (2026).",
        coverage="",
        about="",
        sources=[],
    )
    return xlsx.write_workbook(path, info, sources, [])


def test_a_formula_like_title_is_text(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write(path, [], title='=HYPERLINK("http://example.org","x")')
    assert sheet(path, "README")[0][0] == '=HYPERLINK("http://example.org","x")'
    cells = cells_xml(sheet_xml(path, "README", ["README", "dictionary"]))
    assert cells["A1"].get("s") in quote_prefix_styles(path)
    assert cells["A1"].find(f"{MAIN}f") is None


def test_every_type_round_trips(tmp_path: Path) -> None:
    fields = [
        Field("n", "number", "", "", {}),
        Field("i", "integer", "", "", {}),
        Field("b", "boolean", "", "", {}),
        Field("d", "date", "", "", {}),
        Field("s", "string", "", "", {"enum": ["a", "b"]}),
        Field("l", "list", "", "", {}, delimiter=";"),
        Field("li", "list", "", "", {}, delimiter=",", item_type="integer"),
    ]
    table = pa.table(
        {
            "n": pa.array([1.5, None, -0.25]),
            "i": pa.array([2**53 + 1, 7, None], pa.int64()),
            "b": pa.array([True, False, None]),
            "d": pa.array([dt.date(2024, 2, 29), None, dt.date(1999, 12, 31)], pa.date32()),
            "s": pa.array(["b", "a", None]).dictionary_encode(),
            "l": pa.array([["x", "y"], None, ["=z"]], pa.list_(pa.string())),
            "li": pa.array([[1, 2], [3], None], pa.list_(pa.int64())),
        }
    )
    path = tmp_path / "out.xlsx"
    write(path, [xlsx_prepare.SheetSource("t", table, fields)])
    rows = sheet(path, "t")
    assert rows[0] == ["n", "i", "b", "d", "s", "l", "li"]
    assert rows[1:] == [
        [1.5, str(2**53 + 1), True, dt.date(2024, 2, 29), "b", "x;y", "1,2"],
        ["", 7.0, False, "", "a", "", "3"],
        [-0.25, "", "", dt.date(1999, 12, 31), "", "=z", ""],
    ]
    assert all(type(v) is bool for v in (rows[1][2], rows[2][2]))
    cells = cells_xml(sheet_xml(path, "t", ["README", "t", "dictionary"]))
    assert cells["F4"].get("s") in quote_prefix_styles(path)  # "=z" list text is quoted


EDGE_NOTES = [
    '=HYPERLINK("http://example.org")',
    "+1",
    "@sum",
    "-2+3",
    "\tleading tab",
    " leading space",
    "trailing space ",
    "a & b < c > d",
    "_x0041_ looks like an Excel escape",
    "\u00a0no-break space first",
    "control\x01and\x1fcharacters",
    "<r>looks like rich text</r>",
    "<r><t>raw</t></r>",
    "line\nbreak",
    "中文 Ünïcödé 🙂",
]


def test_edge_text_reads_back_exactly(tmp_path: Path) -> None:
    spec = Field("notes", "string", "", "", {})
    path = tmp_path / "out.xlsx"
    write(path, [xlsx_prepare.SheetSource("t", pa.table({"notes": EDGE_NOTES}), [spec])])
    assert [row[0] for row in sheet(path, "t")[1:]] == EDGE_NOTES
    xml = sheet_xml(path, "t", ["README", "t", "dictionary"])
    assert "<f>" not in xml


def test_long_and_non_web_urls_are_text(tmp_path: Path) -> None:
    spec = Field("url", "string", "", "", {}, format="uri")
    long_url = "https://example.org/" + "a" * 2100
    values = ["https://example.org/ok", long_url, "ftp://example.org/x", "=1+1", None]
    path = tmp_path / "out.xlsx"
    write(path, [xlsx_prepare.SheetSource("t", pa.table({"url": values}), [spec])])
    assert [row[0] for row in sheet(path, "t")[1:]] == values[:4]  # the empty cell: no row
    xml = sheet_xml(path, "t", ["README", "t", "dictionary"])
    assert re.findall(r'<hyperlink ref="([A-Z]+\d+)"', xml) == ["A2"]
    assert cells_xml(xml)["A5"].get("s") in quote_prefix_styles(path)


def test_url_columns_of_a_sheet_share_its_link_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Links go to the first URLs in row order, across every URL column, then text."""
    monkeypatch.setattr(xlsx_limits, "EXCEL_MAX_LINKS_PER_SHEET", 3)
    fields = [Field(name, "string", "", "", {}, format="uri") for name in ("a", "b")]
    a = ["https://example.org/a1", "https://example.org/a2"]
    b = ["https://example.org/b1", "https://example.org/b2"]
    path = tmp_path / "out.xlsx"
    write(path, [xlsx_prepare.SheetSource("t", pa.table({"a": a, "b": b}), fields)])
    xml = sheet_xml(path, "t", ["README", "t", "dictionary"])
    assert re.findall(r'<hyperlink ref="([A-Z]+\d+)"', xml) == ["A2", "B2", "A3"]
    assert sheet(path, "t")[1:] == [[a[0], b[0]], [a[1], b[1]]]  # B3 still shows its URL
