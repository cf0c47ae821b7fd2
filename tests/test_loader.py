"""officedata.load / load_all / describe: typed tables for consumers, straight from the schemas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import officedata
from officedata.schema.descriptor import load_package

REPO = Path(__file__).resolve().parent.parent


PACKAGE = load_package(REPO)


def test_import_does_no_io_and_imports_no_pandas():
    code = (
        "import sys, builtins\n"
        "opened = []\n"
        "real_open = builtins.open\n"
        "builtins.open = lambda *a, **k: (opened.append(a[0]), real_open(*a, **k))[1]\n"
        "import officedata\n"
        "heavy = [m for m in ('pandas', 'pyarrow', 'pandera', 'matplotlib') if m in sys.modules]\n"
        "print(heavy, [p for p in opened if 'datapackage' in str(p) or str(p).endswith('.csv')])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO / "src"
    )
    assert result.stdout.strip() == "[] []"


def test_load_all_returns_every_resource_with_every_row():
    tables = officedata.load_all()
    assert list(tables) == PACKAGE.resource_names
    for resource in PACKAGE.resources:
        data_rows = (REPO / resource.path).read_text(encoding="utf-8").count("\n") - 1
        assert len(tables[resource.name]) == data_rows
        derived = ("_earliest", "_latest")
        columns = [c for c in tables[resource.name].columns if not c.endswith(derived)]
        assert columns == resource.schema.field_names


def test_enums_are_categoricals_with_the_schema_categories_in_order():
    offices = officedata.load("offices")
    status = PACKAGE.resource("offices").schema.field("status")
    assert isinstance(offices["status"].dtype, pd.CategoricalDtype)
    assert list(offices["status"].cat.categories) == status.enum
    assert offices["status"].notna().all()


def test_column_types_follow_the_schema():
    offices = officedata.load("offices")
    assert offices["geonames_id"].dtype == "Int64"
    assert offices["latitude"].dtype == "Float64"
    assert offices["disputed"].dtype == "boolean"
    assert offices["office_id"].dtype == "string"
    # Partial dates stay text: a day is never invented.
    assert offices["status_date"].dtype == "string"
    assert all(isinstance(v, list) and v for v in offices["sources"])


def test_values_match_the_csv_text(package: Path):
    csv = package / "data" / "reports.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    first = next(line for line in lines[1:] if line.startswith("sd-110-overseas,"))
    reports = officedata.load("reports", path=package).set_index("report_id")
    row = reports.loc["sd-110-overseas"]
    assert row["stations_claimed"] == int(first.split(",")[header.index("stations_claimed")])
    assert row["published"] == first.split(",")[header.index("published")]


def test_path_loads_another_package_folder(package: Path):
    csv = package / "data" / "offices.csv"
    text = csv.read_text(encoding="utf-8").replace(",Dublin,", ",Cork,", 1)
    csv.write_text(text, encoding="utf-8")
    offices = officedata.load("offices", path=package)
    assert "Cork" in set(offices["city"])
    assert "Cork" not in set(officedata.load("offices")["city"])


def test_unknown_table_names_the_tables_there_are():
    with pytest.raises(KeyError, match="offices, countries, reports, responses"):
        officedata.load("stations")


def test_a_cell_that_does_not_fit_its_type_is_refused_with_its_line(package: Path):
    csv = package / "data" / "offices.csv"
    lines = csv.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(",false,", ",maybe,", 1).replace(",true,", ",maybe,", 1)
    csv.write_text("\n".join(lines), encoding="utf-8")
    from helpers import char_column

    column = char_column(csv, 3, "disputed")
    with pytest.raises(officedata.LoadError, match=rf"data/offices.csv:3:{column}: 'maybe'"):
        officedata.load("offices", path=package)


def test_a_missing_package_is_a_load_error(tmp_path: Path):
    with pytest.raises(officedata.LoadError, match=r"datapackage\.json does not exist"):
        officedata.load("offices", path=tmp_path)


def test_describe_lists_every_field_with_type_and_description_from_the_schema():
    for resource in PACKAGE.resources:
        described = officedata.describe(resource.name)
        assert list(described["field"]) == resource.schema.field_names
        for spec, (_, row) in zip(resource.schema.fields, described.iterrows(), strict=True):
            assert row["description"] == spec.description
            assert row["required"] == spec.required
    status = officedata.describe("offices").set_index("field").loc["status"]
    assert "closed: Closure ordered or officially confirmed" in status["values"]


def test_version_comes_from_the_descriptor():
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert officedata.__version__ == descriptor["version"]
