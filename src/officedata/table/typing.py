"""Text columns → typed pandas columns, driven by each field's Table Schema type.

Types: string → pandas string (pyarrow-backed), integer → Int64, number → Float64,
boolean → boolean (the schema's trueValues/falseValues only), date → datetime64 (day),
list → Arrow lists of items (pandas ArrowDtype; a cell reads as a Python list, empty as NA). Partial dates stay text: no day is ever invented.
A value that does not fit its type becomes a `type` failure and NA, so later rules skip it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from officedata.failures import Failure, preview
from officedata.schema.descriptor import Field, TableSchema
from officedata.table.csvfile import RawTable

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

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
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    failures: list[Failure] = []
    columns = {}
    bad_cells: set[tuple[int, str]] = set()
    # Key columns as one contiguous array: pyarrow parsed ~1 MB blocks, and hashing (unique,
    # duplicated) over hundreds of chunks costs several times more than one copy. Other
    # columns stay chunked (copying them all costs more than it saves). The raw table is
    # replaced, not kept beside the copy, so the text is held once.
    for spec in schema.fields:
        if spec.unique or spec.name in schema.primary_key:
            at = raw.columns.schema.get_field_index(spec.name)
            combined = raw.columns.column(at).combine_chunks()
            raw.columns = raw.columns.set_column(at, spec.name, pa.chunked_array([combined]))
    for spec in schema.fields:
        text = raw.columns.column(spec.name)
        typed, bad = convert_column(text, spec)
        columns[spec.name] = typed
        bad_rows = np.flatnonzero(bad)
        if len(bad_rows) == 0:
            continue
        for row, value in zip(bad_rows.tolist(), text.take(bad_rows).to_pylist(), strict=True):
            bad_cells.add((row, spec.name))
            failures.append(
                Failure(
                    file=raw.file,
                    line=raw.line_of(row),
                    column=raw.column_number(spec.name),
                    rule="type",
                    message=f"{preview(value)} is not a valid {describe_type(spec)}",
                    field=spec.name,
                    value=str(value),
                )
            )
    frame = pd.DataFrame(columns, index=pd.RangeIndex(raw.num_rows))
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


def convert_column(text: pa.ChunkedArray, spec: Field) -> tuple[pd.Series, np.ndarray]:
    """(typed column, mask of non-empty cells that do not fit the type).

    Whole columns are converted in Arrow; Python sees only the cells that fail.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    present = _mask(pc.is_valid(text))
    if spec.type == "string":
        return pd.Series(pd.StringDtype("pyarrow").__from_arrow__(text)), np.zeros(
            len(text), dtype=bool
        )
    if spec.type in ("integer", "number"):
        ok = _mask(
            pc.match_substring_regex(text, _whole(_INTEGER if spec.type == "integer" else _NUMBER))
        )
        dtype = pd.Int64Dtype() if spec.type == "integer" else pd.Float64Dtype()
        wanted = pa.int64() if spec.type == "integer" else pa.float64()
        try:
            numbers = pc.cast(pc.if_else(ok, text, pa.scalar(None, text.type)), wanted)
        except pa.ArrowInvalid:  # e.g. "+5" or an integer beyond int64: judge value by value
            values = pd.Series(text.to_pandas())
            if spec.type == "integer":
                # Out of the 64-bit range a value would silently wrap around: not the type.
                ok &= values.map(_fits_int64, na_action="ignore").fillna(False).to_numpy(bool)
            numbers = pa.array(pd.to_numeric(values.where(ok), errors="coerce").astype(dtype))
        if spec.type == "number":
            finite = _mask(pc.is_finite(numbers))  # 1e999 parses as infinity: not usable
            numbers = pc.if_else(finite, numbers, pa.scalar(None, pa.float64()))
            ok &= finite
        return pd.Series(dtype.__from_arrow__(numbers)), present & ~ok
    if spec.type == "boolean":
        truthy = _mask(pc.is_in(text, value_set=pa.array(spec.true_values, text.type)))
        falsy = _mask(pc.is_in(text, value_set=pa.array(spec.false_values, text.type)))
        values = pc.if_else(falsy, False, pc.if_else(truthy, True, pa.scalar(None, pa.bool_())))
        return pd.Series(pd.BooleanDtype().__from_arrow__(values)), present & ~(truthy | falsy)
    if spec.type == "date":
        strings = pd.Series(pd.StringDtype("pyarrow").__from_arrow__(text))
        shaped = strings.str.fullmatch(_DATE).fillna(False).astype(bool)
        typed = pd.to_datetime(strings.where(shaped), format="%Y-%m-%d", errors="coerce")
        return typed.astype("datetime64[s]"), present & typed.isna().to_numpy()
    if spec.type == "list":
        return split_list_column(text, spec)
    raise ValueError(f"unsupported type {spec.type!r}")  # package.py refuses these earlier


def split_list_column(text: pa.ChunkedArray, spec: Field) -> tuple[pd.Series, np.ndarray]:
    """Split 'a;b' into ['a', 'b']; an empty item ('a;;b', trailing ';') does not fit the type.

    The column holds Arrow lists (pandas ArrowDtype): each cell reads as a Python list, an
    empty cell as NA.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    lists = pc.split_pattern(text, spec.delimiter)
    items = pc.list_flatten(lists)
    owners = pc.list_parent_indices(lists).to_numpy()
    bad = np.zeros(len(text), dtype=bool)
    bad[owners[_mask(pc.equal(items, ""))]] = True
    if spec.item_type == "integer":
        digits = _mask(pc.match_substring_regex(items, r"^[+-]*[0-9]+$")) | _mask(
            pc.equal(items, "")
        )
        bad[owners[~digits]] = True
        python = [
            None if v is None or bad[row] else [int(i) for i in v if i]
            for row, v in enumerate(lists.to_pylist())
        ]
        lists = pa.array(python, type=pa.list_(pa.int64()))
    return pd.Series(pd.arrays.ArrowExtensionArray(lists)), bad


def _fits_int64(text: str) -> bool:
    try:
        return -(2**63) <= int(text) < 2**63
    except ValueError:
        return False


def _whole(pattern: str) -> str:
    return f"^(?:{pattern})$"


def _mask(values: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """A boolean Arrow column as a numpy mask, null counting as False."""
    import pyarrow.compute as pc

    return pc.fill_null(values, False).to_numpy(zero_copy_only=False)


def is_missing(value: object) -> bool:
    """True for an empty cell of a typed table (None, NaN, pd.NA); a list is never missing."""
    import pandas as pd

    if not pd.api.types.is_scalar(value):
        return False  # list cells (Python lists or arrays) are present even when empty
    return bool(pd.isna(value))
