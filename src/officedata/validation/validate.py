"""Validate a whole package and report every failure, not just the first.

Order: descriptor and schemas (schema/descriptor.py) → each table's structure (table/csvfile.py)
→ types (table/table.py, through the type registry) → the checks generated from its schema
(validation/model.py, on the typed Arrow columns) → the registered rules a Table Schema cannot
express (validation/registry.py). A table too broken to read is reported and left out of the
later steps; everything else is still checked.

Tables are read and checked two at a time, and the rules run two at a time, on threads: nearly
all of the work is in pyarrow, polars and numpy kernels, which release the GIL, so the two big
tables (offices and responses) overlap on two cores. Findings are still gathered in resource
and rule order, so the report is the same as one thread's. Two, not one per core: each table in
flight holds its file and its parse buffers, and there are only two large tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from officedata.errors import PackageError
from officedata.failures import Failure, Findings, preview
from officedata.memory import return_freed_memory
from officedata.parallel import computed_in_order
from officedata.schema.model import Package, Resource
from officedata.table.csvfile import read_raw_table
from officedata.table.table import Table, type_table
from officedata.validation.positions import with_character_columns
from officedata.validation.registry import Rule, missing_fields, registered_rules
from officedata.validation.rules.base import Context

# Tables, and rules, in flight at once (see the module's docstring).
WORKERS = 2


@dataclass
class Validation:
    """The outcome: findings, and the package and tables when they could be read."""

    findings: Findings
    package: Package | None
    tables: dict[str, Table]

    @property
    def ok(self) -> bool:
        return self.findings.ok


def validate_package(path: str | Path | None = None, *, today: date | None = None) -> Validation:
    """Open the package at path (folder, datapackage.json or release zip) and validate it."""
    from officedata.source import opened_package

    try:
        with opened_package(path) as package:
            return validate(package, today=today)
    except PackageError as error:
        return Validation(Findings(list(error.failures)), None, {})


def validate(package: Package, *, today: date | None = None) -> Validation:
    """Every check on a package already opened: tables, models, then the registered rules."""
    findings = Findings()
    tables = read_tables(package, findings)
    context = Context(package=package, tables=tables, today=today or date.today())

    def run(registered: Rule) -> list[Failure]:
        gaps = list(missing_fields(context, registered))
        if gaps:
            return gaps
        try:
            return list(registered.check(context))
        except Exception as error:  # a bug in a rule must not hide every other finding
            return [internal_error(package.descriptor_file, registered.id, error)]

    for found in computed_in_order(registered_rules(), run, WORKERS):
        findings.extend(found)
    # Cells located by field become editor positions (line and character column).
    findings.items = with_character_columns(package, findings.items)
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


def read_tables(package: Package, findings: Findings) -> dict[str, Table]:
    """Read, type and model-check every resource; return those whose values could be read."""
    from officedata.validation.model import model_failures

    def read(resource: Resource) -> tuple[Table | None, list[Failure]]:
        raw, failures = read_raw_table(package, resource)
        if raw is None:
            return None, failures
        try:
            table, type_failures = type_table(raw, resource)
            failures += type_failures + model_failures(table)
            return_freed_memory()
        except Exception as error:  # a bug must not hide the other tables' findings
            failures.append(internal_error(resource.path, f"checking {resource.path}", error))
            return None, failures
        return table, failures

    tables: dict[str, Table] = {}
    read_in_order = computed_in_order(package.resources, read, WORKERS)
    for resource, (table, failures) in zip(package.resources, read_in_order, strict=True):
        findings.extend(failures)
        if table is not None:
            tables[resource.name] = table
    return tables
