"""The type registry: one class per Table Schema field type, owning everything a type decides.

Each class says, for its type: how a column of CSV text is parsed (and which cells do not fit),
the words a failure and the data dictionary use for it, the pandas dtype of the typed view (the
one the loader serves), the Arrow type and column a release carries, the kind of Excel cell and of
SQLite column it becomes, and the label diff compares when a field is retyped. Adding a type is
adding one class here and listing it in `FIELD_TYPES`; nothing else dispatches on `field.type`.

Parsing works on whole Arrow columns; Python sees only the cells that fail. Nothing here reads
files, and pandas, numpy and pyarrow are imported only when a column is handled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from officedata.table.arrow_numpy import (
    bool_array,
    bool_scalar,
    float_array,
    index_array,
    integers,
    mask,
    null_scalar,
    string_array,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from officedata.schema.model import Field

_INTEGER = r"[+-]?[0-9]+"
_NUMBER = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

# The shape of a typed column: values (Arrow) and a mask of non-empty cells that did not fit.
Parsed = tuple["pa.ChunkedArray | pa.Array", "np.ndarray"]


class FieldType:
    """What a Table Schema type means to officedata. Subclasses override what differs."""

    name: ClassVar[str]
    excel_kind: ClassVar[str] = "text"  # text, url, integer, number, boolean, date or list
    sqlite_type: ClassVar[str] = "TEXT"

    def excel_cell(self, spec: Field) -> str:
        """The kind of Excel cell a value of this field is written as."""
        return self.excel_kind

    def describe(self, spec: Field) -> str:
        """The type in words, as a failure message names what a value should have been."""
        return self.name

    def in_words(self, spec: Field) -> str:
        """The type in words for the data dictionary."""
        if spec.partial_date:
            return "partial date (YYYY, YYYY-MM or YYYY-MM-DD)"
        return self.describe(spec)

    def label(self, spec: Field) -> str:
        """What diff compares to tell that a field was retyped."""
        return self.name

    def parse(self, text: pa.ChunkedArray, spec: Field) -> Parsed:
        raise NotImplementedError

    def arrow_type(self, spec: Field) -> pa.DataType:
        """The Arrow type of the values `parse` returns (the validation view)."""
        raise NotImplementedError

    def release_type(self, spec: Field) -> pa.DataType:
        """The Arrow type a release (Parquet, loaders) carries; the value type unless overridden."""
        return self.arrow_type(spec)

    def to_release(self, values: pa.ChunkedArray, spec: Field) -> pa.ChunkedArray:
        return values

    def pandas_dtype(self, spec: Field) -> object:
        import pandas as pd

        return pd.ArrowDtype(self.arrow_type(spec))

    def to_pandas(self, values: pa.ChunkedArray, spec: Field) -> pd.Series:
        import pandas as pd

        return pd.Series(pd.arrays.ArrowExtensionArray(values))


class StringType(FieldType):
    name = "string"

    def describe(self, spec: Field) -> str:
        return "string (URL)" if spec.format == "uri" else "string"

    def excel_cell(self, spec: Field) -> str:
        return "url" if spec.format == "uri" else "text"

    def parse(self, text: pa.ChunkedArray, spec: Field) -> Parsed:
        import numpy as np

        return text, np.zeros(len(text), dtype=bool)

    def arrow_type(self, spec: Field) -> pa.DataType:
        import pyarrow as pa

        return pa.string()

    def release_type(self, spec: Field) -> pa.DataType:
        import pyarrow as pa

        # An enum is dictionary-encoded with the schema's values, in the schema's order.
        return pa.dictionary(pa.int32(), pa.string()) if spec.enum else pa.string()

    def to_release(self, values: pa.ChunkedArray, spec: Field) -> pa.ChunkedArray:
        import pyarrow as pa
        import pyarrow.compute as pc

        strings = values.cast(pa.string())
        if not spec.enum:
            return strings
        dictionary = pa.array([str(v) for v in spec.enum], type=pa.string())
        # Chunk by chunk, as parsed: combining would copy the whole column.
        return pa.chunked_array(
            [
                pa.DictionaryArray.from_arrays(
                    pc.index_in(chunk, value_set=dictionary).cast(pa.int32()), dictionary
                )
                for chunk in strings.chunks
            ],
            type=self.release_type(spec),
        )

    def pandas_dtype(self, spec: Field) -> object:
        return "string[pyarrow]"

    def to_pandas(self, values: pa.ChunkedArray, spec: Field) -> pd.Series:
        import pandas as pd

        return pd.Series(pd.StringDtype("pyarrow").__from_arrow__(values))


class _NumericType(FieldType):
    pattern: ClassVar[str]
    sqlite_type = "REAL"

    def parse(self, text: pa.ChunkedArray, spec: Field) -> Parsed:
        import pyarrow as pa
        import pyarrow.compute as pc

        present = mask(pc.is_valid(text))
        ok = mask(pc.match_substring_regex(text, f"^(?:{self.pattern})$"))
        wanted = self.arrow_type(spec)
        try:
            numbers = pc.cast(pc.if_else(bool_array(ok), text, null_scalar(text.type)), wanted)
        except pa.ArrowInvalid:  # e.g. "+5" or an integer beyond int64: judge value by value
            numbers, ok = self._each(text, ok)
        numbers, ok = self.finish(numbers, ok)
        return numbers, present & ~ok

    def _each(self, text: pa.ChunkedArray, ok: np.ndarray) -> tuple[pa.Array, np.ndarray]:
        """The values Arrow's cast refused, converted one at a time in Python (rare: a leading
        '+', or an integer beyond 64 bits); `ok` loses the values that do not fit."""
        import numpy as np
        import pyarrow.compute as pc

        converted = [
            self.from_text(value) if fits and value is not None else None
            for value, fits in zip(text.to_pylist(), ok.tolist(), strict=True)
        ]
        ok = ok & np.array([value is not None for value in converted], dtype=bool)
        numbers = self.numbers([0 if value is None else value for value in converted])
        return pc.if_else(bool_array(ok), numbers, null_scalar(numbers.type)), ok

    def from_text(self, text: str) -> int | float | None:
        """One value of the type's pattern as Python reads it; None where it does not fit."""
        raise NotImplementedError

    def numbers(self, values: list[int | float]) -> pa.Array:
        """Python numbers as an Arrow array of the type (no nulls)."""
        raise NotImplementedError

    def finish(self, numbers: pa.Array, ok: np.ndarray) -> tuple[pa.Array, np.ndarray]:
        return numbers, ok


