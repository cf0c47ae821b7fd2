"""Rule: every file the descriptor lists with a size or hash still has that size and hash.

A release's datapackage.json lists each file it ships (tables, Parquet, GeoJSON, workbook,
database, pictures, documents) with `bytes` and a `sha256:` hash. A file changed after the
release was built (an edited CSV in an unpacked release folder, a truncated download) would
otherwise pass `validate` while `frictionless validate` and anyone checking the hashes refuse
it. The source package lists no sizes or hashes, so nothing is checked there.

Hashes are `algorithm:hex` (any algorithm hashlib knows) or bare hex, which the Data Package
standard reads as MD5. Paths the descriptor rules refuse (outside the package) are not read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from officedata.failures import Failure
from officedata.files import digest_of
from officedata.schema.json_text import JsonText, safe_relative_path
from officedata.validation.registry import rule
from officedata.validation.rules.base import Context

RULE = "resource-integrity"


@rule(RULE)
def check_resource_integrity(context: Context) -> Iterator[Failure]:
    """Each resource that declares `bytes` or `hash` (a release's descriptor does, for every
    file) has a file of that size and hash: a release changed after it was built is refused."""
    package = context.package
    entries = package.descriptor.get("resources")
    if not isinstance(entries, list):
        return
    text = context.json_text(package.descriptor_file)
    for entry in entries:
        if not isinstance(entry, dict) or ("hash" not in entry and "bytes" not in entry):
            continue
        relative = safe_relative_path(entry.get("path"))
        if relative is None:
            continue  # the descriptor's own rules report the path
        path = package.root / relative
        if not path.resolve().is_relative_to(package.root.resolve()):
            continue  # a link out of the package: never read
        yield from _file_failures(package.descriptor_file, text, entry, relative, path)


def _file_failures(
    descriptor: str, text: JsonText | None, entry: dict[str, Any], shown: str, path: Path
) -> Iterator[Failure]:
    def failure(key: str, message: str) -> Failure:
        line, column = text.locate(key, entry[key]) if text else (None, None)
        return Failure(descriptor, line or 1, column, RULE, f"{shown}: {message}")

    if not path.is_file():
        key = "hash" if "hash" in entry else "bytes"
        yield failure(key, "the descriptor lists it, but the file is missing")
        return
    size = path.stat().st_size
    declared = entry.get("bytes")
    if isinstance(declared, int) and not isinstance(declared, bool) and declared != size:
        yield failure(
            "bytes",
            f"the file has {size:,} bytes, the descriptor says {declared:,}: it was changed "
            "after the release was built (restore it, or build the release again)",
        )
    declared_hash = entry.get("hash")
    if not isinstance(declared_hash, str):
        return
    algorithm, _, expected = declared_hash.rpartition(":")
    algorithm = (algorithm or "md5").lower()
    if algorithm not in hashlib.algorithms_available:
        yield failure("hash", f"hash algorithm '{algorithm}' is not one officedata can check")
        return
    actual = digest_of(path, algorithm)
    if actual != expected.lower():
        yield failure(
            "hash",
            f"its {algorithm} hash is {actual}, the descriptor says {expected}: the file was "
            "changed after the release was built (restore it, or build the release again)",
        )
