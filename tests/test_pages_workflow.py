"""The Pages workflow publishes the built site on version tags, and .ci/run provides a browser."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def test_pages_workflow_uploads_the_built_site_on_version_tags() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert workflow.get("on", workflow.get(True)) == {"push": {"tags": ["v*"]}}
    [job] = workflow["jobs"].values()
    runs = [step.get("run", "") for step in job["steps"]]
    assert "officedata build --out dist" in runs
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "dist/site"
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in job["steps"])
    assert workflow["permissions"]["pages"] == "write"


def test_ci_run_installs_chromium_before_the_tests() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    install = script.index("apt-get install -y -q --no-install-recommends chromium chromium-driver")
    assert install < script.index(".venv/bin/python -m pytest")
