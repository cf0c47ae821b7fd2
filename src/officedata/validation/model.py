"""Generate a pandera model from a Table Schema, and turn its failures into located messages.

Mapping (Table Schema → pandera):
- `type` → column dtype (the typed frame from tables.py);
- `required` → not nullable (a list must have at least one item, a string a non-blank character);
- `unique` → unique column; `primaryKey` → unique combination of its fields;
- `enum`, `pattern` (whole value), `minimum`/`maximum`, `minLength`/`maxLength` → checks.
Every field of the schema gets a column in the model; tests fail if one is missing (drift).
pandera's own `from_frictionless_schema` drops types and keys, so this mapping is our own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from officedata.failures import Failure, preview
from officedata.schema.model import Field, TableSchema
from officedata.schema.types import field_type

if TYPE_CHECKING:
    import pandera.pandas as pa

    from officedata.table.table import Table



def _import_pandera() -> None:
    # builtin_checks is otherwise first imported inside the first validate() call.
    import pandera.backends.pandas.builtin_checks
    import pandera.pandas  # noqa: F401


def build_model(schema: TableSchema, name: str = "") -> pa.DataFrameSchema:
    """The pandera DataFrameSchema that enforces this Table Schema's types and constraints."""
    _import_pandera()
    import pandera.pandas as pa

    columns = {spec.name: _column(spec) for spec in schema.fields}
    return pa.DataFrameSchema(
        columns,
        name=name or None,
        strict=True,
        ordered=True,
        unique=list(schema.primary_key) or None,
        report_duplicates="all",
    )


def _column(spec: Field) -> pa.Column:
    import pandera.pandas as pa

    checks = [_check(kind, spec, bound) for kind, bound in _constraints(spec)]
    return pa.Column(
        field_type(spec).pandas_dtype(spec),
        checks=checks,
        nullable=not spec.required,
        unique=spec.unique,
        coerce=False,
        required=True,
        title=spec.title or None,
        description=spec.description or None,
    )


def _constraints(spec: Field) -> list[tuple[str, Any]]:
    c = spec.constraints
    wanted = ["enum", "pattern", "minimum", "maximum", "minLength", "maxLength"]
    found = [(kind, c[kind]) for kind in wanted if kind in c]
    if spec.type == "list" and spec.required and "minLength" not in c:
        found.append(("minLength", 1))
    if spec.type == "string" and spec.required:
        # "   " is not empty to a CSV reader, but it is no value: required means a visible one.
        found.append(("notBlank", True))
    return found


def _check(kind: str, spec: Field, bound: Any) -> pa.Check:
    """One pandera check; its name is the Table Schema constraint it enforces."""
    import pandera.pandas as pa

    # Empty cells pass every constraint check (`required` is checked apart). The checks say
    # so themselves (fillna(True)) instead of letting pandera drop the empty cells first,
    # which copies every nullable column once per check.
    if kind == "enum":
        allowed = _enum_values(spec, bound)
        test = lambda s: s.isin(allowed) | s.isna()  # noqa: E731
    elif kind == "pattern":
        test = _matches(f"^(?:{bound})$")
    elif kind == "notBlank":
        test = _not_blank
    elif kind == "minimum":
        test = lambda s: (s >= bound).fillna(True)  # noqa: E731
    elif kind == "maximum":
        test = lambda s: (s <= bound).fillna(True)  # noqa: E731
    elif kind == "minLength":
        test = lambda s: (_length(s) >= bound).fillna(True)  # noqa: E731
    else:
        test = lambda s: (_length(s) <= bound).fillna(True)  # noqa: E731
    return pa.Check(test, name=kind, error=kind, statistics={"bound": bound}, ignore_na=False)


def _enum_values(spec: Field, bound: Any) -> list[Any]:
    """The enum as values of the column: a numeric field's enum may list numbers, or their
    lexical forms ("1"), as the Table Schema allows; both are compared as numbers."""
    if spec.type not in ("integer", "number"):
        return list(bound)
    values: list[Any] = []
    for value in bound:
        if isinstance(value, str):
            try:
                value = int(value) if spec.type == "integer" else float(value)
            except ValueError:
                continue  # no number can equal it
        values.append(value)
    return values


