"""The offices as one GeoJSON FeatureCollection (RFC 7946), `offices.geojson`.

Each office is a Feature: `id` = office_id; geometry a Point `[longitude, latitude]` rounded to
6 decimal places (about 0.1 m; WGS 84, so no `crs` member), or `null` when the office has no
coordinates; properties = every office field in schema order (typed: numbers, booleans, lists
as arrays, empty cells as null) plus `country_name`, `first_report_title` and
`first_report_url` looked up from the countries and reports tables.

The text is assembled column by column with Arrow string kernels instead of one Python dict
per feature, so a million offices take seconds, not a minute. Strings are JSON-escaped the same
way: backslash and quote vectorised; the rare value holding a control character goes through
`json.dumps`. Output is UTF-8 (non-ASCII kept as is), one feature per line, in office_id
order. Rows are rendered in blocks on all cores and streamed to the file, so memory stays
bounded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from officedata.errors import ExportError
from officedata.exporters.base import Exporter, Output, require_tables
from officedata.parallel import rendered_in_order
from officedata.schema.domain import COUNTRIES as C
from officedata.schema.domain import OFFICES as O
from officedata.schema.domain import REPORTS as R
from officedata.schema.model import Package
from officedata.table.table import Table

if TYPE_CHECKING:
    import pyarrow as pa

COORDINATE_DECIMALS = 6
ROWS_PER_BLOCK = 1 << 16
EXTRA_PROPERTIES = ("country_name", "first_report_title", "first_report_url")
_CONTROL_CHARACTER = r"[\x00-\x1f]"


def json_string_literals(values: pa.Array) -> pa.Array:
    """Each string → its JSON literal (quoted, escaped); null → null."""
    import pyarrow as pa
    import pyarrow.compute as pc

    strings = values.cast(pa.string())
    escaped = pc.replace_substring(strings, "\\", "\\\\")
    escaped = pc.replace_substring(escaped, '"', '\\"')
    literals = pc.binary_join_element_wise('"', escaped, '"', "")
    needs_full_escape = pc.fill_null(pc.match_substring_regex(strings, _CONTROL_CHARACTER), False)
    if pc.any(needs_full_escape).as_py():
        rare = pc.filter(strings, needs_full_escape).to_pylist()
        replacements = pa.array([json.dumps(text, ensure_ascii=False) for text in rare])
        literals = pc.replace_with_mask(literals, needs_full_escape, replacements)
    return literals


def json_literals(values: pa.Array) -> pa.Array:
    """Any typed Arrow column → JSON text per value, with "null" for nulls."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = values.type
    if pa.types.is_dictionary(kind):
        values, kind = values.dictionary_decode(), kind.value_type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        literals = json_string_literals(values)
    elif pa.types.is_date(kind):
        literals = json_string_literals(values.cast(pa.string()))
    elif pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_boolean(kind):
        # Arrow prints floats in shortest round-trip form ("53.33306", "1e-7"): valid JSON.
        literals = values.cast(pa.string())
    elif pa.types.is_list(kind):
        items = json_literals(values.values)
        joined = pc.binary_join(
            pa.ListArray.from_arrays(values.offsets, items, mask=values.is_null()), ","
        )
        literals = pc.binary_join_element_wise("[", joined, "]", "")
    else:
        raise ExportError(f"no GeoJSON form for Arrow type {kind}")
    return pc.fill_null(literals, "null")


def _column(table: Table, name: str) -> pa.Array:
    column = table.typed.column(name)
    return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)


def _lookup(keys: pa.Array, table: Table, key: str, value: str) -> pa.Array:
    """For each key, `value` of the row of `table` whose `key` equals it (null when none)."""
    import pyarrow.compute as pc

    positions = pc.index_in(keys, value_set=_column(table, key))
    return pc.take(_column(table, value), positions)


