"""A pandera schema for a table's pandas frame, derived from its Table Schema.

For people who use the data: `pandera_schema("offices").validate(frame)` checks a frame the
loader returned (or an edited copy of it) against the schema the package ships, and raises
pandera's `SchemaError` (`SchemaErrors` with `lazy=True`) naming the column and the cases.

Mapping (Table Schema → pandera), for the frame `officedata.load` returns:
- columns: every field, and `<field>_earliest` / `<field>_latest` beside each partial date
  (nullable dates, which must be the first and last day the text can mean); no other
  column (`strict`);
- `type` → the loader's dtype: the type registry's pandas dtype (`schema/types.py`), enums as
  categoricals of the schema's values, list fields as Python lists (`loader.with_categories`);
- `required` → not nullable; `unique` → unique; `primaryKey` → unique over its fields;
- each constraint of `validation.model.constraints` (the validator's own list, so the two
  check the same things): `enum` → isin, `pattern` → the whole value matches (RE2),
  `minimum`/`maximum` → ge/le, `minLength`/`maxLength` → str_length or the list's length,
  and a required text must hold a visible character.

`officedata validate` does not use this: pandera imports pandas at top level, and the validator
stays free of it (`validation/model.py`). Importing this module imports neither pandera nor
pandas; the function does, and without pandera it names the extra to install.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from officedata.loader import MissingBackend, UnknownTable, package_at
from officedata.schema.model import Field, TableSchema
from officedata.schema.partial_dates import partial_date_bounds
from officedata.schema.types import field_type
from officedata.table.date_bounds import bound_names
from officedata.validation.model import BLANK, _enum_values, constraints

if TYPE_CHECKING:
    import pandas as pd
    from pandera.api.pandas.container import DataFrameSchema


def pandera_schema(name: str, path: str | Path | None = None) -> DataFrameSchema:
    """The pandera DataFrameSchema of one table, for the frame `officedata.load(name)` returns.

    `path`: a package folder, its datapackage.json or a release zip; default: the data
    installed with officedata. Reads only the descriptor and the schemas."""
    try:
        import pandera.pandas  # noqa: F401  (imported here: it imports pandas)
    except ImportError:
        raise MissingBackend(
            "pandera_schema needs pandera: pip install 'officedata[pandera]'"
        ) from None
    with package_at(path) as package:
        if name not in package.resource_names:
            raise UnknownTable(
                f"no table named {name!r}; the package has {', '.join(package.resource_names)}"
            )
        resource = package.resource(name)
        return schema_of(resource.schema, title=resource.title or name)


def schema_of(schema: TableSchema, title: str) -> DataFrameSchema:
    """The pandera schema of a Table Schema (pandera must be importable)."""
    import pandera.pandas as pa

    columns: dict[str, Any] = {}
    for spec in schema.fields:
        columns[spec.name] = pa.Column(
            loader_dtype(spec),
            checks=checks_of(spec),
            nullable=not spec.required,
            unique=spec.unique,
            title=spec.title or None,
            description=spec.description or None,
        )
        if spec.partial_date:
            for bound in bound_names(spec.name):
                columns[bound] = pa.Column("datetime64[s]", nullable=True)
    return pa.DataFrameSchema(
        columns,
        checks=[bounds_agree(spec) for spec in schema.fields if spec.partial_date],
        strict=True,
        unique=list(schema.primary_key) or None,
        name=title,
        title=schema.title or None,
        description=schema.description or None,
    )


def loader_dtype(spec: Field) -> object:
    """The dtype of the field's column in the loader's pandas frame (`loader.with_categories`
    turns enums into categoricals and lists into Python lists; the rest is the registry's)."""
    import pandas as pd

    if spec.type == "list":
        return "object"
    if spec.enum and spec.type == "string":
        return pd.CategoricalDtype(categories=list(spec.enum), ordered=False)
    return field_type(spec).pandas_dtype(spec)


def checks_of(spec: Field) -> list[Any]:
    """One pandera check per constraint the validator checks on this field."""
    import pandera.pandas as pa

    checks = []
    if spec.type == "list":
        kind = int if spec.item_type == "integer" else str
        checks.append(
            pa.Check(
                lambda value: isinstance(value, list) and all(isinstance(i, kind) for i in value),
                element_wise=True,
                name=f"list_of_{spec.item_type}",
                error=f"a list of {spec.item_type}s",
            )
        )
    for constraint, bound in constraints(spec):
        checks.append(check_for(spec, constraint, bound))
    return checks


def check_for(spec: Field, constraint: str, bound: Any) -> Any:
    import pandera.pandas as pa

    if constraint == "enum":
        return pa.Check.isin(_enum_values(spec, bound) if spec.type != "string" else bound)
    if constraint == "pattern":
        # The whole value, as Table Schema means it, always in RE2 (the dialect the descriptor
        # reader vetted, as the validator runs it): pandera's str_matches is a prefix match,
        # and on an object column Python's re, whose `$` also matches before a final newline.
        return pa.Check(
            lambda values: matches_whole(values, bound), name="str_matches",
            error=f"str_matches('^(?:{bound})$')",
        )  # fmt: skip
    if constraint == "minimum":
        return pa.Check.ge(bound)
    if constraint == "maximum":
        return pa.Check.le(bound)
    if constraint == "notBlank":
        return pa.Check(
            lambda values: values.str.strip(BLANK) != "", name="not_blank",
            error="a visible character (required)",
        )  # fmt: skip
    if constraint in ("minLength", "maxLength"):
        low, high = (bound, None) if constraint == "minLength" else (None, bound)
        if spec.type != "list":
            return pa.Check.str_length(min_value=low, max_value=high)
        return pa.Check(
            lambda value: (low is None or len(value) >= low) and (high is None or len(value) <= high),
            element_wise=True, name=f"list_{constraint}", error=f"{constraint} {bound}",
        )  # fmt: skip
    raise ValueError(f"{spec.name}: no pandera check for the {constraint!r} constraint")


def matches_whole(values: pd.Series, pattern: str) -> pd.Series:
    """True where the whole text matches the pattern (RE2); nulls pass (required checks them)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pa.array(values.astype(object), type=pa.string(), from_pandas=True)
    matched = pc.match_substring_regex(text, f"^(?:{pattern})$").fill_null(True)
    return pd.Series(matched.to_numpy(zero_copy_only=False), index=values.index)


def bounds_agree(spec: Field) -> Any:
    """`<field>_earliest` / `<field>_latest` are the first and last day the partial date's text
    can mean (`partial_dates.partial_date_bounds`), so an edited date cannot leave them stale."""
    import pandera.pandas as pa

    def agree(frame: pd.DataFrame) -> pd.Series:
        import pandas as pd

        text = frame[spec.name].astype(object)
        spans = {t: partial_date_bounds(t) for t in set(text.dropna()) if isinstance(t, str)}
        agreed = pd.Series(True, index=frame.index)
        for side, column in enumerate(bound_names(spec.name)):
            days = {t: pd.Timestamp(span[side]) for t, span in spans.items() if span}
            wanted = pd.to_datetime(text.map(days))
            found = frame[column]
            agreed &= (found == wanted).fillna(False) | (found.isna() & wanted.isna())
        return agreed

    earliest, latest = bound_names(spec.name)
    return pa.Check(
        agree, name=f"{spec.name}_bounds",
        error=f"{earliest} and {latest} are the first and last day {spec.name} can mean",
    )  # fmt: skip
