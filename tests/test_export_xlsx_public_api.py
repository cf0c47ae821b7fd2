"""The Excel exporter keeps to XlsxWriter's public API and to small modules, so a new XlsxWriter
release needs no pin: no private attribute, method or module of XlsxWriter is touched.

The scan is stricter than "private attributes of XlsxWriter objects": the exporter's modules
access no `_name` attribute of any object (which objects are XlsxWriter's cannot be told from
the syntax alone, and the exporter has no reason to reach into anything's private state).
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from officedata.errors import ExportError
from officedata.exporters import xlsx_cells
from officedata.schema.model import Field
from officedata.schema.types import FIELD_TYPES, field_type

EXPORTERS = Path(xlsx_cells.__file__).parent
MODULES = sorted(EXPORTERS.glob("xlsx*.py"))
ROOT = EXPORTERS.parents[2]


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(source: str) -> list[str]:
    """Every use of a private name in the source: `x._attr`, getattr/setattr/hasattr with a
    "_name" string, `from xlsxwriter… import _name`, and any private xlsxwriter module."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            found.append(f"line {node.lineno}: .{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
        ):
            found.append(f"line {node.lineno}: {node.func.id}(…, {node.args[1].value!r})")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("xlsxwriter"):
            parts = (node.module or "").split(".")
            found += [f"line {node.lineno}: module {node.module}" for p in parts if _private(p)]
            found += [f"line {node.lineno}: {a.name}" for a in node.names if _private(a.name)]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("xlsxwriter") and any(
                    _private(part) for part in alias.name.split(".")
                ):
                    found.append(f"line {node.lineno}: module {alias.name}")
    return found


def test_the_scan_finds_private_uses() -> None:
    """The scan below is not vacuous: each kind of private use it looks for is found."""
    planted = "\n".join(
        [
            "from xlsxwriter.worksheet import convert_cell_args, _helper",
            "import xlsxwriter._private",
            "sheet._write_single_row(3)",
            "index = cell_format._get_xf_index()",
            "handle = getattr(sheet, '_fh')",
            "name = sheet.__class__.__name__",  # dunders are not private state
        ]
    )
    found = private_uses(planted)
    assert len(found) == 5, found
    assert any("_write_single_row" in f for f in found)
    assert any("_get_xf_index" in f for f in found)
    assert any("'_fh'" in f for f in found)
    assert any("_helper" in f for f in found)
    assert any("xlsxwriter._private" in f for f in found)


def test_the_modules_are_the_exporter() -> None:
    names = {path.stem for path in MODULES}
    assert {"xlsx", "xlsx_cells", "xlsx_prepare", "xlsx_readme", "xlsx_layout"} <= names


@pytest.mark.parametrize("module", MODULES, ids=lambda path: path.stem)
def test_no_private_attribute_is_touched(module: Path) -> None:
    assert private_uses(module.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("module", MODULES, ids=lambda path: path.stem)
def test_each_module_is_small(module: Path) -> None:
    lines = module.read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{module.name} has {lines} lines"


def test_xlsxwriter_is_not_pinned_to_old_versions() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = [
        d
        for group in [
            project["project"]["dependencies"],
            *project["project"]["optional-dependencies"].values(),
        ]
        for d in group
        if d.startswith("xlsxwriter")
    ]
    assert requirements, "xlsxwriter is required by no dependency group"
    for requirement in requirements:
        assert not re.search(r"<|==|~=|!=", requirement), requirement


def test_every_registered_excel_cell_kind_has_a_writer(tmp_path: Path) -> None:
    """A type whose excel_cell names a kind no writer handles fails loudly, not as wrong cells."""
    import xlsxwriter

    specs = [Field("f", name, "", "", {}) for name in FIELD_TYPES]
    specs.append(Field("u", "string", "", "", {}, format="uri"))
    workbook = xlsxwriter.Workbook(str(tmp_path / "kinds.xlsx"), {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet()
        links = xlsx_cells.LinkWriter(sheet)
        kinds = {field_type(spec).excel_cell(spec) for spec in specs}
        assert {"url", "boolean", "date"} <= kinds
        for kind in kinds:
            assert callable(xlsx_cells.column_writer(sheet, kind, links))
        with pytest.raises(ExportError, match="no Excel cell writer"):
            xlsx_cells.column_writer(sheet, "hologram", links)
    finally:
        workbook.close()
