"""The pandas-free Arrow ↔ numpy bridges (table/arrow_numpy.py) agree with pyarrow's own."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from officedata.table import arrow_numpy as bridge

MASKS = [
    pa.chunked_array([[True, None, False], [None], [True] * 70 + [False, None]]),
    pa.chunked_array([pa.array([True, False, True, None, True]).slice(1, 3)]),
    pa.array([None, None], pa.bool_()),
    pa.chunked_array([], pa.bool_()),
]


@pytest.mark.parametrize("values", MASKS, ids=range(len(MASKS)))
def test_mask_matches_fill_null_to_numpy(values: pa.ChunkedArray) -> None:
    expected = pc.fill_null(values, False).to_numpy(zero_copy_only=False).astype(bool)
    assert bridge.mask(values).tolist() == expected.tolist()


def test_integers_match_to_numpy_and_refuse_nulls() -> None:
    indices = pc.list_parent_indices(pa.array([["a", "b"], None, ["c"], []]))
    assert bridge.integers(indices).tolist() == indices.to_numpy().tolist()
    sliced = pa.chunked_array([pa.array([5, 6, 7, 8], pa.int32()).slice(1, 2)])
    assert bridge.integers(sliced).tolist() == [6, 7]
    with pytest.raises(ValueError):
        bridge.integers(pa.array([1, None]))


def test_built_arrays_equal_pa_array() -> None:
    flags = np.array([True, False, True] * 5)
    assert bridge.bool_array(flags).equals(pa.array(flags))
    rows = np.array([3, 0, 2], dtype=np.uint32)
    assert bridge.index_array(rows).equals(pa.array([3, 0, 2], pa.int64()))
    texts = ["", "é汉", "a\nb", "x" * 100]
    assert bridge.string_array(texts).equals(pa.array(texts, pa.string()))
    assert bridge.string_array([]).equals(pa.array([], pa.string()))
    assert bridge.float_array([1.5, -0.0, 52.37403]).equals(pa.array([1.5, -0.0, 52.37403]))


def test_scalars_equal_pa_scalar() -> None:
    assert bridge.null_scalar(pa.string()).equals(pa.scalar(None, pa.string()))
    assert bridge.bool_scalar(True).equals(pa.scalar(True))
    assert bridge.bool_scalar(False).equals(pa.scalar(False))
