"""Documents that passed a shipped profile before, remembered so that the next run skips the check.

A descriptor or schema file rarely changes between two runs of `validate`, yet checking it
against the JSON Schema profile costs about a quarter of validating the real package (importing
jsonschema, building its validator, walking the document). A document that passed is named in
the user's cache folder by the hash of the profile's text and the document's canonical JSON;
the same hash next time means the same verdict, so the check is skipped. Only passes are
remembered: a failing document is checked, and its failures reported, every time. A cache
folder that cannot be written only means the check runs each time.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import suppress
from typing import Any

from officedata.cache import cache_folder

PASSES_FILE = "profile-passes.txt"
KEEP = 256  # recent passes kept: a contributor's edits each make a new one
FORMAT = "profile-pass 1"  # bump when what a pass means changes


def pass_key(document: Any, profile_text: str) -> str | None:
    """The hash naming this document's pass of this profile; None when it has no canonical JSON."""
    try:
        canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return None
    digest = hashlib.sha256()
    for part in (FORMAT, profile_text, canonical):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def passed_before(key: str) -> bool:
    return key in _recorded()


def remember_pass(key: str) -> None:
    from officedata.atomic import write_bytes_atomic

    kept = [known for known in _recorded() if known != key][-(KEEP - 1) :]
    keys = [*kept, key]
    with suppress(OSError):  # a read-only cache: nothing is remembered
        write_bytes_atomic(cache_folder() / PASSES_FILE, ("\n".join(keys) + "\n").encode())


def _recorded() -> list[str]:
    try:
        text = (cache_folder() / PASSES_FILE).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return []
    return [line for line in text.splitlines() if len(line) == 64]
