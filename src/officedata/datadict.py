"""The data dictionary as structured rows: one per field, derived from the Table Schemas only.

Temporary home until the exporters' `officedata.dictionary` lands; the Markdown data dictionary
and `officedata.describe` read these rows, never the schema JSON directly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from officedata.package import Field, Resource


@dataclass(frozen=True)
class FieldRow:
    table: str
    field: str
    title: str
    type: str
    required: bool
    unique: bool
    constraints: str
    description: str
    values: tuple[tuple[str, str], ...]  # (enum value, meaning), in the schema's order

    def as_dict(self) -> dict[str, object]:
        row = asdict(self)
        row["values"] = "; ".join(f"{v} = {m}" if m else v for v, m in self.values)
        return row


def type_text(spec: Field) -> str:
    if spec.type == "list":
        return f"list of {spec.item_type} (separated by '{spec.delimiter}')"
    if spec.type == "boolean":
        return f"boolean ({spec.true_values[0]} / {spec.false_values[0]})"
    if spec.partial_date:
        return "partial date (YYYY, YYYY-MM or YYYY-MM-DD)"
    if spec.format not in ("", "default"):
        return f"{spec.type} ({spec.format})"
    return spec.type


def constraint_text(spec: Field) -> str:
    parts = []
    c = spec.constraints
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        parts.append(f"≤ {c['maximum']}")
    if "minLength" in c:
        parts.append(f"at least {c['minLength']} characters")
    if "maxLength" in c:
        parts.append(f"at most {c['maxLength']} characters")
    if "pattern" in c:
        parts.append(f"matches `{c['pattern']}`")
    return "; ".join(parts)


def field_rows(resource: Resource) -> list[FieldRow]:
    rows = []
    for spec in resource.schema.fields:
        values = tuple((v, spec.enum_labels.get(v, "")) for v in spec.enum or [])
        rows.append(
            FieldRow(
                table=resource.name,
                field=spec.name,
                title=spec.title,
                type=type_text(spec),
                required=spec.required,
                unique=spec.unique,
                constraints=constraint_text(spec),
                description=spec.description,
                values=values,
            )
        )
    return rows
