"""The click application every command registers on, and the one error boundary of the CLI.

Commands are registered with `@command()`: anything officedata raises on purpose
(`errors.OfficedataError`) is printed as located failures, the same way in every command, and
ends the command with that error's exit code (1 invalid input or failed write, 2 usage error);
an operating-system error (permission denied, disk full) is one plain line and exit 1, and so
is a bug (an unexpected exception), which says it is one instead of printing a traceback. A
command that needs an optional part of the toolkit names its extra (`needs=`), and without it
exits 2 with the `pip install` to run (cli/extras.py). Nothing here imports anything heavy, so
`--help` stays as quick as `import click`.

The CLI is plain click (one small dependency of the plain install): typer would add a dozen
packages (rich, pydantic, ...) to an install that is meant to hold only what loading needs.
"""

from __future__ import annotations

import functools
import os
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from officedata.cli import extras

if TYPE_CHECKING:
    from officedata.errors import OfficedataError
    from officedata.schema.model import Package

PACKAGE_HELP = (
    "Package folder, datapackage.json or release zip (default: the nearest datapackage.json "
    "in this folder or above, else the package shipped with officedata)."
)

F = TypeVar("F", bound=Callable[..., Any])

# The extra each command needs (None: the plain install runs it), by command name; `docs`
# needs `export` only to redraw the map.
COMMAND_NEEDS: dict[str, str | None] = {}


def argument(name: str, help: str, **kwargs: Any) -> Callable[[F], F]:
    """A positional argument (`PATH` in the help), listed with its help text (click >= 8.5)."""
    return click.argument(name, help=help, **kwargs)


def path_argument(name: str = "path", help: str = PACKAGE_HELP) -> Callable[[F], F]:
    """The optional package argument most commands take."""
    return argument(name, help, required=False, type=click.Path(path_type=Path))


def out_option(help: str, default: Path | None = None) -> Callable[[F], F]:
    """The `--out`/`-o` option of the commands that write files."""
    return click.option("--out", "-o", type=click.Path(path_type=Path), default=default, help=help)


def _print_version(ctx: click.Context, _param: click.Parameter, asked: bool) -> None:
    if asked and not ctx.resilient_parsing:
        import officedata

        click.echo(f"officedata {officedata.__version__}")
        ctx.exit(0)


@click.group(
    name="officedata",
    no_args_is_help=True,
    context_settings={"show_default": True, "help_option_names": ["--help"]},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Print the version and exit.",
)
def app() -> None:
    """Validate, format and export the officedata package of overseas police service stations."""


def command(
    name: str | None = None,
    *,
    help_suffix: str = "",
    reads: tuple[str, ...] = ("path",),
    needs: str | None = None,
) -> Callable[[F], F]:
    """Register a command behind the error boundary; `help_suffix` ends its help (e.g. the
    formats there are, from the exporter registry). The packages named by the `reads`
    parameters are announced on stderr before the command runs, so nobody wonders which
    package a verdict is about. `needs` names the extra the command cannot run without; it is
    checked before anything is read or written."""

    def register(function: F) -> F:
        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                if needs:
                    extras.require(needs)
                for parameter in reads:
                    if parameter in kwargs:
                        announce(kwargs[parameter])
                return function(*args, **kwargs)
            except Exception as error:
                if type(error).__module__.split(".")[0] == "click":
                    raise  # the command's own exit, or click's usage errors (exit 2)
                raise click.exceptions.Exit(handle(extras.explained(error, needs))) from None

        help_text = cleandoc(function.__doc__ or "")
        if help_suffix:
            help_text += "\n\n" + help_suffix
        if needs:
            help_text += f"\n\nNeeds the {needs!r} extra: {extras.install_command(needs)}"
        registered = app.command(name=name, help=help_text)(guarded)
        COMMAND_NEEDS[str(registered.name)] = needs
        return function

    return register


def announce(path: Path | None) -> None:
    """Say on stderr which package a command reads (and when it is the shipped one, why)."""
    from officedata.source import locate_package

    location = locate_package(path)
    if location.how == "shipped":
        click.echo(
            "no datapackage.json in this folder or above: reading " + str(location), err=True
        )
    else:
        click.echo(f"package: {location.path}", err=True)


def cleandoc(doc: str) -> str:
    """A docstring without its indentation (inspect.cleandoc, without importing inspect, which
    would cost `--help` a fifth of its time)."""
    first, _, rest = doc.strip("\n").partition("\n")
    return (first.strip() + "\n" + textwrap.dedent(rest)).strip()


def handle(error: Exception) -> int:
    """Say what went wrong in plain words on stderr; return the exit code."""
    from officedata.errors import OfficedataError

    if isinstance(error, OfficedataError):
        report_error(error)
        return error.exit_code
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        click.echo(f"error: {error.strerror or error}{where}", err=True)
        return 1
    # A bug: one plain line instead of a traceback (OFFICEDATA_DEBUG=1 shows it).
    if os.environ.get("OFFICEDATA_DEBUG"):
        raise error
    click.echo(
        f"internal error: {type(error).__name__}: {error}; this is a bug in officedata, please "
        "report it (OFFICEDATA_DEBUG=1 shows the traceback)",
        err=True,
    )
    return 1


def report_error(error: OfficedataError) -> None:
    """Every failure of the error, located, then what happened as a whole."""
    from officedata.errors import InvalidPackage
    from officedata.report import render_text

    if isinstance(error, InvalidPackage):
        click.echo(render_text(error.findings), err=True)
        return
    for failure in error.failures:
        click.echo(failure.describe(), err=True)


@contextmanager
def package_for(path: Path | None, *, writes: bool = False) -> Iterator[Package]:
    """The package a command works on (see `source.locate_package`); `writes` refuses a zip."""
    from officedata.errors import UsageError
    from officedata.source import is_release_zip, locate_package, opened_package

    if writes and path is not None and is_release_zip(path):
        raise UsageError(
            f"{path} is a release zip; this command changes files, so give a package folder",
            subject=str(path),
        )
    # A write that fell back to the shipped package (no PATH, no package upwards) is refused
    # too: in an editable install that fallback is a clone, not the contributor's package.
    location = locate_package(path)
    with opened_package(location.path) as package:
        if writes and (
            location.how == "shipped" or package.root.resolve() == bundled_package_root()
        ):
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
