"""The data dictionary: one structured row per field of every table, from the Table Schemas.

The Excel release's dictionary sheet and `docs/data-dictionary.md` are both rendered from these
rows, so they cannot disagree with each other or with the schemas. This module only describes;
it reads no data and imports nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass

from officedata.schema.model import Field, Package, Resource
from officedata.schema.types import field_type


@dataclass(frozen=True)
class DictionaryRow:
    table: str
    field: str
    title: str
    type: str  # in words, e.g. "partial date (YYYY, YYYY-MM or YYYY-MM-DD)"
    required: bool
    constraints: str  # every constraint and key, in words; "" when none
    description: str
    enum_values: tuple[tuple[str, str], ...]  # (value, label) in schema order; label may be ""

    @property
    def enum_text(self) -> str:
        """The allowed values with their meanings, one per line: `value: label`."""
        return "\n".join(
            f"{value}: {label}" if label else value for value, label in self.enum_values
        )


def type_in_words(spec: Field) -> str:
    return field_type(spec).in_words(spec)


def constraints_in_words(resource: Resource, spec: Field) -> str:
    """Keys and constraints as a sentence fragment list, e.g. "unique; at most 80 characters"."""
    schema = resource.schema
    parts: list[str] = []
    if spec.name in schema.primary_key:
        parts.append("primary key" if len(schema.primary_key) == 1 else "part of the primary key")
    for key in schema.foreign_keys:
        if spec.name in key.fields:
            target = key.reference_fields[key.fields.index(spec.name)]
            each = "each item is" if key.each_item else "is"
            parts.append(f"{each} a value of {key.reference_resource}.{target}")
    constraints = spec.constraints
    if constraints.get("unique"):
        parts.append("unique")
    if "minLength" in constraints:
        parts.append(f"at least {constraints['minLength']} characters")
    if "maxLength" in constraints:
        parts.append(f"at most {constraints['maxLength']} characters")
    if "minimum" in constraints and "maximum" in constraints:
        parts.append(f"from {constraints['minimum']} to {constraints['maximum']}")
    elif "minimum" in constraints:
        parts.append(f"at least {constraints['minimum']}")
    elif "maximum" in constraints:
        parts.append(f"at most {constraints['maximum']}")
    if "pattern" in constraints:
        parts.append(f"matches the pattern {constraints['pattern']}")
    if spec.enum:
        parts.append("one of: " + ", ".join(str(value) for value in spec.enum))
    return "; ".join(parts)


def dictionary_rows(package: Package) -> list[DictionaryRow]:
    """Every field of every resource, in descriptor then schema order."""
    rows = []
    for resource in package.resources:
        for spec in resource.schema.fields:
            values = spec.enum or list(spec.enum_labels)
            rows.append(
                DictionaryRow(
                    table=resource.name,
                    field=spec.name,
                    title=spec.title,
                    type=type_in_words(spec),
                    required=spec.required,
                    constraints=constraints_in_words(resource, spec),
                    description=spec.description,
                    enum_values=tuple(
                        (str(value), spec.enum_labels.get(str(value), "")) for value in values
                    ),
                )
            )
    return rows
