"""Parse a Table Schema JSON object into `schema/model.py`'s TableSchema, with located failures.

Fields are checked by `field_checks.py`; keys must name fields that exist. A schema with any
problem gives no TableSchema, so nothing downstream sees half a schema.
"""

from __future__ import annotations

from officedata.schema.field_checks import field_problems
from officedata.schema.json_text import JsonReader
from officedata.schema.model import (
    BACKED_BY_PROPERTY,
    DEFAULT_FALSE,
    DEFAULT_TRUE,
    LIST_FOREIGN_KEYS_PROPERTY,
    PARTIAL_DATE_PROPERTY,
    Field,
    ForeignKey,
    TableSchema,
)


class SchemaParser(JsonReader):
    """Turns Table Schema JSON into TableSchema records, recording what is wrong."""

    def parse_table_schema(self, raw: object, shown: str) -> TableSchema | None:
        """A Table Schema JSON object → TableSchema, or None with failures recorded."""
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("fields"), list)
            or not raw["fields"]
        ):
            self.fail(
                shown, "schema", "a Table Schema needs a non-empty 'fields' list", at=("fields",)
            )
            return None
        before = len(self.failures)
        fields = [self.parse_field(item, shown, i) for i, item in enumerate(raw["fields"])]
        # Names of refused fields count too, so one bad field is not also reported as missing.
        names = [
            item["name"]
            for item in raw["fields"]
            if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"]
        ]
        for duplicate in sorted({n for n in names if names.count(n) > 1}):
            self.fail(
                shown,
                "schema",
                f"field '{duplicate}' is defined twice",
                at=("name", duplicate),
                last=True,
            )
        raw_key = raw.get("primaryKey", [])
        primary_key = _as_name_list(raw_key)
        if raw_key and not primary_key:
            self.fail(shown, "schema", "primaryKey must name fields", at=("primaryKey",))
        for key_field in primary_key:
            if key_field not in names:
                self.fail(
                    shown,
                    "schema",
                    f"primaryKey field '{key_field}' is not a field",
                    at=("primaryKey",),
                )
        foreign_keys: list[ForeignKey | None] = []
        for prop, each_item in (("foreignKeys", False), (LIST_FOREIGN_KEYS_PROPERTY, True)):
            items = raw.get(prop, [])
            if not isinstance(items, list):
                self.fail(shown, "schema", f"'{prop}' must be a list", at=(prop,))
                continue
            for item in items:
                fk = self.parse_foreign_key(item, shown, prop, each_item=each_item)
                foreign_keys.append(fk)
                for key_field in fk.fields if fk else ():
                    if key_field not in names:
                        self.fail(
                            shown,
                            "schema",
                            f"{prop} field '{key_field}' is not a field",
                            at=(prop,),
                        )
        if len(self.failures) > before:
            return None
        return TableSchema(
            fields=tuple(f for f in fields if f is not None),
            primary_key=tuple(primary_key),
            foreign_keys=tuple(fk for fk in foreign_keys if fk is not None),
            title=str(raw.get("title", "")),
            description=str(raw.get("description", "")),
        )

    def parse_field(self, raw: object, shown: str, index: int) -> Field | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
            self.fail(shown, "schema", f"fields[{index}] needs a 'name'", at=("fields",))
            return None
        name = raw["name"]
        problems = field_problems(raw)
        for problem in problems:
            self.fail(shown, "schema", f"field '{name}': {problem}", at=("name", name))
        if problems:
            return None
        kind = raw.get("type", "string")
        return Field(
            name=name,
            type=kind,
            title=str(raw.get("title", "")),
            description=str(raw.get("description", "")),
            constraints=raw.get("constraints", {}),
            format=str(raw.get("format", "default")),
            enum_labels={
                str(c["value"]): str(c.get("label", "")) for c in raw.get("categories", [])
            },
            category_flags={
                str(c["value"]): {k: v for k, v in c.items() if k.startswith("officedata:")}
                for c in raw.get("categories", [])
            },
            true_values=tuple(raw.get("trueValues", DEFAULT_TRUE)),
            false_values=tuple(raw.get("falseValues", DEFAULT_FALSE)),
            delimiter=raw.get("delimiter", ","),
            item_type=raw.get("itemType", "string"),
            partial_date=raw.get(PARTIAL_DATE_PROPERTY, False),
            backed_by={
                str(value): tuple(actions)
                for value, actions in raw.get(BACKED_BY_PROPERTY, {}).items()
            },
        )

    def parse_foreign_key(
        self, raw: object, shown: str, prop: str, *, each_item: bool
    ) -> ForeignKey | None:
        reference = raw.get("reference") if isinstance(raw, dict) else None
        if not isinstance(raw, dict) or not isinstance(reference, dict):
            self.fail(shown, "schema", "a foreign key needs 'fields' and 'reference'", at=(prop,))
            return None
        fields = _as_name_list(raw.get("fields"))
        target_fields = _as_name_list(reference.get("fields"))
        target = reference.get("resource", "")
        if not fields or len(fields) != len(target_fields) or not isinstance(target, str):
            self.fail(shown, "schema", f"foreign key {fields} is malformed", at=(prop,))
            return None
        return ForeignKey(tuple(fields), target, tuple(target_fields), each_item)


def _as_name_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
