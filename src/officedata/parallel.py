"""Render blocks of rows on all cores and yield the results in order, with bounded memory."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def rendered_in_order(
    blocks: Sequence[T], render: Callable[[T], R], workers: int | None = None
) -> Iterator[R]:
    """render(block) for each block, computed on all cores, yielded in block order.

    At most `workers` blocks are in flight at once, so memory stays bounded however many blocks
    there are. Meant for Arrow kernels, which release the GIL.
    """
    from concurrent.futures import ThreadPoolExecutor

    count = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=count) as pool:
        for start in range(0, len(blocks), count):
            yield from pool.map(render, blocks[start : start + count])
