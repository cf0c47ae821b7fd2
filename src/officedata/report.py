"""Findings → text for people, JSON for programs, or GitHub Actions annotations.

Every line names the file, the line as an editor counts it, the column, the rule and the
reason in plain words. Nothing here decides validity; it only presents.
"""

from __future__ import annotations

import json

from officedata.failures import Failure, Findings

FORMATS = ("text", "json", "github")


def render(findings: Findings, fmt: str, *, subject: str = "package") -> str:
    if fmt == "json":
        return render_json(findings)
    if fmt == "github":
        return render_github(findings)
    return render_text(findings, subject=subject)


def location(failure: Failure) -> str:
    return failure.location


# A run of more failures than this with the same reason in one column is summarised.
RUN_SHOWN = 3
RUN_SUMMARISED_FROM = 10


def render_text(findings: Findings, *, subject: str = "package") -> str:
    lines: list[str] = []
    runs: dict[tuple[object, ...], list[Failure]] = {}
    for failure in findings.sorted():
        runs.setdefault(_run_key(failure), []).append(failure)
    for run in runs.values():
        if len(run) < RUN_SUMMARISED_FROM:
            lines.extend(failure.describe() for failure in run)
            continue
        lines.extend(failure.describe() for failure in run[:RUN_SHOWN])
        first = run[0]
        lines.append(
            f"{first.file}: … and {len(run) - RUN_SHOWN} more {first.severity}s like these in "
            f"{first.field or 'the same column'} ({first.rule}){_hint(first)}"
        )
    errors, warnings = len(findings.errors), len(findings.warnings)
    verdict = "valid" if findings.ok else "INVALID"
    lines.append(
        f"{subject} is {verdict}: {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}"
    )
    return "\n".join(lines)


def _run_key(failure: Failure) -> tuple[object, ...]:
    """Failures alike but for their line: same file, field, rule, severity and value."""
    return (failure.file, failure.field, failure.rule, failure.severity, failure.value)


def _hint(failure: Failure) -> str:
    if failure.rule in ("type", "enum"):
        return (
            "; if a spreadsheet rewrote these cells (TRUE/FALSE, quoting), run `officedata fmt`, "
            "which restores the canonical form without changing values"
        )
    return ""


def render_json(findings: Findings) -> str:
    payload = {
        "valid": findings.ok,
        "errors": len(findings.errors),
        "warnings": len(findings.warnings),
        "failures": [f.to_dict() for f in findings.sorted()],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Findings) -> str:
    lines = []
    for failure in findings.sorted():
        props = [f"file={_escape_property(failure.file)}"]
        if failure.line is not None:
            props.append(f"line={failure.line}")
        if failure.column is not None:
            props.append(f"col={failure.column}")
        props.append(f"title={_escape_property(failure.rule)}")
        field = f"{failure.field}: " if failure.field else ""
        level = "warning" if failure.severity == "warning" else "error"
        lines.append(f"::{level} {','.join(props)}::{_escape_data(field + failure.message)}")
    return "\n".join(lines)
