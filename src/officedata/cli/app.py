"""The typer application every command registers on, and the one error boundary of the CLI.

Commands are registered with `@command()`: anything officedata raises on purpose
(`errors.OfficedataError`) is printed as located failures, the same way in every command, and
ends the command with that error's exit code (1 invalid input or failed write, 2 usage error);
an operating-system error (permission denied, disk full) is one plain line and exit 1, and so
is a bug (an unexpected exception), which says it is one instead of printing a traceback. Nothing
here imports anything heavy, so `--help` stays as quick as `import typer`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

if TYPE_CHECKING:
    from officedata.errors import OfficedataError
    from officedata.schema.model import Package

app = typer.Typer(
    name="officedata",
    help="Validate, format and export the officedata package of overseas police service stations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: rich's help renderer (rich.markdown, markdown_it, ...) costs more to import
    # than typer itself, and `officedata --help` must start about as fast as `import typer`.
    rich_markup_mode=None,
)

PACKAGE_HELP = (
    "Package folder, datapackage.json or release zip (default: the nearest datapackage.json "
    "in this folder or above, else the package shipped with officedata)."
)

F = TypeVar("F", bound=Callable[..., Any])


def command(name: str | None = None) -> Callable[[F], F]:
    """Register a command behind the error boundary."""

    def register(function: F) -> F:
        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            from officedata.errors import OfficedataError

            try:
                return function(*args, **kwargs)
            except (typer.Exit, typer.Abort, typer.TyperException):
                raise  # the command's own exit, or typer's usage errors (exit 2)
            except OfficedataError as error:
                report_error(error)
                raise typer.Exit(error.exit_code) from None
            except OSError as error:
                where = f" ({error.filename})" if error.filename else ""
                typer.echo(f"error: {error.strerror or error}{where}", err=True)
                raise typer.Exit(1) from None
            except Exception as error:
                # A bug: one plain line instead of a traceback (OFFICEDATA_DEBUG=1 shows it).
                if os.environ.get("OFFICEDATA_DEBUG"):
                    raise
                typer.echo(
                    f"internal error: {type(error).__name__}: {error}; this is a bug in "
                    "officedata, please report it (OFFICEDATA_DEBUG=1 shows the traceback)",
                    err=True,
                )
                raise typer.Exit(1) from None

        app.command(name=name)(guarded)
        return function

    return register


def report_error(error: OfficedataError) -> None:
    """Every failure of the error, located, then what happened as a whole."""
    from officedata.errors import InvalidPackage
    from officedata.report import render_text

    if isinstance(error, InvalidPackage):
        typer.echo(render_text(error.findings), err=True)
        return
    for failure in error.failures:
        typer.echo(failure.describe(), err=True)


@contextmanager
def package_for(path: Path | None, *, writes: bool = False) -> Iterator[Package]:
    """The package a command works on (see `source.locate_package`); `writes` refuses a zip."""
    from officedata.errors import UsageError
    from officedata.source import is_release_zip, opened_package

    if writes and path is not None and is_release_zip(path):
        raise UsageError(
            f"{path} is a release zip; this command changes files, so give a package folder",
            subject=str(path),
        )
    with opened_package(path) as package:
        if writes and package.root.resolve() == bundled_package_root():
            raise UsageError(
                "the package shipped with officedata is read-only; run this command in a "
                "package folder (a clone of the repository) or give its path",
                subject=str(package.root),
            )
        yield package


def bundled_package_root() -> Path:
    """Where an installed officedata keeps its own copy of the package (never written to)."""
    import officedata

    return (Path(officedata.__file__).resolve().parent / "_package").resolve()
