"""Under CI, a skip is a failure.

A test that skips because a tool or library is missing passes silently on a laptop; in CI (the
CI environment variable set, as GitHub Actions does) it must fail, so that a missing dependency
can never turn a check off. Expected failures (xfail) stay what they are. tests/conftest.py
imports these hooks; tests/test_ci_skips.py proves they work.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


def _skip_fails_under_ci(report: pytest.TestReport | pytest.CollectReport) -> None:
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, which CI does not allow: {report.longrepr}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    _skip_fails_under_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    outcome = yield
    _skip_fails_under_ci(outcome.get_result())
