"""A full `date` field becomes a real date: date32 in Parquet, a date cell in Excel."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from release_helpers import copy_package

from officedata.release.export import export_format


@pytest.fixture(scope="module")
def dated_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package with a synthetic full-date column `checked` added to reports (one empty)."""
    root = copy_package(tmp_path_factory.mktemp("dated") / "package")
    schema_path = root / "schemas" / "reports.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["fields"].append(
        {"name": "checked", "type": "date", "title": "Checked", "description": "Test only."}
    )
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    csv_path = root / "data" / "reports.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    dated = [lines[0] + ",checked", lines[1] + ","]
    dated += [line + ",2024-02-29" for line in lines[2:]]
    csv_path.write_text("\n".join(dated) + "\n", encoding="utf-8")
    return root


def test_parquet_stores_full_dates_as_date32(dated_package: Path, tmp_path: Path) -> None:
    (path,) = [p for p in export_format("parquet", dated_package, tmp_path) if "reports" in p.name]
    table = pq.read_table(path)
    assert table.schema.field("checked").type == pa.date32()
    values = table.column("checked").to_pylist()
    assert values[0] is None
    assert set(values[1:]) == {dt.date(2024, 2, 29)}


def test_excel_stores_full_dates_as_dates(dated_package: Path, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    (path,) = export_format("xlsx", dated_package, tmp_path)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("reports").to_python()
    column = rows[0].index("checked")
    assert rows[1][column] == ""
    assert {row[column] for row in rows[2:]} == {dt.date(2024, 2, 29)}
