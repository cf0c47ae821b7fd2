"""The checks a Table Schema states, generated from it and run on the Table's typed columns.

Mapping (Table Schema → check, named after the constraint):
- `type` → the typed Arrow columns themselves (table/table.py, through the type registry);
- `required` → no empty cell (a list has at least one item, a string a visible character);
- `unique` → no value twice; `primaryKey` → no combination of its fields twice;
- `enum`, `pattern` (whole value), `minimum`/`maximum`, `minLength`/`maxLength`.
Every field of the schema is checked (tests fail if a constraint is left out). Empty cells pass
every constraint but `required`; a cell that failed its type is reported once, as a type failure.

Why Arrow compute and not a pandera model: pandera (0.35, also its `pandera.polars` backend)
imports pandas from its top-level package whenever pandas is installed, and that import alone
(~1.3 CPU-s) costs more than frictionless' whole validation of the real package; its polars
backend also costs ~0.5 CPU-s more than plain expressions at 1e6 rows. So the schema is
compiled here, field by field, into pyarrow compute calls on the typed columns themselves
(comparisons, lengths, enums, and RE2 patterns: the engine the descriptor reader vetted each
pattern for, linear-time and never Python's backtracking `re`). Polars' copies of the columns
would cost about 190 MB per million offices (its own string layout) for no faster a check.
Each key column is examined once, for its `unique` constraint and for a primary key made of
it: by comparing neighbours when it is sorted (fmt's canonical order), by hashing otherwise.
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
    import pyarrow as pa

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


# The rows (numpy, in row order) that fail one check of a table.
RowsOf = Callable[["Table"], "np.ndarray"]


@dataclass(frozen=True)
class Check:
    """One check of one field: its kind (the failure's check name) and the mask it reads."""

    field: str
    kind: str
    mask: tuple[str, ...]  # the key of the failing-rows mask; checks may share one


@dataclass
class CheckPlan:
    """The checks in report order, and how to find the rows failing each mask. A key column's
    duplicates are one mask, read by its `unique` and its primary-key check."""

    checks: list[Check] = field(default_factory=list)
    masks: dict[tuple[str, ...], RowsOf] = field(default_factory=dict)


def check_plan(table: Table) -> CheckPlan:
    schema = table.schema
    plan = CheckPlan()
    key = tuple(schema.primary_key)
    if key and all(table.has(name) for name in key):
        mask = ("duplicated", *key)
        plan.masks[mask] = _duplicated_key(key)
        plan.checks += [Check(name, "multiple_fields_uniqueness", mask) for name in key]
    for spec in schema.fields:
        name = spec.name
        if spec.required:
            plan.masks["null", name] = _empty_rows(name)
            plan.checks.append(Check(name, "not_nullable", ("null", name)))
        if spec.unique:
            mask = ("duplicated", name)
            plan.masks.setdefault(mask, _duplicated_key((name,)))
            plan.checks.append(Check(name, "field_uniqueness", mask))
        for kind, bound in constraints(spec):
            plan.masks[kind, name] = _present_rows_failing(name, _TESTS[kind], spec, bound)
            plan.checks.append(Check(name, kind, (kind, name)))
    return plan


def failing_rows(table: Table, plan: CheckPlan) -> dict[tuple[str, ...], np.ndarray]:
    """Every mask of the plan as the rows it marks, in row order."""
    return {mask: rows_of(table) for mask, rows_of in plan.masks.items()}


def _duplicated_key(key: tuple[str, ...]) -> RowsOf:
    return lambda table: duplicated_rows([table.column(name) for name in key])


def _empty_rows(name: str) -> RowsOf:
    import numpy as np
    import pyarrow.compute as pc

    from officedata.table.arrow_numpy import mask

    return lambda table: np.flatnonzero(mask(pc.is_null(table.column(name))))


# A test judges a column's cells (Arrow), True where a present value breaks the constraint;
# what it says of an empty cell does not matter, since empty cells pass every constraint.
Test = Callable[["pa.ChunkedArray", Field, Any], Any]


def _present_rows_failing(name: str, test: Test, spec: Field, bound: Any) -> RowsOf:
    import numpy as np
    import pyarrow.compute as pc

    from officedata.table.arrow_numpy import mask

    def rows(table: Table) -> np.ndarray:
        column = table.column(name)
        return np.flatnonzero(mask(test(column, spec, bound)) & mask(pc.is_valid(column)))

    return rows


def duplicated_rows(columns: list[pa.ChunkedArray]) -> np.ndarray:
    """Rows whose key (one value per column) appears more than once; empty counts as a value.

    A single key column in ascending order (fmt sorts every table by its primary key) has its
    duplicates side by side, so one comparison of neighbours finds them; any other key is
    hashed, once.
    """
    import numpy as np
    import pyarrow as pa

    if len(columns) == 1 and (adjacent := _sorted_duplicates(columns[0])) is not None:
        return adjacent
    if any(pa.types.is_list(column.type) for column in columns):
        return _duplicated_lists(columns)  # Arrow hashes no lists
    codes = [_value_codes(column) for column in columns]
    code = codes[0]
    for other in codes[1:]:  # one code per distinct combination, folded column by column
        code = np.unique(code * (int(other.max(initial=0)) + 1) + other, return_inverse=True)[1]
    if not len(code):
        return np.zeros(0, dtype=np.intp)
    return np.flatnonzero(np.bincount(code)[code] > 1)


def _sorted_duplicates(column: pa.ChunkedArray) -> np.ndarray | None:
    """Duplicated rows of a column without empty cells sorted ascending; None when it is not."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from officedata.table.arrow_numpy import mask

    kind = column.type
    comparable = pa.types.is_string(kind) or pa.types.is_integer(kind) or pa.types.is_date(kind)
    if not comparable or column.null_count or len(column) < 2:
        return None  # floats (NaN) and lists compare otherwise: hash them
    before, after = column[:-1], column[1:]
    if pc.any(pc.less(after, before)).as_py():
        return None
    same = mask(pc.equal(after, before))
    duplicated: np.ndarray = np.zeros(len(column), dtype=bool)
    duplicated[1:] |= same
    duplicated[:-1] |= same
    return np.flatnonzero(duplicated)


def _value_codes(column: pa.ChunkedArray) -> np.ndarray:
    """One integer per distinct value (empty cells share one), by hashing the column once."""
    import pyarrow.compute as pc

    from officedata.table.arrow_numpy import integers

    encoded = pc.dictionary_encode(column.combine_chunks(), null_encoding="encode")
    return integers(encoded.indices)


def _duplicated_lists(columns: list[pa.ChunkedArray]) -> np.ndarray:
    import polars as pl

    frame = pl.DataFrame([pl.Series(str(i), column) for i, column in enumerate(columns)])
    return frame.is_duplicated().arg_true().to_numpy()


def _not_in_enum(column: pa.ChunkedArray, spec: Field, bound: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_list(column.type):
        return pc.is_valid(column)  # an enum lists texts and numbers, never a list
    return pc.invert(pc.is_in(column, value_set=_allowed(spec, bound, column.type)))


def _allowed(spec: Field, bound: Any, kind: pa.DataType) -> pa.Array:
    """The enum's values as an Arrow array of the column's type (made without pandas)."""
    import numpy as np
    import pyarrow as pa

    from officedata.table.arrow_numpy import bool_array, float_array, index_array, string_array

    values = _enum_values(spec, bound)
    if pa.types.is_boolean(kind):
        return bool_array(np.array(values, dtype=bool))
    if pa.types.is_integer(kind):
        return index_array(np.array(values, dtype=np.int64))
    if pa.types.is_floating(kind):
        return float_array(values)
    texts = string_array(values)
    if pa.types.is_string(kind):
        return texts
    castable = [value for value in values if _casts(string_array([value]), kind)]
    return string_array(castable).cast(kind)


def _casts(value: pa.Array, kind: pa.DataType) -> bool:
    import pyarrow as pa

    try:
        value.cast(kind)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    return True


def _blank(column: Any, spec: Field | None, bound: Any) -> Any:
    # One vectorised strip of every blank and invisible character; no regex per cell.
    import pyarrow.compute as pc

    from officedata.table.arrow_numpy import string_array

    return pc.equal(pc.utf8_trim(column, BLANK), string_array([""])[0])


def _number(bound: float) -> pa.Scalar:
    from officedata.table.arrow_numpy import float_array

    return float_array([bound])[0]


def _length(column: pa.ChunkedArray, spec: Field) -> Any:
    import pyarrow.compute as pc

    return pc.list_value_length(column) if spec.type == "list" else pc.utf8_length(column)


def _breaks_pattern(column: pa.ChunkedArray, spec: Field, pattern: str) -> Any:
    """True where a value does not match the pattern whole (RE2: linear time, the dialect the
    descriptor reader vetted each pattern for, never Python's backtracking `re`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    return pc.invert(pc.match_substring_regex(column, f"^(?:{pattern})$"))


def _less(column: pa.ChunkedArray, spec: Field, bound: Any) -> Any:
    import pyarrow.compute as pc

    return pc.less(column, _number(bound))


def _greater(column: pa.ChunkedArray, spec: Field, bound: Any) -> Any:
    import pyarrow.compute as pc

    return pc.greater(column, _number(bound))


def _shorter(column: pa.ChunkedArray, spec: Field, bound: Any) -> Any:
    import pyarrow.compute as pc

    return pc.less(_length(column, spec), _number(bound))


def _longer(column: pa.ChunkedArray, spec: Field, bound: Any) -> Any:
    import pyarrow.compute as pc

    return pc.greater(_length(column, spec), _number(bound))


_TESTS: dict[str, Test] = {
    "enum": _not_in_enum,
    "pattern": _breaks_pattern,
    "notBlank": _blank,
    "minimum": _less,
    "maximum": _greater,
    "minLength": _shorter,
    "maxLength": _longer,
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
