"""A Table Schema → the Arrow schema a release carries, field metadata included.

Types come from the type registry (`release_type`): an enum is dictionary<int32, string> with
the enum in schema order as its dictionary; a partial date (`officedata:partialDate`) stays a
string, never a date, so no month or day is invented, and its metadata says so. Each field's
title, description, constraints and categories travel in its Arrow metadata, so a Parquet
reader sees what the column means without the descriptor.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from officedata.schema.model import Field, TableSchema
from officedata.schema.types import field_type

if TYPE_CHECKING:
    import pyarrow as pa


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
                field_type(spec).release_type(spec),
                nullable=not spec.required,
                metadata=field_metadata(spec),
            )
            for spec in schema.fields
        ]
    )
