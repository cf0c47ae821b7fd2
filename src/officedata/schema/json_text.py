"""JSON text kept beside its parsed value, to point a failure at a member's line and column;
and the one check that a path written in a descriptor stays inside the package."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

_URL_LIKE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

_ANY = object()


@dataclass
class JsonText:
    """The text of a JSON file, to point failures at the line and column of a member."""

    text: str

    def locate(
        self, key: str, value: object = _ANY, *, last: bool = False
    ) -> tuple[int | None, int | None]:
        """(line, column) of `"key": value` (any value when none is given), else (None, None)."""
        pattern = re.escape(json.dumps(key)) + r"\s*:\s*"
        if value is not _ANY:
            if isinstance(value, list | dict):
                return (None, None)
            encodings = {json.dumps(value), json.dumps(value, ensure_ascii=False)}
            pattern += "(?:" + "|".join(re.escape(e) for e in encodings) + ")"
        found = list(re.finditer(pattern, self.text))
        if not found:
            return (None, None)
        start = found[-1 if last else 0].start()
        line_start = self.text.rfind("\n", 0, start) + 1
        return self.text.count("\n", 0, start) + 1, start - line_start + 1


Where = tuple  # ("key",) or ("key", value): the JSON member a failure is about


def safe_relative_path(value: object) -> str | None:
    """The path if it is a plain relative POSIX path inside the package, else None."""
    if not isinstance(value, str) or not value or "\\" in value or "\x00" in value:
        return None
    if _URL_LIKE.match(value) or value.startswith("/"):
        return None
    parts = PurePosixPath(value).parts
    if any(part in ("..", "") for part in parts):
        return None
    return value
