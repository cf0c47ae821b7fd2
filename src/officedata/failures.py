"""One failure found in a package: where it is, which rule it breaks, in plain words.

Everything that validates, formats or builds speaks in these records, so that the text, JSON and
GitHub reports and the exit codes come from one place. Nothing here reads files.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

# Values longer than this are cut in messages, so a 10 MB cell cannot flood a report.
VALUE_PREVIEW_CHARS = 60
# The `value` a failure carries (JSON report) is cut here, for the same reason.
VALUE_MAX_CHARS = 1000


def preview(value: object) -> str:
    """Show a cell value in a message: quoted, control characters escaped, long values cut."""
    text = str(value)
    shown = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text[:VALUE_PREVIEW_CHARS])
    return (
        f"'{shown}…' ({len(text):,} characters)"
        if len(text) > VALUE_PREVIEW_CHARS
        else f"'{shown}'"
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, order=True)
class Failure:
    """A broken rule. `line` counts as a text editor does (header is line 1); `column` from 1."""

    file: str
    line: int | None
    column: int | None
    rule: str
    message: str
    field: str | None = None
    value: str | None = None
    severity: Severity = "error"

    def __post_init__(self) -> None:
        if self.value is not None and len(self.value) > VALUE_MAX_CHARS:
            cut = f"{self.value[:VALUE_MAX_CHARS]}… ({len(self.value):,} characters)"
            object.__setattr__(self, "value", cut)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def location(self) -> str:
        """file:line:column, as far as known."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def describe(self) -> str:
        """One line for people: where, error or warning, field, reason, rule."""
        field = f" [{self.field}]" if self.field else ""
        return f"{self.location}: {self.severity}{field} {self.message} ({self.rule})"


@dataclass
class Findings:
    """Failures collected over a whole run; errors make a package invalid, warnings do not."""

    items: list[Failure] = field(default_factory=list)

    def add(self, failure: Failure) -> None:
        self.items.append(failure)

    def extend(self, failures: list[Failure]) -> None:
        self.items.extend(failures)

    @property
    def errors(self) -> list[Failure]:
        return [f for f in self.items if f.severity == "error"]

    @property
    def warnings(self) -> list[Failure]:
        return [f for f in self.items if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Failure]:
        return sorted(
            self.items,
            key=lambda f: (f.file, f.line or 0, f.column or 0, f.rule, f.message),
        )


