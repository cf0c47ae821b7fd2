"""The one root of every error officedata raises on purpose, and what each means to the CLI.

Every error carries the located failures that explain it (file, line, column, rule, reason);
one without a place gets a single failure naming its subject. The CLI's error boundary
(`cli/app.py`) prints them all the same way and exits with the error's `exit_code`: 1 for
invalid or unreadable input and failed writes, 2 for usage errors. Anything else that escapes
is a bug and is reported as one. Nothing here imports anything heavy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from officedata.failures import Failure, Findings


class OfficedataError(Exception):
    """Something officedata refuses or cannot do; `failures` say where and why."""

    exit_code: ClassVar[int] = 1
    rule: ClassVar[str] = "error"

    def __init__(self, message: str = "", failures: Sequence[Failure] = (), *, subject: str = ""):
        self.failures: list[Failure] = list(failures) or [
            Failure(subject or "officedata", None, None, self.rule, message)
        ]
        super().__init__(message or "; ".join(f.message for f in self.failures))


class UsageError(OfficedataError):
    """The command was asked for something it cannot mean (exit 2)."""

    exit_code = 2
    rule = "usage"


class PackageError(OfficedataError):
    """The package cannot be read far enough to validate it (descriptor, schemas, archive)."""

    rule = "package"

    def __init__(self, failures: Sequence[Failure] = (), message: str = "", *, subject: str = ""):
        super().__init__(message, failures, subject=subject)


class ArchiveError(PackageError):
    """A path is not a package folder or a safe release zip; the message says why."""

    rule = "archive"

    def __init__(self, message: str, *, subject: str = ""):
        super().__init__((), message, subject=subject)
        if subject:  # the archive in question: its failure's file, and first in the text
            self.args = (f"{subject}: {message}",)


class InvalidPackage(OfficedataError):
    """The package was read but breaks rules; `findings` holds every failure (and warnings)."""

    rule = "invalid"

    def __init__(self, findings: Findings):
        self.findings = findings
        errors = findings.errors
        super().__init__(f"the package is invalid: {len(errors)} errors", errors)


class LoadError(OfficedataError):
    """A table could not be loaded for a user of the data; the message lists where and why."""

    rule = "load"

    def __init__(self, message: str = "", failures: Sequence[Failure] = (), *, subject: str = ""):
        super().__init__(message, failures, subject=subject)
        if not message:
            shown = [f"{f.location}: {f.message}" for f in self.failures[:10]]
            more = len(self.failures) - len(shown)
            tail = f"\n… and {more} more" if more else ""
            self.args = ("cannot load the table:\n" + "\n".join(shown) + tail,)


class ExportError(OfficedataError):
    """An export cannot be written faithfully (e.g. a limit of the format); the message says why."""

    rule = "export"


class BuildError(OfficedataError):
    """The release could not be written where asked; the message says why."""

    rule = "build"


class DiffError(OfficedataError):
    """Two releases cannot be compared; the message says why."""

    rule = "diff"
