"""The checks a Table Schema states, generated from it and run on the Table's typed columns.

Mapping (Table Schema → check, named after the constraint):
- `type` → the typed Arrow columns themselves (table/table.py, through the type registry);
- `required` → no empty cell (a list has at least one item, a string a visible character);
- `unique` → no value twice; `primaryKey` → no combination of its fields twice;
- `enum`, `pattern` (whole value), `minimum`/`maximum`, `minLength`/`maxLength`.
Every field of the schema is checked (tests fail if a constraint is left out). Empty cells pass
every constraint but `required`; a cell that failed its type is reported once, as a type failure.

Why polars expressions and not a pandera model: pandera (0.35, also its `pandera.polars`
backend) imports pandas from its top-level package whenever pandas is installed, and that
import alone (~1.3 CPU-s) costs more than frictionless' whole validation of the real package;
its polars backend also costs ~0.5 CPU-s more than plain expressions at 1e6 rows. So the
schema is compiled here, field by field, into polars expressions (hashing, comparisons,
lengths, enums) and RE2 patterns (pyarrow, the engine the descriptor reader vetted each pattern
for, linear-time and never Python's backtracking `re`). Each key column is hashed once, for its
`unique` constraint and for a primary key made of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from officedata.failures import Failure, preview
from officedata.schema.model import Field, TableSchema
from officedata.table.arrow_numpy import index_array

if TYPE_CHECKING:
    import numpy as np
    import polars as pl

    from officedata.table.table import Table

# Characters that show nothing: zero-width space, non-joiner and joiner, word joiner, byte order
# mark (zero-width no-break space) and soft hyphen. str.strip() keeps them, yet a value made only
# of them is as empty as "   ".
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Every character Python's str.isspace() is true for (what str.strip() removes); a test checks
# this against the whole of Unicode.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# A required text made only of these holds no value.
BLANK = WHITESPACE + INVISIBLE

# The value a failure shows for an empty cell (as the reports have always shown it).
EMPTY_SHOWN = "<NA>"


def constraints(spec: Field) -> list[tuple[str, Any]]:
    """The value constraints of a field, in the order they are checked and reported."""
    c = spec.constraints
    wanted = ["enum", "pattern", "minimum", "maximum", "minLength", "maxLength"]
    found = [(kind, c[kind]) for kind in wanted if kind in c]
    if spec.type == "list" and spec.required and "minLength" not in c:
        found.append(("minLength", 1))
    if spec.type == "string" and spec.required:
        # "   " is not empty to a CSV reader, but it is no value: required means a visible one.
        found.append(("notBlank", True))
    return found


def model_failures(table: Table) -> list[Failure]:
    """Every cell breaking a constraint of the table's schema, as located failures.

    Reported in this order: primary-key duplicates, then field by field: empty required cells,
    duplicates of a unique field, then each constraint in `constraints` order.
    """
    plan = check_plan(table)
    rows = failing_rows(table, plan)
    failures: list[Failure] = []
    for check in plan.checks:
        failures += _failures(table, check.field, rows[check.mask], check.kind)
    return failures


@dataclass(frozen=True)
class Check:
    """One check of one field: its kind (the failure's check name) and the mask it reads."""

    field: str
    kind: str
    mask: tuple[str, ...]  # the key of the failing-rows mask; checks may share one


@dataclass
class CheckPlan:
    """The checks in report order, and the masks they read: polars expressions, evaluated
    together (polars spreads them over the cores), and RE2 patterns run by pyarrow. A key
    column's duplicates are one mask, read by its `unique` and its primary-key check."""

    checks: list[Check] = field(default_factory=list)
    expressions: dict[tuple[str, ...], pl.Expr] = field(default_factory=dict)
    patterns: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)


def check_plan(table: Table) -> CheckPlan:
    import polars as pl

    schema = table.schema
    plan = CheckPlan()
    key = tuple(schema.primary_key)
    if key and all(table.has(name) for name in key):
        mask = ("duplicated", *key)
        column = pl.col(key[0]) if len(key) == 1 else pl.struct(list(key))
        plan.expressions[mask] = column.is_duplicated()
        plan.checks += [Check(name, "multiple_fields_uniqueness", mask) for name in key]
    for spec in schema.fields:
        name = spec.name
        if spec.required:
            plan.expressions["null", name] = pl.col(name).is_null()
            plan.checks.append(Check(name, "not_nullable", ("null", name)))
        if spec.unique:
            mask = ("duplicated", name)
            plan.expressions.setdefault(mask, pl.col(name).is_duplicated())
            plan.checks.append(Check(name, "field_uniqueness", mask))
        for kind, bound in constraints(spec):
            mask = (kind, name)
            if kind == "pattern":
                plan.patterns[mask] = (name, bound)
            else:
                dtype = table.polars_column(name).dtype
                plan.expressions[mask] = _TESTS[kind](pl.col(name), spec, bound, dtype)
            plan.checks.append(Check(name, kind, mask))
    return plan