class IntegerType(_NumericType):
    name = "integer"
    pattern = _INTEGER
    excel_kind = "integer"
    sqlite_type = "INTEGER"

    def describe(self, spec: Field) -> str:
        return "integer (whole number of at most 18 digits)"

    def in_words(self, spec: Field) -> str:
        return "integer"

    def arrow_type(self, spec: Field) -> pa.DataType:
        import pyarrow as pa

        return pa.int64()

    def from_text(self, text: str) -> int | None:
        # Out of the 64-bit range a value would silently wrap around: not the type.
        value = int(text)
        return value if -(2**63) <= value < 2**63 else None

    def numbers(self, values: list[int | float]) -> pa.Array:
        import numpy as np

        return index_array(np.array(values, dtype=np.int64))

    def pandas_dtype(self, spec: Field) -> object:
        return "Int64"

    def to_pandas(self, values: pa.ChunkedArray, spec: Field) -> pd.Series:
        import pandas as pd

        return pd.Series(pd.Int64Dtype().__from_arrow__(values))


class NumberType(_NumericType):
    name = "number"
    pattern = _NUMBER
    excel_kind = "number"

    def describe(self, spec: Field) -> str:
        return "number (finite, e.g. 52.37403)"

    def in_words(self, spec: Field) -> str:
        return "number"

    def arrow_type(self, spec: Field) -> pa.DataType:
        import pyarrow as pa

        return pa.float64()

    def from_text(self, text: str) -> float:
        return float(text)

    def numbers(self, values: list[int | float]) -> pa.Array:
        return float_array([float(value) for value in values])

    def finish(self, numbers: pa.Array, ok: np.ndarray) -> tuple[pa.Array, np.ndarray]:
        import pyarrow as pa
        import pyarrow.compute as pc

        finite = mask(pc.is_finite(numbers))  # 1e999 parses as infinity: not usable
        kept = pc.if_else(bool_array(finite), numbers, null_scalar(pa.float64()))
        return kept, ok & finite

    def pandas_dtype(self, spec: Field) -> object:
        return "Float64"

    def to_pandas(self, values: pa.ChunkedArray, spec: Field) -> pd.Series:
        import pandas as pd

        return pd.Series(pd.Float64Dtype().__from_arrow__(values))


class BooleanType(FieldType):
    name = "boolean"
    excel_kind = "boolean"
    sqlite_type = "INTEGER"

    def describe(self, spec: Field) -> str:
        return f"boolean ({' or '.join(spec.true_values[:1] + spec.false_values[:1])})"

    def parse(self, text: pa.ChunkedArray, spec: Field) -> Parsed:
        import pyarrow as pa
        import pyarrow.compute as pc

        present = mask(pc.is_valid(text))
        truthy = mask(pc.is_in(text, value_set=string_array(spec.true_values)))
        falsy = mask(pc.is_in(text, value_set=string_array(spec.false_values)))
        true, false = bool_scalar(True), bool_scalar(False)
        values = pc.if_else(
            bool_array(falsy),
            false,
            pc.if_else(bool_array(truthy), true, null_scalar(pa.bool_())),
        )
        return values, present & ~(truthy | falsy)

    def arrow_type(self, spec: Field) -> pa.DataType:
        import pyarrow as pa

        return pa.bool_()

    def pandas_dtype(self, spec: Field) -> object:
        return "boolean"

    def to_pandas(self, values: pa.ChunkedArray, spec: Field) -> pd.Series:
        import pandas as pd

        return pd.Series(pd.BooleanDtype().__from_arrow__(values))


