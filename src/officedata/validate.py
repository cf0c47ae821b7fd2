"""Validate a whole package and report every failure, not just the first.

Order: descriptor and schemas (package.py) → each table's structure (csvfile.py) → types
(tables.py) → the pandera model generated from its schema (rules/model.py) → the rules a
Table Schema cannot express (rules/*). A table too broken to read is reported and left out of
the later steps; everything else is still checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from officedata.csvfile import read_raw_table
from officedata.failures import Failure, Findings, PackageError, preview
from officedata.package import Package, load_package
from officedata.rules import countries, dates, geo, keys, status
from officedata.rules.base import Context, Rule
from officedata.tables import TypedTable, type_table

CROSS_TABLE_RULES: tuple[Rule, ...] = (
    keys.check_foreign_keys,
    dates.check_partial_dates,
    dates.check_status_after_first_report,
    status.check_status,
    geo.check_coordinates,
    geo.check_gazetteer,
    countries.check_country_codes,
    countries.check_host_countries,
    countries.check_reported_counts,
)


@dataclass
class Validation:
    """The outcome: findings, and the package and typed tables when they could be read."""

    findings: Findings
    package: Package | None
    tables: dict[str, TypedTable]

    @property
    def ok(self) -> bool:
        return self.findings.ok


def validate_package(path: str | Path | None = None, *, today: date | None = None) -> Validation:
    findings = Findings()
    try:
        package = load_package(path)
    except PackageError as error:
        findings.extend(error.failures)
        return Validation(findings, None, {})
    tables = read_tables(package, findings)
    context = Context(package=package, tables=tables, today=today or date.today())
    for rule in CROSS_TABLE_RULES:
        try:
            findings.extend(list(rule(context)))
        except Exception as error:  # a bug in a rule must not hide every other finding
            findings.add(internal_error(package.descriptor_file, rule.__name__, error))
    return Validation(findings, package, tables)


def internal_error(file: str, step: str, error: Exception) -> Failure:
    """A crash inside officedata, reported as a failure (exit 1) instead of a traceback."""
    return Failure(
        file=file,
        line=None,
        column=None,
        rule="internal-error",
        message=f"officedata could not finish {step} ({type(error).__name__}: "
        f"{preview(error)}); this is a bug in officedata, please report it",
    )


def read_tables(package: Package, findings: Findings) -> dict[str, TypedTable]:
    """Read, type and model-check every resource; return those whose values could be read."""
    from officedata.rules.model import build_model, model_failures

    tables: dict[str, TypedTable] = {}
    for resource in package.resources:
        raw, failures = read_raw_table(package, resource)
        findings.extend(failures)
        if raw is None:
            continue
        try:
            typed, failures = type_table(raw, resource.schema)
            findings.extend(failures)
            model = build_model(resource.schema, resource.name)
            findings.extend(model_failures(typed, resource.schema, model))
        except Exception as error:  # a bug must not hide the other tables' findings
            findings.add(internal_error(resource.path, f"checking {resource.path}", error))
            continue
        tables[resource.name] = typed
    return tables