# Characters that show nothing: zero-width space, non-joiner and joiner, word joiner, byte order
# mark (zero-width no-break space) and soft hyphen. str.strip() keeps them, yet a value made only
# of them is as empty as "   ".
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Python's str.isspace() characters (what str.strip() removes) and the invisible ones, spelled
# for RE2 (pyarrow), whose own `\s` is ASCII only.
_BLANK = (
    r"[\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{ad}\x{1680}\x{2000}-\x{200d}\x{2028}\x{2029}"
    r"\x{202f}\x{205f}\x{2060}\x{3000}\x{feff}]"
)


def _not_blank(series):
    """False where a text holds only blank characters (as str.strip() sees them) or invisible
    ones (INVISIBLE).

    Only texts that start with a blank character can be blank; Arrow finds those, and Python
    judges just them, instead of stripping every value of the column.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    starts_blank = pc.fill_null(pc.match_substring_regex(pa.array(series), f"^{_BLANK}"), False)
    result = pd.Series(True, index=series.index)
    candidates = series[starts_blank.to_numpy(zero_copy_only=False)]
    if len(candidates):
        result.loc[candidates.index] = [_visible(text) for text in candidates]
    return result


def _matches(pattern: str) -> Any:
    """A check that whole values match `pattern`, run by RE2 in Arrow (linear time, never
    Python's backtracking `re`); empty cells pass."""

    def test(series: Any) -> Any:
        import pandas as pd
        import pyarrow as pa
        import pyarrow.compute as pc

        matched = pc.match_substring_regex(pa.array(series, pa.string()), pattern)
        return pd.Series(pc.fill_null(matched, True).to_numpy(zero_copy_only=False), index=series.index)

    return test


def _visible(text: str) -> bool:
    """Whether a text holds a character that shows: not only blanks and invisible characters."""
    return bool(text.translate(_REMOVE_INVISIBLE).strip())


_REMOVE_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))


def _length(series):
    if hasattr(series, "list"):  # Arrow lists: number of items
        return series.list.len()
    return series.map(len) if series.dtype == object else series.str.len()


def model_failures(table: Table, model: pa.DataFrameSchema) -> list[Failure]:
    """Validate the typed frame with the model; every failing cell becomes a Failure."""
    import pandera.pandas as pa

    try:
        model.validate(table.frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    failures = []
    schema = table.schema
    for case in cases.itertuples(index=False):
        row = None if case.index is None or case.index != case.index else int(case.index)
        column = case.column if isinstance(case.column, str) else None
        if row is not None and column is not None and (row, column) in table.bad_cells:
            continue  # already reported as a type failure
        spec = schema.field(column) if column in schema.field_names else None
        rule, message = _explain(str(case.check), spec, case.failure_case, schema)
        failures.append(
            Failure(
                file=table.file,
                line=table.line_of(row) if row is not None else None,
                column=table.column_number(column) if column in schema.field_names else None,
                rule=rule,
                message=message,
                field=column,
                value=None if case.failure_case is None else str(case.failure_case),
            )
        )
    return failures


def _explain(check: str, spec: Field | None, value: Any, schema: TableSchema) -> tuple[str, str]:
    shown = preview(value)
    if check == "not_nullable":
        return "required", "is required but empty"
    if check == "notBlank":
        return "required", "is required but holds only spaces or other blank or invisible characters (such as U+200B zero-width space)"
    if check == "multiple_fields_uniqueness":
        key = ", ".join(schema.primary_key)
        return "primary-key", f"duplicate primary key ({key}) {shown}"
    if check == "field_uniqueness":
        return "unique", f"{shown} appears more than once; values in this column must be unique"
    if spec is None:
        return "schema", f"{check}: {shown}"
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
    if check == "minLength":
        bound = c.get("minLength", 1)
        return "minLength", f"is {_size(value)} long; at least {bound} required"
    return check, f"{shown} fails {check}"


def _size(value: Any) -> str:
    count = len(value) if hasattr(value, "__len__") else 0
    unit = "items" if isinstance(value, list) else "characters"
    return f"{count:,} {unit}"