class DateType(FieldType):
    name = "date"
    excel_kind = "date"

    def describe(self, spec: Field) -> str:
        return "date (YYYY-MM-DD)"

    def parse(self, text: pa.ChunkedArray, spec: Field) -> Parsed:
        import pyarrow as pa
        import pyarrow.compute as pc

        present = mask(pc.is_valid(text))
        shaped = pc.match_substring_regex(text, f"^{_DATE}$")
        candidates = pc.if_else(shaped, text, null_scalar(text.type))
        stamps = pc.strptime(candidates, format="%Y-%m-%d", unit="s", error_is_null=True)
        # strptime rolls 2022-02-30 over to 2022-03-02: a real date prints back as its text.
        # Year 0 does not exist (Python's date, which readers of the release use, refuses it).
        real = mask(pc.equal(pc.strftime(stamps, format="%Y-%m-%d"), candidates)) & mask(
            pc.greater_equal(candidates, string_array(["0001-01-01"])[0])
        )
        values = pc.if_else(bool_array(real), stamps.cast(pa.date32()), null_scalar(pa.date32()))
        return values, present & ~real

    def arrow_type(self, spec: Field) -> pa.DataType:
        import pyarrow as pa

        return pa.date32()

    def pandas_dtype(self, spec: Field) -> object:
        return "datetime64[s]"

    def to_pandas(self, values: pa.ChunkedArray, spec: Field) -> pd.Series:
        import pandas as pd

        return pd.Series(values.to_pandas(date_as_object=False)).astype("datetime64[s]")


class ListType(FieldType):
    """'a;b' → ['a', 'b'] (the field's delimiter); an empty item ('a;;b') does not fit."""

    name = "list"
    excel_kind = "list"

    def describe(self, spec: Field) -> str:
        return f"list of {spec.item_type}s separated by '{spec.delimiter}'"

    def label(self, spec: Field) -> str:
        return f"list of {spec.item_type}"

    def parse(self, text: pa.ChunkedArray, spec: Field) -> Parsed:
        import numpy as np
        import pyarrow.compute as pc

        lists = pc.split_pattern(text, spec.delimiter)
        items = pc.list_flatten(lists)
        owners = integers(pc.list_parent_indices(lists))
        bad: np.ndarray = np.zeros(len(text), dtype=bool)
        empty = string_array([""])[0]
        bad[owners[mask(pc.equal(items, empty))]] = True
        if spec.item_type == "integer":
            # Each item is an integer exactly as an integer field's cell is; a list holding an
            # item that is not becomes a null, as any cell that does not fit its type.
            numbers, bad_items = FIELD_TYPES["integer"].parse(items, spec)
            bad[owners[bad_items]] = True
            lists = _lists_of(lists, numbers, owners, bad)
        return lists, bad

    def arrow_type(self, spec: Field) -> pa.DataType:
        import pyarrow as pa

        return pa.list_(pa.int64() if spec.item_type == "integer" else pa.string())


FIELD_TYPES: dict[str, FieldType] = {
    kind.name: kind
    for kind in (StringType(), IntegerType(), NumberType(), BooleanType(), DateType(), ListType())
}
LIST_ITEM_TYPES = frozenset({"string", "integer"})


def _lists_of(
    lists: pa.ChunkedArray,
    items: pa.ChunkedArray | pa.Array,
    owners: np.ndarray,
    dropped: np.ndarray,
) -> pa.Array:
    """Lists shaped as `lists` holding `items` (their flattened values, retyped; `owners`: the
    list each item belongs to); a null where a list is null or `dropped`."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    absent = dropped | ~mask(pc.is_valid(lists))
    offsets: np.ndarray = np.zeros(len(lists) + 1, dtype=np.int32)
    np.cumsum(np.bincount(owners, minlength=len(lists)), out=offsets[1:])
    values = items.combine_chunks() if isinstance(items, pa.ChunkedArray) else items
    return pa.ListArray.from_arrays(
        pa.Array.from_buffers(pa.int32(), len(offsets), [None, pa.py_buffer(offsets.tobytes())]),
        values,
        mask=bool_array(absent),
    )


def field_type(spec: Field) -> FieldType:
    """The registered type of a field (the descriptor reader refuses unknown types)."""
    return FIELD_TYPES[spec.type]
