"""The exporter registry: every listed format resolves to an exporter that says what it writes."""

from __future__ import annotations

import threading
import time

import pytest

from officedata.exporters.base import (
    EXPORTERS,
    Exporter,
    UnknownFormat,
    get_exporter,
)
from officedata.parallel import rendered_in_order


@pytest.mark.parametrize("name", EXPORTERS)
def test_every_registered_format_resolves_to_its_exporter(name: str) -> None:
    exporter = get_exporter(name)
    assert isinstance(exporter, Exporter)
    assert exporter.name == name
    assert exporter.title and exporter.outputs
    assert all(o.path and o.media_type and o.title for o in exporter.outputs)


def test_unknown_format_names_the_formats_there_are() -> None:
    with pytest.raises(UnknownFormat, match="csv, parquet, geojson, gpkg, xlsx"):
        get_exporter("pdf")


def test_blocks_render_in_parallel_but_come_back_in_order() -> None:
    in_flight, most = 0, 0
    lock = threading.Lock()

    def render(block: int) -> int:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.001 * (block % 3))  # later blocks may finish first
        with lock:
            in_flight -= 1
        return block * 10

    assert list(rendered_in_order(list(range(25)), render, workers=3)) == [
        b * 10 for b in range(25)
    ]
    assert most <= 3