def point_geometries(longitude: pa.Array, latitude: pa.Array) -> pa.Array:
    import pyarrow.compute as pc

    lon = pc.round(longitude, COORDINATE_DECIMALS).cast("string")
    lat = pc.round(latitude, COORDINATE_DECIMALS).cast("string")
    point = pc.binary_join_element_wise(
        '{"type":"Point","coordinates":[', lon, ",", lat, "]}", ""
    )  # null when either coordinate is null
    return pc.fill_null(point, "null")


def extra_properties(
    offices: pa.Table, countries: Table, reports: Table
) -> dict[str, pa.Array]:
    """The properties beyond the office fields, for every office row, looked up once."""
    country = offices.column(O.country).combine_chunks()
    first_report = offices.column(O.first_report).combine_chunks()
    return {
        "country_name": _lookup(country, countries, C.iso2, C.name),
        "first_report_title": _lookup(first_report, reports, R.id, R.title),
        "first_report_url": _lookup(first_report, reports, R.id, R.url),
    }


def feature_pieces(offices: pa.Table, extras: Mapping[str, pa.Array]) -> list[object]:
    """The text pieces (constants and per-row JSON columns) whose row-wise concatenation is
    one feature per row, each followed by ",\n"."""
    fields = offices.column_names
    clash = set(fields) & set(EXTRA_PROPERTIES)
    if clash:
        raise ExportError(f"office fields {sorted(clash)} clash with GeoJSON extra properties")
    columns = {name: offices.column(name).combine_chunks() for name in fields}
    pieces: list[object] = [
        '{"type":"Feature","id":',
        json_string_literals(columns[O.id]),
        ',"geometry":',
        point_geometries(columns[O.longitude], columns[O.latitude]),
        ',"properties":{',
    ]
    for index, (name, values) in enumerate([*columns.items(), *extras.items()]):
        pieces.append(("," if index else "") + json.dumps(name) + ":")
        pieces.append(json_literals(values))
    pieces.append("}},\n")
    return pieces


def render_features(offices: pa.Table, extras: Mapping[str, pa.Array]) -> memoryview:
    """UTF-8 bytes of the features of these rows, each followed by ",\n" (zero-copy view)."""
    import pyarrow.compute as pc

    pieces = feature_pieces(offices, extras)
    features = pc.binary_join_element_wise(*pieces, "")
    if len(features) == 0:
        return memoryview(b"")
    _, offsets, data = features.buffers()
    # The values of rows offset..offset+len lie contiguously between their first and last offsets.
    bounds = memoryview(offsets).cast("i")
    start, stop = bounds[features.offset], bounds[features.offset + len(features)]
    return memoryview(data)[start:stop]


def write_geojson(
    offices: Table, countries: Table, reports: Table, stream: BinaryIO
) -> None:
    """Write the FeatureCollection in blocks of rows, rendered on all cores, written in order."""
    typed = offices.typed
    extras = extra_properties(typed, countries, reports)
    blocks = [
        (
            typed.slice(start, ROWS_PER_BLOCK),
            {name: values.slice(start, ROWS_PER_BLOCK) for name, values in extras.items()},
        )
        for start in range(0, typed.num_rows, ROWS_PER_BLOCK)
    ]
    stream.write(b'{"type":"FeatureCollection","features":[\n')
    rendered = rendered_in_order(blocks, lambda block: render_features(*block))
    for index, text in enumerate(rendered):
        if index == len(blocks) - 1:
            text = text[:-2]  # no comma after the last feature
        stream.write(text)
    stream.write(b"\n]}\n" if typed.num_rows else b"]}\n")


class GeoJsonExporter(Exporter):
    name = "geojson"
    title = "GeoJSON (offices as points, RFC 7946)"
    outputs = (Output("offices.geojson", "application/geo+json", "The offices as points"),)

    def write(self, package: Package, tables: Mapping[str, Table], out_dir: Path) -> list[Path]:
        require_tables(tables, (O.table, C.table, R.table), self.title)
        path = out_dir / self.outputs[0].path
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            write_geojson(tables[O.table], tables[C.table], tables[R.table], stream)
        return [path]
