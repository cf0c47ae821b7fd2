"""Run work on all cores and take the results in order, with bounded memory."""

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


def computed_in_order(items: Sequence[T], work: Callable[[T], R], workers: int) -> list[R]:
    """work(item) for every item, at most `workers` at a time, returned in item order.

    Unlike `rendered_in_order`, an item starts as soon as a worker is free, however slow the
    items before it (so a small table does not wait behind a large one); every result is held
    until the last is done, so use it where the caller keeps them all anyway.
    """
    from concurrent.futures import ThreadPoolExecutor

    if workers <= 1 or len(items) <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, items))
