"""Text columns → typed pandas columns, driven by each field's Table Schema type.

Types: string → pandas string (pyarrow-backed), integer → Int64, number → Float64,
boolean → boolean (the schema's trueValues/falseValues only), date → datetime64 (day),
list → Python lists of items. Partial dates stay text: no day is ever invented.
A value that does not fit its type becomes a `type` failure and NA, so later rules skip it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from officedata.csvfile import RawTable
from officedata.failures import Failure, preview
from officedata.package import Field, TableSchema

if TYPE_CHECKING:
    import pandas as pd

_INTEGER = r"[+-]?[0-9]+"
_NUMBER = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


@dataclass
class TypedTable:
    """A typed frame (index = data row number from 0) and the cells that failed typing."""

    raw: RawTable
    frame: pd.DataFrame
    bad_cells: set[tuple[int, str]] = field(default_factory=set)


def type_table(raw: RawTable, schema: TableSchema) -> tuple[TypedTable, list[Failure]]:
    import pandas as pd

    failures: list[Failure] = []
    columns = {}
    bad_cells: set[tuple[int, str]] = set()
    for spec in schema.fields:
        text = raw.columns.column(spec.name).to_pandas(types_mapper=pd.ArrowDtype)
        text = text.astype("string[pyarrow]")
        typed, bad = convert_column(text, spec)
        columns[spec.name] = typed
        for row in bad[bad].index:
            bad_cells.add((int(row), spec.name))
            failures.append(
                Failure(
                    file=raw.file,
                    line=raw.line_of(int(row)),
                    column=raw.column_number(spec.name),
                    rule="type",
                    message=f"{preview(text[row])} is not a valid {describe_type(spec)}",
                    field=spec.name,
                    value=str(text[row]),
                )
            )
    frame = pd.DataFrame(columns)
    return TypedTable(raw=raw, frame=frame, bad_cells=bad_cells), failures


def describe_type(spec: Field) -> str:
    if spec.type == "boolean":
        return f"boolean ({' or '.join(spec.true_values[:1] + spec.false_values[:1])})"
    if spec.type == "date":
        return "date (YYYY-MM-DD)"
    if spec.type == "integer":
        return "integer (whole number of at most 18 digits)"
    if spec.type == "number":
        return "number (finite, e.g. 52.37403)"
    if spec.type == "list":
        return f"list of {spec.item_type}s separated by '{spec.delimiter}'"
    return spec.type


def convert_column(text: pd.Series, spec: Field) -> tuple[pd.Series, pd.Series]:
    """(typed column, mask of non-empty cells that do not fit the type)."""
    import pandas as pd

    present = text.notna()
    if spec.type == "string":
        return text, pd.Series(False, index=text.index)
    if spec.type == "integer":
        ok = text.str.fullmatch(_INTEGER).fillna(False).astype(bool)
        # Out of the 64-bit range a value would silently wrap around; it does not fit the type.
        ok &= text.map(_fits_int64, na_action="ignore").fillna(False).astype(bool)
        typed = pd.to_numeric(text.where(ok), errors="coerce").astype("Int64")
        return typed, present & ~ok
    if spec.type == "number":
        ok = text.str.fullmatch(_NUMBER).fillna(False).astype(bool)
        typed = pd.to_numeric(text.where(ok), errors="coerce").astype("Float64")
        finite = typed.abs() < float("inf")  # 1e999 parses as infinity: not a usable number
        typed = typed.where(finite.fillna(False).astype(bool))
        return typed, present & ~(ok & finite.fillna(False).astype(bool))
    if spec.type == "boolean":
        truthy = text.isin(spec.true_values).fillna(False).astype(bool)
        falsy = text.isin(spec.false_values).fillna(False).astype(bool)
        typed = pd.Series(pd.NA, index=text.index, dtype="boolean")
        typed[truthy] = True
        typed[falsy] = False
        return typed, present & ~(truthy | falsy)
    if spec.type == "date":
        shaped = text.str.fullmatch(_DATE).fillna(False).astype(bool)
        typed = pd.to_datetime(text.where(shaped), format="%Y-%m-%d", errors="coerce")
        return typed.astype("datetime64[s]"), present & typed.isna()
    if spec.type == "list":
        return split_list_column(text, spec)
    raise ValueError(f"unsupported type {spec.type!r}")  # package.py refuses these earlier


def _fits_int64(text: str) -> bool:
    try:
        return -(2**63) <= int(text) < 2**63
    except ValueError:
        return False


def split_list_column(text: pd.Series, spec: Field) -> tuple[pd.Series, pd.Series]:
    """Split 'a;b' into ['a', 'b']; an empty item ('a;;b', trailing ';') does not fit the type."""
    import pandas as pd

    items = text.astype(object).where(text.notna(), None)
    lists = pd.Series(
        [None if value is None else value.split(spec.delimiter) for value in items],
        index=text.index,
        dtype=object,
    )
    bad = pd.Series([v is not None and "" in v for v in lists], index=text.index)
    if spec.item_type == "integer":
        bad |= pd.Series(
            [v is not None and not all(i.lstrip("+-").isdigit() for i in v if i) for v in lists],
            index=text.index,
        )
        lists = lists.map(lambda v: None if v is None else [int(i) for i in v if i])
    return lists, bad
