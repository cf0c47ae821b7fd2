"""The floor for the Excel export: XlsxWriter's cheapest public path over the same cells.

    python bench/xlsx_floor.py PACKAGE OUT.xlsx

Every CSV of the package becomes a sheet; every non-empty cell is written as text with
`write_string` in `constant_memory` mode (what `officedata export xlsx` uses, without its
types, styles, links, README or dictionary). What this costs is what XlsxWriter itself costs for
the cells: no exporter built on its public API can be cheaper.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import xlsxwriter


def schema_fields(package: Path, resource: dict) -> list[dict]:
    schema = resource["schema"]
    if isinstance(schema, str):
        schema = json.loads((package / schema).read_text(encoding="utf-8"))
    return list(schema["fields"])


def main() -> None:
    package, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    workbook = xlsxwriter.Workbook(
        str(out), {"constant_memory": True, "strings_to_urls": False, "strings_to_numbers": False}
    )
    for resource in descriptor["resources"]:
        path = package / resource["path"]
        names = [field["name"] for field in schema_fields(package, resource)]
        table = pacsv.read_csv(
            path,
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True
            ),
        )
        sheet = workbook.add_worksheet(resource["name"][:31])
        write = sheet.write_string
        for col, name in enumerate(table.column_names):
            write(0, col, name)
        columns = [table.column(name).to_pylist() for name in table.column_names]
        for row, cells in enumerate(zip(*columns, strict=True), start=1):
            for col, value in enumerate(cells):
                if value is not None:
                    write(row, col, value)
    workbook.close()


if __name__ == "__main__":
    main()
