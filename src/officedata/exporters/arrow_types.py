"""Table Schema field → Arrow type, and a validated table → typed Arrow columns.

The mapping (the one place it is written down): string → string; a string field with an `enum`
→ dictionary<int32, string> whose dictionary is the enum in schema order; a partial date
(`officedata:partialDate`) → string, never a date, so no month or day is invented (the field's
Arrow metadata says `officedata:partialDate = true`); date → date32; integer → int64; number →
float64; boolean → bool; list → list<string> (list<int64> for integer items). Empty cells are
nulls. Nothing here reads files or decides validity: values were checked before they get here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from officedata.package import Field, TableSchema

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


def arrow_type(spec: Field) -> pa.DataType:
    import pyarrow as pa

    if spec.type == "string":
        return pa.dictionary(pa.int32(), pa.string()) if spec.enum else pa.string()
    if spec.type == "integer":
        return pa.int64()
    if spec.type == "number":
        return pa.float64()
    if spec.type == "boolean":
        return pa.bool_()
    if spec.type == "date":
        return pa.date32()
    if spec.type == "list":
        return pa.list_(pa.int64() if spec.item_type == "integer" else pa.string())
    raise ValueError(f"unsupported type {spec.type!r}")  # package.py refuses these earlier


def field_metadata(spec: Field) -> dict[bytes, bytes]:
    """What a reader of the Arrow/Parquet file needs to know about a column, from the schema."""
    metadata = {
        "title": spec.title,
        "description": spec.description,
        "officedata:type": spec.type,
    }
    if spec.partial_date:
        metadata["officedata:partialDate"] = "true"
    if spec.type == "list":
        metadata["officedata:delimiter"] = spec.delimiter
    if spec.constraints:
        metadata["constraints"] = json.dumps(spec.constraints, ensure_ascii=False, sort_keys=True)
    if spec.enum_labels:
        metadata["categories"] = json.dumps(spec.enum_labels, ensure_ascii=False)
    return {key.encode(): value.encode() for key, value in metadata.items()}


def arrow_schema(schema: TableSchema) -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            pa.field(
                spec.name,
                arrow_type(spec),
                nullable=not spec.required,
                metadata=field_metadata(spec),
            )
            for spec in schema.fields
        ]
    )


def typed_arrow_table(schema: TableSchema, frame: pd.DataFrame, text: pa.Table) -> pa.Table:
    """Arrow columns typed per the schema, from the typed frame (and, for lists, the CSV text)."""
    import pyarrow as pa

    target = arrow_schema(schema)
    columns = [_column(spec, frame[spec.name], text.column(spec.name)) for spec in schema.fields]
    # Cast through the schema (nullability and metadata included); required columns hold no
    # nulls after validation, so the non-nullable fields are truthful.
    return pa.Table.from_arrays(columns, schema=target)


def _column(spec: Field, values: pd.Series, text: pa.ChunkedArray) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    text = text.combine_chunks() if text.num_chunks != 1 else text.chunk(0)
    if spec.type == "string":
        strings = text.cast(pa.string())
        if not spec.enum:
            return strings
        dictionary = pa.array([str(v) for v in spec.enum], type=pa.string())
        indices = pc.index_in(strings, value_set=dictionary).cast(pa.int32())
        return pa.DictionaryArray.from_arrays(indices, dictionary)
    if spec.type == "list":
        items = pc.split_pattern(text.cast(pa.string()), spec.delimiter)
        if spec.item_type == "integer":
            return items.cast(pa.list_(pa.int64()))
        return items
    if spec.type == "date":
        return pa.array(values, from_pandas=True).cast(pa.date32())
    return pa.array(values, type=arrow_type(spec), from_pandas=True)