def failing_rows(table: Table, plan: CheckPlan) -> dict[tuple[str, ...], np.ndarray]:
    """Every mask of the plan as the rows it marks, in row order."""
    import polars as pl

    rows = {mask: _pattern_failures(table, *check) for mask, check in plan.patterns.items()}
    if not plan.expressions:
        return rows
    expressions = list(plan.expressions.values())
    names = sorted({name for expression in expressions for name in expression.meta.root_names()})
    frame = pl.DataFrame([table.polars_column(name) for name in names])
    judged = frame.select(
        expression.fill_null(False).alias(str(index))
        for index, expression in enumerate(expressions)
    )
    for index, mask in enumerate(plan.expressions):
        rows[mask] = judged.get_column(str(index)).arg_true().to_numpy()
    return rows


def _pattern_failures(table: Table, name: str, pattern: str) -> np.ndarray:
    """Rows whose present value does not match the pattern whole."""
    import polars as pl
    import pyarrow as pa
    import pyarrow.compute as pc

    # RE2 on the Arrow column: linear time, the dialect the descriptor reader vetted.
    column = table.column(name)
    if not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    matched = pc.match_substring_regex(column, f"^(?:{pattern})$")
    return (~pl.Series(matched).fill_null(True)).arg_true().to_numpy()


def _not_in_enum(column: pl.Expr, spec: Field, bound: Any, dtype: Any) -> pl.Expr:
    import polars as pl

    allowed = pl.Series(_enum_values(spec, bound), dtype=dtype, strict=False).drop_nulls()
    return ~column.is_in(allowed.implode())


def _blank(column: Any, spec: Field | None, bound: Any, dtype: Any = None) -> Any:
    # One vectorised strip of every blank and invisible character; no regex per cell. Works on
    # an expression and on a Series alike.
    return column.str.strip_chars(BLANK) == ""


def _length(column: pl.Expr, spec: Field) -> pl.Expr:
    return column.list.len() if spec.type == "list" else column.str.len_chars()


_TESTS: dict[str, Callable[[pl.Expr, Field, Any, Any], pl.Expr]] = {
    "enum": _not_in_enum,
    "notBlank": _blank,
    "minimum": lambda column, spec, bound, dtype: column < bound,
    "maximum": lambda column, spec, bound, dtype: column > bound,
    "minLength": lambda column, spec, bound, dtype: _length(column, spec) < bound,
    "maxLength": lambda column, spec, bound, dtype: _length(column, spec) > bound,
}


def _enum_values(spec: Field, bound: Any) -> list[Any]:
    """The enum as values of the column: a numeric field's enum may list numbers, or their
    lexical forms ("1"), as the Table Schema allows; both are compared as numbers. A value of
    another kind (a number in a text field's enum) can equal no cell."""
    values: list[Any] = []
    for value in bound:
        if spec.type in ("integer", "number") and isinstance(value, str):
            try:
                value = int(value) if spec.type == "integer" else float(value)
            except ValueError:
                continue  # no number can equal it
        if spec.type == "integer" and isinstance(value, float):
            if not value.is_integer():
                continue
            value = int(value)
        if _same_kind(spec, value):
            values.append(value)
    return values


def _same_kind(spec: Field, value: Any) -> bool:
    if spec.type in ("integer", "number"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if spec.type == "boolean":
        return isinstance(value, bool)
    return isinstance(value, str)


def _failures(table: Table, name: str, rows: np.ndarray, check: str) -> Iterator[Failure]:
    """A failure for each row, except cells that already failed their type."""
    if not len(rows):
        return
    spec = table.schema.field(name)
    values = table.column(name).take(index_array(rows)).to_pylist()
    for row, value in zip(rows.tolist(), values, strict=True):
        if (row, name) in table.bad_cells:
            continue  # already reported as a type failure
        rule, message = _explain(check, spec, value, table.schema)
        yield Failure(
            file=table.file,
            line=table.line_of(row),
            column=table.column_number(name),
            rule=rule,
            message=message,
            field=name,
            value=EMPTY_SHOWN if value is None else str(value),
        )


def _explain(check: str, spec: Field, value: Any, schema: TableSchema) -> tuple[str, str]:
    shown = preview(value)
    if check == "not_nullable":
        return "required", "is required but empty"
    if check == "notBlank":
        return (
            "required",
            "is required but holds only spaces or other blank or invisible characters (such as U+200B zero-width space)",
        )
    if check == "multiple_fields_uniqueness":
        key = ", ".join(schema.primary_key)
        return "primary-key", f"duplicate primary key ({key}) {shown}"
    if check == "field_uniqueness":
        return "unique", f"{shown} appears more than once; values in this column must be unique"
    c = spec.constraints
    if check == "enum":
        return "enum", f"{shown} is not one of: {', '.join(str(v) for v in c['enum'])}"
    if check == "pattern":
        if spec.partial_date:
            return "pattern", f"{shown} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
        return "pattern", f"{shown} does not match the pattern {c['pattern']}"
    if check == "minimum":
        return "minimum", f"{shown} is below the minimum {c['minimum']}"
    if check == "maximum":
        return "maximum", f"{shown} is above the maximum {c['maximum']}"
    if check == "maxLength":
        return "maxLength", f"is {_size(value)} long; at most {c['maxLength']} allowed"
    bound = c.get("minLength", 1)
    return "minLength", f"is {_size(value)} long; at least {bound} required"


def _size(value: Any) -> str:
    count = len(value) if hasattr(value, "__len__") else 0
    unit = "items" if isinstance(value, list) else "characters"
    return f"{count:,} {unit}"
