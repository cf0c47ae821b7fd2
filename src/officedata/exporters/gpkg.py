"""The offices as a GeoPackage, `offices.gpkg`, for QGIS and other GIS tools (OGC GeoPackage).

Two tables, written with pyogrio (GDAL's GPKG driver):
- `offices`, a point layer in WGS 84 (EPSG:4326), one feature per office in office_id order:
  every office field in schema order plus `country_name`, `first_report_title` and
  `first_report_url` (as in the GeoJSON); offices without coordinates have a null geometry.
  A list field stays the text the CSV holds, items joined by the schema's delimiter (`;`);
  GDAL would otherwise write lists as `(3:a,b,c)`.
- `offices_<list field>` (e.g. `offices_sources`), a table without geometry with one row per
  item: `office_id`, `position` (from 1) and the item (named after the field its foreign key
  points at, `report_id` for `sources`; else after the list field), so a GIS join or SQL query uses the items without splitting text.

Reproducible: GeoPackage records a `last_change` time per table; GDAL takes it from the
`OGR_CURRENT_DATE` option, set here to the release date (never the clock), so two builds of
the same inputs give the same bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from officedata.errors import ExportError
from officedata.exporters.base import Exporter, Output, release_date, require_tables
from officedata.exporters.geojson import EXTRA_PROPERTIES, extra_properties
from officedata.schema.domain import COUNTRIES as C
from officedata.schema.domain import OFFICES as O
from officedata.schema.domain import REPORTS as R
from officedata.schema.model import Package
from officedata.table.table import Table

if TYPE_CHECKING:
    import pyarrow as pa

FILE = "offices.gpkg"
LAYER = "offices"
GEOMETRY = "geom"
CRS = "EPSG:4326"
WKB_POINT = struct.Struct("<BIdd")  # little-endian, type 1 (Point), x = longitude, y = latitude
INSTALL_HINT = "pip install 'officedata[export]'"


def point_wkb(longitude: pa.Array, latitude: pa.Array) -> pa.Array:
    """Well-Known Binary points; null where either coordinate is null."""
    import pyarrow as pa

    points = [
        None if lon is None or lat is None else WKB_POINT.pack(1, 1, lon, lat)
        for lon, lat in zip(longitude.to_pylist(), latitude.to_pylist(), strict=True)
    ]
    return pa.array(points, pa.binary())


def flat_column(values: pa.Array, delimiter: str) -> pa.Array:
    """A column GDAL stores as it is: enums decoded to text, lists joined by their delimiter."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    if pa.types.is_list(values.type) or pa.types.is_large_list(values.type):
        return pc.binary_join(values.cast(pa.list_(pa.string())), delimiter)
    return values


def offices_layer(offices: Table, countries: Table, reports: Table) -> pa.Table:
    import pyarrow as pa

    typed = offices.typed
    clash = set(typed.column_names) & {*EXTRA_PROPERTIES, GEOMETRY}
    if clash:
        raise ExportError(f"office fields {sorted(clash)} clash with GeoPackage columns")
    columns = {
        spec.name: flat_column(typed.column(spec.name).combine_chunks(), spec.delimiter)
        for spec in offices.schema.fields
    }
    columns.update(extra_properties(typed, countries, reports))
    columns[GEOMETRY] = point_wkb(
        typed.column(O.longitude).combine_chunks(), typed.column(O.latitude).combine_chunks()
    )
    return pa.table(columns)


def item_tables(offices: Table) -> dict[str, pa.Table]:
    """`offices_<field>` for each list field: (office_id, position, item), one row per item."""
    import pyarrow as pa
    import pyarrow.compute as pc

    typed = offices.typed
    tables = {}
    for spec in offices.schema.fields:
        column = typed.column(spec.name).combine_chunks()
        if not (pa.types.is_list(column.type) or pa.types.is_large_list(column.type)):
            continue
        lengths = pc.fill_null(pc.list_value_length(column), 0).to_numpy()
        ids = pc.take(typed.column(O.id).combine_chunks(), pc.list_parent_indices(column))
        positions = [p for n in lengths for p in range(1, int(n) + 1)]
        item = referenced_field(offices, spec.name) or spec.name
        tables[f"{LAYER}_{spec.name}"] = pa.table(
            {
                O.id: ids,
                "position": pa.array(positions, pa.int64()),
                item: pc.list_flatten(column).cast(pa.string()),
            }
        )
    return tables


def referenced_field(offices: Table, name: str) -> str | None:
    """The field a list field's items point at through a foreign key (`sources` → report_id)."""
    for key in offices.schema.foreign_keys:
        if tuple(key.fields) == (name,) and len(key.reference_fields) == 1:
            return str(key.reference_fields[0])
    return None


@contextmanager
def gdal_date(moment: str) -> Iterator[None]:
    """GDAL's OGR_CURRENT_DATE set for the duration (GeoPackage's last_change columns)."""
    from pyogrio import get_gdal_config_option, set_gdal_config_options

    before = get_gdal_config_option("OGR_CURRENT_DATE")
    set_gdal_config_options({"OGR_CURRENT_DATE": moment})
    try:
        yield
    finally:
        set_gdal_config_options({"OGR_CURRENT_DATE": before})


def write_gpkg(package: Package, tables: Mapping[str, Table], path: Path) -> None:
    try:
        from pyogrio.raw import write_arrow
    except ImportError:
        raise ExportError(f"the GeoPackage needs pyogrio: {INSTALL_HINT}") from None
    offices = tables[O.table]
    layer = offices_layer(offices, tables[C.table], tables[R.table])
    moment = release_date(package).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    with gdal_date(moment):
        write_arrow(
            layer, path, layer=LAYER, driver="GPKG", geometry_name=GEOMETRY,
            geometry_type="Point", crs=CRS, encoding="UTF-8",
        )  # fmt: skip
        for name, table in item_tables(offices).items():
            write_arrow(table, path, layer=name, driver="GPKG", append=True, encoding="UTF-8")


class GpkgExporter(Exporter):
    name = "gpkg"
    title = "GeoPackage (offices as points, list fields as related tables)"
    outputs = (
        Output(FILE, "application/geopackage+sqlite3", "The offices as points, for GIS tools"),
    )

    def write(self, package: Package, tables: Mapping[str, Table], out_dir: Path) -> list[Path]:
        require_tables(tables, (O.table, C.table, R.table), self.title)
        path = out_dir / FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        write_gpkg(package, tables, path)
        return [path]
