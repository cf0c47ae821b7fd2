"""Arrow ↔ numpy and Python values ↔ Arrow without pyarrow's pandas-aware converters.

pyarrow's Python layer imports pandas (when installed, ~1.3 CPU-s) the first time it converts
anything: `pa.array` and `pa.scalar` of Python values, `to_numpy`, and `take`/`filter` given
numpy arrays all ask pandas whether the object is one of its own. Validation must not pay that,
so the few conversions the type registry and validation need are made here from raw buffers
(`pa.Array.from_buffers`, `np.frombuffer`), which pyarrow does not route through pandas.
A differential test (tests/test_arrow_numpy.py) checks each against pyarrow's own converters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa


def _chunks(values: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    return list(values.chunks) if hasattr(values, "chunks") else [values]


def _bits(buffer: pa.Buffer, offset: int, length: int) -> np.ndarray:
    import numpy as np

    packed = np.frombuffer(buffer, dtype=np.uint8)
    return np.unpackbits(packed, bitorder="little")[offset : offset + length].astype(bool)


def mask(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean Arrow column as a numpy mask, null counting as False."""
    import numpy as np

    parts: list[np.ndarray] = []
    for chunk in _chunks(values):
        validity, data = chunk.buffers()[:2]
        if data is None:  # an all-null column without a value buffer
            parts.append(np.zeros(len(chunk), dtype=bool))
            continue
        bits = _bits(data, chunk.offset, len(chunk))
        if validity is not None and chunk.null_count:
            bits &= _bits(validity, chunk.offset, len(chunk))
        parts.append(bits)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def integers(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """An integer Arrow column without nulls (indices, positions) as numpy int64."""
    import numpy as np

    parts = []
    for chunk in _chunks(values):
        if chunk.null_count:
            raise ValueError("integers() needs a column without nulls")
        dtype = np.dtype(chunk.type.to_pandas_dtype())
        data = np.frombuffer(chunk.buffers()[1], dtype=dtype)
        parts.append(data[chunk.offset : chunk.offset + len(chunk)].astype(np.int64))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def bool_array(flags: np.ndarray) -> pa.Array:
    """A numpy mask as an Arrow boolean array (no nulls)."""
    import numpy as np
    import pyarrow as pa

    packed = np.packbits(np.asarray(flags, dtype=bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(flags), [None, pa.py_buffer(packed.tobytes())])


def index_array(rows: np.ndarray) -> pa.Array:
    """numpy row numbers as an Arrow int64 array, for `take`."""
    import numpy as np
    import pyarrow as pa

    data = np.ascontiguousarray(rows, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data.tobytes())])


def string_array(texts: Sequence[str]) -> pa.Array:
    """Python strings as an Arrow string array (no nulls)."""
    import numpy as np
    import pyarrow as pa

    encoded = [text.encode("utf-8") for text in texts]
    offsets: np.ndarray = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(data) for data in encoded], out=offsets[1:])
    return pa.Array.from_buffers(
        pa.string(),
        len(encoded),
        [None, pa.py_buffer(offsets.tobytes()), pa.py_buffer(b"".join(encoded))],
    )


def null_scalar(kind: pa.DataType) -> pa.Scalar:
    """An Arrow null of a type (for if_else), made without converting a Python None."""
    import pyarrow as pa

    return pa.nulls(1, kind)[0]


def bool_scalar(value: bool) -> pa.Scalar:
    """An Arrow boolean, made without converting a Python bool."""
    return bool_array(_one(value))[0]


def _one(value: bool) -> np.ndarray:
    import numpy as np

    return np.array([value], dtype=bool)


def float_array(values: Sequence[float]) -> pa.Array:
    """Python floats as an Arrow float64 array (no nulls)."""
    import numpy as np
    import pyarrow as pa

    data = np.asarray(values, dtype=np.float64)
    return pa.Array.from_buffers(pa.float64(), len(data), [None, pa.py_buffer(data.tobytes())])
