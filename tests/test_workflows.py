"""The contributor workflow files say what they should: CI runs the same checks as .ci/run, the
release refuses a tag that is not the package version and publishes exactly the built files."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import package_version, release_zip

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"


def load_workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as True.
    return workflow.get("on", workflow.get(True))


def steps(workflow: dict) -> list[dict]:
    [job] = workflow["jobs"].values()
    return job["steps"]


def step(workflow: dict, name: str) -> dict:
    return next(s for s in steps(workflow) if s.get("name") == name)


def normalise(command: str) -> str:
    """One command as words, without what differs only in presentation between CI and local."""
    words = shlex.split(command)
    words[0] = words[0].removeprefix(".venv/bin/")
    words = [w for w in words if w != "--quiet"]
    if words[-2:] == ["--format", "github"]:
        words = words[:-2]  # annotations on GitHub, plain text locally
    return " ".join(words)


def ci_run_commands() -> list[str]:
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [normalise(line) for line in lines if line.startswith(".venv/bin/")]
    return [c for c in commands if c != "python -m pip install --upgrade pip"]


def workflow_commands(workflow: dict) -> list[str]:
    return [
        normalise(line)
        for s in steps(workflow)
        if "run" in s
        for line in s["run"].splitlines()
        if line.strip() and not line.startswith(" ")
    ]


def test_ci_run_runs_the_project_checks() -> None:
    commands = ci_run_commands()
    for check in (
        "officedata fmt --check",
        "officedata validate",
        "ruff check .",
        "python -m pytest -q",
        "officedata build --out dist",
    ):
        assert check in commands


def test_validate_workflow_runs_the_same_commands_as_ci_run() -> None:
    workflow = load_workflow("validate.yml")
    assert workflow_commands(workflow) == ci_run_commands()


def test_validate_workflow_runs_on_pull_requests_and_pushes_with_python_311() -> None:
    workflow = load_workflow("validate.yml")
    assert {"pull_request", "push"} <= set(triggers(workflow))
    setup = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"
    assert step(workflow, "Validate the package")["run"] == "officedata validate --format github"


def test_release_runs_the_checks_then_builds_on_version_tags() -> None:
    workflow = load_workflow("release.yml")
    assert triggers(workflow) == {"push": {"tags": ["v*"]}}
    commands = [
        normalise(s["run"])
        for s in steps(workflow)
        if s.get("name")
        not in ("Tag must equal the package version", "Collect the release assets", "Publish")
        and "run" in s
    ]
    # The same checks and build as every pull request, before anything is published; the
    # release's build also names the repository it is built from (for CITATION.cff).
    repository = " --repository ${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}"
    assert sum(command.endswith(repository) for command in commands) == 1, commands
    assert [command.removesuffix(repository) for command in commands] == ci_run_commands()


def run_step(workflow: dict, name: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    script = step(workflow, name)["run"]
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def python_on_path(tmp_path: Path) -> str:
    """A PATH whose `python` is the interpreter running the tests."""
    import sys

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    return f"{bin_dir}:/usr/bin:/bin"


@pytest.mark.parametrize(
    ("tag", "accepted"),
    [(f"v{package_version()}", True), ("v999.0.0", False), (package_version(), False)],
)
def test_release_refuses_a_tag_that_is_not_the_package_version(tmp_path, tag, accepted) -> None:
    done = run_step(
        load_workflow("release.yml"),
        "Tag must equal the package version",
        REPO,
        GITHUB_REF_NAME=tag,
        PATH=python_on_path(tmp_path),
    )
    assert (done.returncode == 0) is accepted, done.stdout + done.stderr
    if not accepted:
        assert f"does not match the package version {package_version()}" in done.stdout


def fake_release(root: Path, version: str) -> None:
    for name in (
        "datapackage.json",
        "data/offices.csv",
        "parquet/offices.parquet",
        "SHA256SUMS",
        f"officedata-{version}.zip",
        "site/index.html",
        "site/stations/index.html",
    ):
        path = root / "dist" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"content of {name}\n", encoding="utf-8")


def test_release_assets_are_the_built_files_with_their_checksums(tmp_path) -> None:
    fake_release(tmp_path, "1.2.3")
    done = run_step(
        load_workflow("release.yml"), "Collect the release assets", tmp_path, version="1.2.3"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assets = sorted(p.name for p in (tmp_path / "assets").iterdir())
    assert assets == sorted(
        ["datapackage.json", "offices.csv", "offices.parquet", "officedata-1.2.3.zip", "SHA256SUMS"]
    )
    sums = (tmp_path / "assets" / "SHA256SUMS").read_text(encoding="utf-8")
    assert sorted(re.findall(r"  (\S+)\n", sums)) == sorted(a for a in assets if a != "SHA256SUMS")


def test_release_fails_without_the_zip(tmp_path) -> None:
    fake_release(tmp_path, "1.2.3")
    (tmp_path / "dist" / "officedata-1.2.3.zip").unlink()
    done = run_step(
        load_workflow("release.yml"), "Collect the release assets", tmp_path, version="1.2.3"
    )
    assert done.returncode != 0


def test_release_publishes_every_collected_asset() -> None:
    publish = step(load_workflow("release.yml"), "Publish")["run"]
    assert 'gh release create "${GITHUB_REF_NAME}" assets/*' in publish


def test_pre_commit_runs_fmt_check_and_validate_locally() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    assert [h["entry"] for h in hooks] == ["officedata fmt --check", "officedata validate"]
    assert all(h["language"] == "system" and h["pass_filenames"] is False for h in hooks)
    assert all(re.search(h["files"], "data/offices.csv") for h in hooks)


def test_pull_request_template_has_the_checklist() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", template, flags=re.M)
    assert len(items) >= 6
    assert any("officedata validate" in item for item in items)
    assert any("sources" in item for item in items)


def test_release_assets_from_a_real_build_are_every_file_flat(release: Path, tmp_path) -> None:
    shutil.copytree(release, tmp_path / "dist")  # the session's release, built by `build`
    version = package_version()
    done = run_step(
        load_workflow("release.yml"), "Collect the release assets", tmp_path, version=version
    )
    assert done.returncode == 0, done.stdout + done.stderr
    files = [p for p in (tmp_path / "dist").rglob("*") if p.is_file()]
    # The site's pages go to GitHub Pages (and are in the zip), not to the release's assets.
    outside_site = [p for p in files if "site" not in p.relative_to(tmp_path / "dist").parts[:1]]
    built = {p.name for p in outside_site if p.name != "SHA256SUMS"}
    assert len(built) == len(outside_site) - 1  # flat names stay distinct
    assets = {p.name for p in (tmp_path / "assets").iterdir()}
    assert release_zip() in built
    assert assets == built | {"SHA256SUMS"}
