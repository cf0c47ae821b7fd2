"""JSON text kept beside its parsed value, to point a failure at a member's line and column;
and the one check that a path written in a descriptor stays inside the package."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from officedata.failures import Failure
from officedata.files import NotRegularFile, read_regular_file

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


class JsonReader:
    """Reads JSON files of a package, collecting located failures instead of raising."""

    def __init__(self, root: Path):
        self.root = root
        self.failures: list[Failure] = []
        self.texts: dict[str, JsonText] = {}

    def fail(
        self,
        file: str,
        rule: str,
        message: str,
        *,
        at: Where | None = None,
        last: bool = False,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        if at is not None and file in self.texts:
            line, column = self.texts[file].locate(*at, last=last)
            if line is None and len(at) > 1:
                line, column = self.texts[file].locate(at[0], last=last)
        self.failures.append(Failure(file, line, column, rule, message))

    def read_json(self, path: Path, shown: str) -> Any:
        """The parsed JSON, or None with a failure (missing files are the caller's to report)."""
        try:
            data = read_regular_file(path)
        except NotRegularFile:
            self.fail(shown, "not-a-file", f"{shown} is not a regular file; it was not read")
            return None
        except FileNotFoundError:
            self.fail(shown, "missing-file", f"{shown} does not exist")
            return None
        except OSError as error:
            self.fail(shown, "unreadable-file", f"cannot read {shown}: {error.strerror}")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            self.fail(
                shown,
                "encoding",
                f"{shown} is not valid UTF-8 (byte {data[error.start]:#04x} cannot be "
                "decoded); save it as UTF-8",
                line=line,
            )
            return None
        self.texts[shown] = JsonText(text)
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            self.fail(
                shown,
                "invalid-json",
                f"malformed JSON: {error.msg}",
                line=error.lineno,
                column=error.colno,
            )
        except RecursionError:
            self.fail(shown, "invalid-json", "malformed JSON: nested too deeply", line=1)
        return None
