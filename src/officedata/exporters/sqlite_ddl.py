"""The SQLite layout of the package, derived from the Table Schemas (never written by hand).

One table per resource, columns in schema order: integer → INTEGER, number → REAL, boolean →
INTEGER holding 0 or 1 (CHECK), string and date → TEXT; required → NOT NULL; an enum → CHECK
(value IN the enum); the primary key and foreign keys declared. Each partial date
(`officedata:partialDate`) is followed by `<field>_earliest` and `<field>_latest`, the first and
last day of the period it names (ISO dates). A list field is not a column: it becomes a link
table `<table>_<field>` (the row's key, the item's position from 0, the item), with foreign
keys to the row and, where the schema says each item is a reference, to the referenced table,
so `PRAGMA foreign_key_check` covers list items too. This module only plans and spells SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from officedata.schema.model import Field, TableSchema

SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
BOUND_SUFFIXES = ("_earliest", "_latest")
POSITION_COLUMN = "position"
PLAIN_VALUE_COLUMN = "value"


def quote(identifier: str) -> str:
    """An SQL identifier, always quoted, so any field name is safe."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    not_null: bool
    field: str  # the schema field it comes from
    bound: str | None = None  # "earliest" / "latest" for a derived partial-date bound
    check: str | None = None

    def definition(self) -> str:
        parts = [quote(self.name), self.sql_type]
        if self.not_null:
            parts.append("NOT NULL")
        if self.check:
            parts.append(f"CHECK ({self.check})")
        return " ".join(parts)


@dataclass(frozen=True)
class ForeignKeyPlan:
    columns: tuple[str, ...]
    table: str
    reference_columns: tuple[str, ...]

    def clause(self) -> str:
        here = ", ".join(quote(c) for c in self.columns)
        there = ", ".join(quote(c) for c in self.reference_columns)
        return f"FOREIGN KEY ({here}) REFERENCES {quote(self.table)} ({there})"


@dataclass(frozen=True)
class LinkTablePlan:
    """A list field of `parent` as rows (key..., position, item)."""

    name: str
    parent: str
    field: str
    key: tuple[Column, ...]  # the parent's primary key columns
    value: Column
    foreign_keys: tuple[ForeignKeyPlan, ...]

    @property
    def columns(self) -> tuple[Column, ...]:
        position = Column(POSITION_COLUMN, "INTEGER", True, self.field, check=None)
        return (*self.key, position, self.value)

    def create_statement(self) -> str:
        key = ", ".join(quote(c.name) for c in self.key)
        lines = [c.definition() for c in self.columns]
        lines.append(f"PRIMARY KEY ({key}, {quote(POSITION_COLUMN)})")
        lines.extend(fk.clause() for fk in self.foreign_keys)
        return _create_table(self.name, lines)


@dataclass(frozen=True)
class TablePlan:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKeyPlan, ...]
    links: tuple[LinkTablePlan, ...]

    def create_statement(self) -> str:
        lines = [c.definition() for c in self.columns]
        if self.primary_key:
            lines.append(f"PRIMARY KEY ({', '.join(quote(c) for c in self.primary_key)})")
        lines.extend(fk.clause() for fk in self.foreign_keys)
        return _create_table(self.name, lines)


def _create_table(name: str, lines: list[str]) -> str:
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {quote(name)} (\n  {body}\n)"


def field_columns(spec: Field) -> list[Column]:
    """The column(s) one non-list field becomes: itself, then its bounds if a partial date."""
    sql_type = SQL_TYPES.get(spec.type, "TEXT")
    check = None
    if spec.type == "boolean":
        check = f"{quote(spec.name)} IN (0, 1)"
    elif spec.enum:
        check = f"{quote(spec.name)} IN ({', '.join(literal(str(v)) for v in spec.enum)})"
    columns = [Column(spec.name, sql_type, spec.required, spec.name, check=check)]
    if spec.partial_date:
        for suffix in BOUND_SUFFIXES:
            columns.append(
                Column(spec.name + suffix, "TEXT", spec.required, spec.name, bound=suffix[1:])
            )
    return columns


def plan_table(name: str, schema: TableSchema) -> TablePlan:
    """The SQLite table of one resource and the link tables of its list fields."""
    columns: list[Column] = []
    links: list[LinkTablePlan] = []
    for spec in schema.fields:
        if spec.type != "list":
            columns.extend(field_columns(spec))
    by_name = {c.name: c for c in columns}
    if len(by_name) != len(columns):
        raise ValueError(f"{name}: a derived date-bound column clashes with a field name")
    key_columns = tuple(by_name[k] for k in schema.primary_key)
    foreign_keys = tuple(
        ForeignKeyPlan(fk.fields, fk.reference_resource, fk.reference_fields)
        for fk in schema.foreign_keys
        if not fk.each_item
    )
    for spec in schema.fields:
        if spec.type == "list":
            links.append(plan_link_table(name, schema, spec, key_columns))
    return TablePlan(name, tuple(columns), schema.primary_key, foreign_keys, tuple(links))


def plan_link_table(
    parent: str, schema: TableSchema, spec: Field, key_columns: tuple[Column, ...]
) -> LinkTablePlan:
    if not key_columns:
        raise ValueError(f"{parent}.{spec.name}: a list field needs a primary key to link rows")
    reference = next(
        (fk for fk in schema.foreign_keys if fk.each_item and fk.fields == (spec.name,)), None
    )
    key_names = {c.name for c in key_columns}
    value_name = PLAIN_VALUE_COLUMN
    if reference is not None and reference.reference_fields[0] not in key_names | {POSITION_COLUMN}:
        value_name = reference.reference_fields[0]  # e.g. report_id: says what the item is
    value_type = "INTEGER" if spec.item_type == "integer" else "TEXT"
    value = Column(value_name, value_type, True, spec.name)
    key = tuple(Column(c.name, c.sql_type, True, c.name) for c in key_columns)
    foreign_keys = [ForeignKeyPlan(tuple(c.name for c in key), parent, schema.primary_key)]
    if reference is not None:
        foreign_keys.append(
            ForeignKeyPlan((value_name,), reference.reference_resource, reference.reference_fields)
        )
    return LinkTablePlan(
        name=f"{parent}_{spec.name}",
        parent=parent,
        field=spec.name,
        key=key,
        value=value,
        foreign_keys=tuple(foreign_keys),
    )
