"""The command line: exit codes, report formats, and a quick `--help`."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO
from helpers import char_column, run_cli


def test_valid_package_exits_0_with_a_verdict():
    code, output = run_cli("validate", str(REPO))
    assert code == 0
    assert "package is valid: 0 errors" in output


def test_usage_error_exits_2():
    code, _ = run_cli("validate", "--format", "yaml")
    assert code == 2


def test_missing_package_is_a_usage_error_with_a_message(tmp_path):
    code, output = run_cli("validate", str(tmp_path / "nowhere"))
    assert code == 2
    assert f"{tmp_path / 'nowhere'} does not exist" in output


def test_github_format_prints_annotations(package, set_cell):
    line = set_cell("offices", 0, "status", "raided")
    code, output = run_cli("validate", str(package), "--format", "github")
    assert code == 1
    col = char_column(package / "data" / "offices.csv", line, "status")
    assert col > 6  # a character column, not the field's number
    assert f"::error file=data/offices.csv,line={line},col={col},title=enum::status: 'raided'" in output


def test_json_format_is_machine_readable(package, set_cell):
    set_cell("offices", 0, "status", "raided")
    code, output = run_cli("validate", str(package), "--format", "json", stdout_only=True)
    report = json.loads(output)
    assert code == 1 and report["valid"] is False and report["errors"] == 1


def test_text_format_lists_every_failure_not_just_the_first(package, set_cell):
    set_cell("offices", 0, "status", "raided")
    set_cell("responses", 0, "date", "2022-02-30")
    code, output = run_cli("validate", str(package))
    assert code == 1
    offices = char_column(package / "data" / "offices.csv", 2, "status")
    responses = char_column(package / "data" / "responses.csv", 2, "date")
    assert f"data/offices.csv:2:{offices}: error [status]" in output
    assert f"data/responses.csv:2:{responses}: error [date]" in output
    assert "2 errors" in output


HEAVY = ("pandas", "pandera", "pyarrow", "numpy", "xlsxwriter", "duckdb", "frictionless")


def test_help_does_not_import_heavy_libraries():
    """A fresh interpreter (the only way to see what an import pulls in): --help stays quick."""
    probe = (
        "import sys; from officedata.cli import app; from click.testing import CliRunner; "
        "result = CliRunner().invoke(app, ['--help']); "
        "print(result.exit_code, 'validate' in result.output); "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert output.stdout.split("\n")[:2] == ["0 True", "[]"]


def test_module_entry_point_runs_as_a_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "officedata", "validate", str(REPO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _fresh_python(code: str, variable: str, value: str | None = None) -> str:
    """What `code` prints in a new interpreter whose environment sets `variable` to `value`
    (or leaves it unset)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != variable}
    if value:
        env[variable] = value
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


ARROW_POOL = "ARROW_DEFAULT_MEMORY_POOL"
POOL_AFTER_CLI_DEFAULTS = (
    "from officedata.cli import use_system_allocator_for_arrow as use\n"
    "use()\n"
    "import pyarrow as pa\n"
    "print(pa.default_memory_pool().backend_name)"
)


def test_the_cli_uses_the_system_allocator_for_arrow_unless_the_user_chose_one() -> None:
    assert _fresh_python(POOL_AFTER_CLI_DEFAULTS, ARROW_POOL) == "system"
    assert _fresh_python(POOL_AFTER_CLI_DEFAULTS, ARROW_POOL, "mimalloc") == "mimalloc"


def test_importing_the_library_leaves_arrow_s_allocator_alone() -> None:
    def pool(imports: str) -> str:
        code = f"import {imports}\nprint(pyarrow.default_memory_pool().backend_name)"
        return _fresh_python(code, ARROW_POOL)

    assert pool("officedata, officedata.cli, pyarrow") == pool("pyarrow")


def test_the_cli_asks_for_one_blas_thread_unless_the_user_chose_a_number() -> None:
    code = (
        "import os\n"
        "from officedata.cli import use_one_blas_thread\n"
        "use_one_blas_thread()\n"
        "print(os.environ.get('OPENBLAS_NUM_THREADS'))"
    )
    assert _fresh_python(code, "OPENBLAS_NUM_THREADS") == "1"
    assert _fresh_python(code, "OPENBLAS_NUM_THREADS", "4") == "4"
