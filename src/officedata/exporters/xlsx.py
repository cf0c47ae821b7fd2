"""One Excel workbook, `officedata.xlsx`: a README sheet, one sheet per table, a dictionary sheet.

Written through XlsxWriter's public API only, in `constant_memory` mode, so the workbook is
never held in memory (pandas' `to_excel` cannot be used: in that mode it silently loses cells
not written in row order). This module puts the workbook together and adapts the exporter
interface to it; the parts are one job each:

- `xlsx_prepare`: each table's columns made ready with Arrow kernels (cell kind from the type
  registry, cell values, widths, the few special cells), over-long text cut, too many rows
  refused, all before the file is opened;
- `xlsx_cells`: the cells written, one public write method per column, text never a formula;
- `xlsx_readme`: the README and dictionary sheets;
- `xlsx_layout`: styles, widths, row heights, print setup;
- `xlsx_limits`: Excel's limits (rows, cell length, links, integers) and the text fitted to them.

Cells, by schema type: numbers and integers as numbers (an integer beyond ±2^53, which Excel's
doubles cannot hold exactly, as text), booleans as Excel booleans (TRUE/FALSE), full dates as
real dates, partial dates and lists as their CSV text, URL fields (`format: uri`) as hyperlinks
when they are http(s) (up to 65,530 a sheet, then text, which the README says).

Deterministic: document properties carry the release date, never the clock; XlsxWriter fixes
the zip member timestamps. XlsxWriter offers no knob for the zip's deflate level (level 6).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from officedata.exporters.base import Exporter, Output, release_date
from officedata.exporters.xlsx_cells import TextCells, write_data_sheet
from officedata.exporters.xlsx_prepare import CutCell, SheetSource, prepare_sheet
from officedata.exporters.xlsx_readme import (
    ReadmeInfo,
    write_dictionary_sheet,
    write_readme_sheet,
)
from officedata.schema.model import Package
from officedata.table.table import Table

if TYPE_CHECKING:
    import pyarrow as pa

    from officedata.documentation.dictionary import DictionaryRow

WORKBOOK_OPTIONS: dict[str, Any] = {
    "constant_memory": True,  # rows go to disk as written: memory does not grow with the rows
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": "yyyy-mm-dd",
}


def write_workbook(
    path: Path,
    info: ReadmeInfo,
    sources: Sequence[SheetSource],
    dictionary: Sequence[DictionaryRow],
    properties: Mapping[str, Any] | None = None,
) -> list[CutCell]:
    """Write the workbook: README, one sheet per source, the dictionary; return the cut cells.

    Every check that can refuse runs before the file is opened."""
    import xlsxwriter

    prepared = [prepare_sheet(source) for source in sources]
    workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    try:
        workbook.set_properties(
            {
                "title": info.title,
                **(properties or {}),
                "created": info.released.replace(tzinfo=None),
            }
        )
        text = TextCells(workbook)
        write_readme_sheet(workbook, text, info, prepared)
        for sheet in prepared:
            write_data_sheet(workbook, text, sheet)
        write_dictionary_sheet(workbook, text, dictionary)
    finally:
        workbook.close()
    return [cut for sheet in prepared for cut in sheet.cuts]


# -- the exporter: package and Tables in, the functions above called -------------------


def coverage_text(package: Package, typed: Mapping[str, pa.Table]) -> str:
    """The coverage line `officedata stats` and the README give, without its own label."""
    from officedata.analysis.stats import coverage
    from officedata.schema.domain import COUNTRIES as C
    from officedata.schema.domain import OFFICES as O
    from officedata.schema.domain import REPORTS as R

    if O.table not in typed or R.table not in typed:
        return ""
    offices = (
        typed[O.table]
        .select([O.first_report, O.country, O.city, O.precision, O.sources])
        .to_pandas()
    )
    reports = typed[R.table].select([R.id, R.stations_claimed, R.countries_claimed]).to_pandas()
    countries = (
        typed[C.table].select([C.iso2, C.kind, C.count]).to_pandas() if C.table in typed else None
    )
    line = coverage(package, offices, reports, countries).line()
    return line.removeprefix("Coverage:").strip()


def readme_info(package: Package, typed: Mapping[str, pa.Table]) -> ReadmeInfo:
    from officedata.release.citation import how_to_cite, licence

    released = release_date(package)
    sources = [
        str(source["title"])
        for source in package.descriptor.get("sources", [])
        if isinstance(source, dict) and source.get("title")
    ]
    return ReadmeInfo(
        title=package.title or package.name,
        version=package.version,
        released=released,
        licence=licence(package) or "see LICENSE-DATA",
        how_to_cite=how_to_cite(package, released),
        coverage=coverage_text(package, typed),
        about=str(package.descriptor.get("description", "")),
        sources=sources,
    )


def document_properties(package: Package) -> dict[str, str]:
    return {
        "subject": f"{package.name} {package.version}",
        "author": "; ".join(
            str(c.get("title", "")) for c in package.descriptor.get("contributors", [])
        ),
        "keywords": ", ".join(package.descriptor.get("keywords", [])),
        "comments": f"Generated by officedata from {package.name} {package.version}",
    }


def sheet_source(table: Table) -> SheetSource:
    resource = table.resource
    return SheetSource(
        name=resource.name,
        table=table.typed,
        fields=resource.schema.fields,
        title=resource.title,
        description=resource.description,
        key=tuple(resource.schema.primary_key),
        full_text_in=f"{resource.path} and parquet/{resource.name}.parquet",
    )


class XlsxExporter(Exporter):
    name = "xlsx"
    title = "Excel workbook (README, one sheet per table, data dictionary)"
    outputs = (
        Output(
            "officedata.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Every table in one workbook, with a README sheet and a data dictionary",
        ),
    )

    def write(self, package: Package, tables: Mapping[str, Table], out_dir: Path) -> list[Path]:
        from officedata.documentation.dictionary import dictionary_rows

        path = out_dir / self.outputs[0].path
        path.parent.mkdir(parents=True, exist_ok=True)
        typed = {name: table.typed for name, table in tables.items()}
        try:
            write_workbook(
                path,
                readme_info(package, typed),
                [sheet_source(table) for table in tables.values()],
                dictionary_rows(package),
                document_properties(package),
            )
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return [path]
