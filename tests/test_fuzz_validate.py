"""No input crashes the validator or fmt: random byte edits of a real CSV or schema always end
in located failures (or a valid package), never an exception or an internal error."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from bad_inputs import copy_package
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officedata.schema.descriptor import load_package
from officedata.table.fmt import format_package
from officedata.validation.validate import validate_package

TARGETS = ["data/offices.csv", "data/responses.csv", "schemas/reports.json", "datapackage.json"]

# Bytes that matter to CSV, JSON and UTF-8, and any byte at all.
_INTERESTING = st.sampled_from(
    [b",", b'"', b"\n", b"\r", b";", b"\x00", b"\xef\xbb\xbf", b"\xff", b"{", b"}", b"[", b":"]
)
_BYTES = st.one_of(_INTERESTING, st.binary(min_size=1, max_size=8))


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[float, int, bytes]]:
    """(relative position, bytes to delete, bytes to insert), 1 to 4 of them."""
    return draw(
        st.lists(st.tuples(st.floats(0, 1), st.integers(0, 4), _BYTES), min_size=1, max_size=4)
    )


def apply(data: bytes, changes: list[tuple[float, int, bytes]]) -> bytes:
    for position, deleted, inserted in changes:
        at = int(position * len(data))
        data = data[:at] + inserted + data[at + deleted :]
    return data


@pytest.mark.slow
@settings(
    max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(target=st.sampled_from(TARGETS), changes=edits())
def test_random_byte_edits_never_crash_validate_or_fmt(target: str, changes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = copy_package(Path(folder) / "package")
        path = root / target
        path.write_bytes(apply(path.read_bytes(), changes))
        result = validate_package(root)
        crashes = [f for f in result.findings.items if f.rule == "internal-error"]
        assert not crashes, crashes
        assert all(f.file for f in result.findings.items)
        if result.package is not None:
            format_package(load_package(root), check=True)
