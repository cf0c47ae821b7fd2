"""The data package: its descriptor and Table Schemas, read into one small typed model.

This is the only module that reads `datapackage.json` and `schemas/*.json`. It refuses, without
opening them, resource and schema paths that could leave the package folder (absolute paths,
`..`, URLs), and turns malformed JSON and unknown field types into located failures instead of
tracebacks. It never imports pandas or pandera, so the CLI stays quick to start.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from officedata.failures import Failure, PackageError

DESCRIPTOR_NAME = "datapackage.json"

# Table Schema types this toolkit can type, check and export.
SUPPORTED_TYPES = frozenset({"string", "integer", "number", "boolean", "date", "list"})
LIST_ITEM_TYPES = frozenset({"string", "integer"})

# Custom schema properties (namespaced so other Table Schema tools ignore them).
PARTIAL_DATE_PROPERTY = "officedata:partialDate"
LIST_FOREIGN_KEYS_PROPERTY = "officedata:listForeignKeys"

_URL_LIKE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_DEFAULT_TRUE = ("true", "True", "TRUE", "1")
_DEFAULT_FALSE = ("false", "False", "FALSE", "0")


@dataclass(frozen=True)
class Field:
    """One column of a table, with everything the Table Schema says about it."""

    name: str
    type: str
    title: str
    description: str
    constraints: dict[str, Any]
    format: str = "default"
    enum_labels: dict[str, str] = field(default_factory=dict)
    true_values: tuple[str, ...] = _DEFAULT_TRUE
    false_values: tuple[str, ...] = _DEFAULT_FALSE
    delimiter: str = ","
    item_type: str = "string"
    partial_date: bool = False

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required", False))

    @property
    def unique(self) -> bool:
        return bool(self.constraints.get("unique", False))

    @property
    def enum(self) -> list[str] | None:
        return self.constraints.get("enum")


@dataclass(frozen=True)
class ForeignKey:
    """fields of this table must be values of reference_fields of reference_resource.

    `each_item` marks a list field whose every item must be a reference.
    """

    fields: tuple[str, ...]
    reference_resource: str
    reference_fields: tuple[str, ...]
    each_item: bool = False


@dataclass(frozen=True)
class TableSchema:
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    title: str = ""
    description: str = ""

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)


@dataclass(frozen=True)
class Resource:
    name: str
    path: str  # POSIX path relative to the package root, as written in the descriptor
    schema_path: str | None
    schema: TableSchema
    title: str = ""
    description: str = ""


@dataclass(frozen=True)
class Package:
    root: Path
    descriptor: dict[str, Any]
    resources: tuple[Resource, ...]

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", ""))

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))

    @property
    def title(self) -> str:
        return str(self.descriptor.get("title", ""))

    def resource(self, name: str) -> Resource:
        for candidate in self.resources:
            if candidate.name == name:
                return candidate
        raise KeyError(f"no resource named {name!r}; the package has {self.resource_names}")

    @property
    def resource_names(self) -> list[str]:
        return [r.name for r in self.resources]

    def path_of(self, resource: Resource) -> Path:
        return self.root / resource.path


def default_package_root() -> Path:
    """Where the package this library ships lives: inside the wheel, or the source checkout."""
    here = Path(__file__).resolve().parent
    bundled = here / "_package"
    if (bundled / DESCRIPTOR_NAME).is_file():
        return bundled
    return here.parent.parent


def resolve_descriptor(path: str | Path | None) -> Path:
    """A package folder or a datapackage.json path → the descriptor's path."""
    target = Path(path) if path is not None else default_package_root()
    return target / DESCRIPTOR_NAME if target.is_dir() else target


def load_package(path: str | Path | None = None) -> Package:
    """Read and check the descriptor and every schema. Raises PackageError with all failures."""
    descriptor_path = resolve_descriptor(path)
    root = descriptor_path.parent
    # Failures inside a package name files relative to it; a missing package is named in full.
    name = descriptor_path.name if descriptor_path.exists() else str(descriptor_path)
    failures: list[Failure] = []
    descriptor = _read_json(descriptor_path, name, failures)
    if descriptor is None:
        raise PackageError(failures)
    if not isinstance(descriptor, dict):
        raise PackageError([_fail(name, "descriptor", "the descriptor must be a JSON object")])
    raw_resources = descriptor.get("resources")
    if not isinstance(raw_resources, list) or not raw_resources:
        raise PackageError([_fail(name, "descriptor", "'resources' must be a non-empty list")])

    resources: list[Resource] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_resources):
        where = f"resources[{index}]"
        resource = _read_resource(root, name, where, raw, failures)
        if resource is None:
            continue
        if resource.name in seen:
            failures.append(_fail(name, "descriptor", f"{where}: duplicate resource name"))
            continue
        seen.add(resource.name)
        resources.append(resource)
    package = Package(root=root, descriptor=descriptor, resources=tuple(resources))
    failures.extend(_check_references(package, name))
    if failures:
        raise PackageError(failures)
    return package


def _fail(file: str, rule: str, message: str, line: int | None = None) -> Failure:
    return Failure(file=file, line=line, column=None, rule=rule, message=message)


def _read_json(path: Path, shown: str, failures: list[Failure]) -> Any:
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        failures.append(_fail(shown, "missing-file", f"{shown} does not exist"))
        return None
    except (OSError, UnicodeDecodeError) as error:
        failures.append(_fail(shown, "unreadable-file", f"cannot read {shown}: {error}"))
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        failures.append(
            Failure(
                shown, error.lineno, error.colno, "invalid-json", f"malformed JSON: {error.msg}"
            )
        )
        return None


def safe_relative_path(value: object) -> str | None:
    """The path if it is a plain relative POSIX path inside the package, else None."""
    if not isinstance(value, str) or not value or "\\" in value or "\x00" in value:
        return None
    if _URL_LIKE.match(value) or value.startswith("/"):
        return None
    parts = PurePosixPath(value).parts
    if any(part in ("..", "") for part in parts):
        return None
    return value


def _read_resource(
    root: Path, shown: str, where: str, raw: object, failures: list[Failure]
) -> Resource | None:
    if not isinstance(raw, dict):
        failures.append(_fail(shown, "descriptor", f"{where} must be a JSON object"))
        return None
    name = raw.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9._-]+", name):
        failures.append(_fail(shown, "descriptor", f"{where}: 'name' must be a lower-case slug"))
        return None
    where = f"resource '{name}'"
    path = safe_relative_path(raw.get("path"))
    if path is None:
        failures.append(
            _fail(
                shown,
                "unsafe-path",
                f"{where}: path {raw.get('path')!r} is refused: it must be a relative path "
                "inside the package folder (no '..', no absolute path, no URL)",
            )
        )
        return None
    raw_schema = raw.get("schema")
    schema_path: str | None = None
    if isinstance(raw_schema, str):
        schema_path = safe_relative_path(raw_schema)
        if schema_path is None:
            failures.append(
                _fail(
                    shown,
                    "unsafe-path",
                    f"{where}: schema path {raw_schema!r} is refused: "
                    "it must be a relative path inside the package folder",
                )
            )
            return None
        schema_json = _read_json(root / schema_path, schema_path, failures)
        schema_file = schema_path
    elif isinstance(raw_schema, dict):
        schema_json, schema_file = raw_schema, shown
    else:
        failures.append(_fail(shown, "descriptor", f"{where}: 'schema' is missing"))
        return None
    if schema_json is None:
        return None
    schema = parse_table_schema(schema_json, schema_file, failures)
    if schema is None:
        return None
    return Resource(
        name=name,
        path=path,
        schema_path=schema_path,
        schema=schema,
        title=str(raw.get("title", "")),
        description=str(raw.get("description", "")),
    )


def parse_table_schema(raw: object, shown: str, failures: list[Failure]) -> TableSchema | None:
    """A Table Schema JSON object → TableSchema, or None with failures appended."""
    if not isinstance(raw, dict) or not isinstance(raw.get("fields"), list) or not raw["fields"]:
        failures.append(_fail(shown, "schema", "a Table Schema needs a non-empty 'fields' list"))
        return None
    before = len(failures)
    fields = [_parse_field(item, shown, i, failures) for i, item in enumerate(raw["fields"])]
    names = [f.name for f in fields if f is not None]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        failures.append(_fail(shown, "schema", f"field '{duplicate}' is defined twice"))
    primary_key = _as_name_list(raw.get("primaryKey", []))
    foreign_keys = [
        _parse_foreign_key(item, shown, each_item=False, failures=failures)
        for item in raw.get("foreignKeys", [])
    ] + [
        _parse_foreign_key(item, shown, each_item=True, failures=failures)
        for item in raw.get(LIST_FOREIGN_KEYS_PROPERTY, [])
    ]
    for key_field in primary_key + [n for fk in foreign_keys if fk for n in fk.fields]:
        if key_field not in names:
            failures.append(_fail(shown, "schema", f"key field '{key_field}' is not a field"))
    if len(failures) > before:
        return None
    return TableSchema(
        fields=tuple(f for f in fields if f is not None),
        primary_key=tuple(primary_key),
        foreign_keys=tuple(fk for fk in foreign_keys if fk is not None),
        title=str(raw.get("title", "")),
        description=str(raw.get("description", "")),
    )


def _as_name_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _parse_field(raw: object, shown: str, index: int, failures: list[Failure]) -> Field | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
        failures.append(_fail(shown, "schema", f"fields[{index}] needs a 'name'"))
        return None
    name = raw["name"]
    kind = raw.get("type", "string")
    if kind not in SUPPORTED_TYPES:
        failures.append(
            _fail(
                shown,
                "schema",
                f"field '{name}' has type {kind!r}, which officedata does not "
                f"support (supported: {', '.join(sorted(SUPPORTED_TYPES))})",
            )
        )
        return None
    item_type = raw.get("itemType", "string")
    if kind == "list" and item_type not in LIST_ITEM_TYPES:
        failures.append(
            _fail(shown, "schema", f"field '{name}' has unsupported itemType {item_type!r}")
        )
        return None
    constraints = raw.get("constraints", {})
    if not isinstance(constraints, dict):
        failures.append(_fail(shown, "schema", f"field '{name}': 'constraints' must be an object"))
        return None
    labels = {
        str(c["value"]): str(c.get("label", ""))
        for c in raw.get("categories", [])
        if isinstance(c, dict) and "value" in c
    }
    return Field(
        name=name,
        type=kind,
        title=str(raw.get("title", "")),
        description=str(raw.get("description", "")),
        constraints=constraints,
        format=str(raw.get("format", "default")),
        enum_labels=labels,
        true_values=tuple(raw.get("trueValues", _DEFAULT_TRUE)),
        false_values=tuple(raw.get("falseValues", _DEFAULT_FALSE)),
        delimiter=str(raw.get("delimiter", ",")),
        item_type=str(item_type),
        partial_date=bool(raw.get(PARTIAL_DATE_PROPERTY, False)),
    )


def _parse_foreign_key(
    raw: object, shown: str, *, each_item: bool, failures: list[Failure]
) -> ForeignKey | None:
    reference = raw.get("reference") if isinstance(raw, dict) else None
    if not isinstance(raw, dict) or not isinstance(reference, dict):
        failures.append(_fail(shown, "schema", "a foreign key needs 'fields' and 'reference'"))
        return None
    fields = _as_name_list(raw.get("fields"))
    target_fields = _as_name_list(reference.get("fields"))
    target = reference.get("resource")
    if not fields or len(fields) != len(target_fields) or not isinstance(target, str):
        failures.append(_fail(shown, "schema", f"foreign key {fields} is malformed"))
        return None
    return ForeignKey(tuple(fields), target, tuple(target_fields), each_item)


def _check_references(package: Package, shown: str) -> list[Failure]:
    """Every foreign key must point at a resource and field that exist."""
    failures = []
    for resource in package.resources:
        for fk in resource.schema.foreign_keys:
            target_name = fk.reference_resource or resource.name
            try:
                target = package.resource(target_name)
            except KeyError:
                failures.append(
                    _fail(
                        shown,
                        "schema",
                        f"resource '{resource.name}': foreign key "
                        f"{list(fk.fields)} points at unknown resource '{target_name}'",
                    )
                )
                continue
            missing = [f for f in fk.reference_fields if f not in target.schema.field_names]
            if missing:
                failures.append(
                    _fail(
                        shown,
                        "schema",
                        f"resource '{resource.name}': foreign key "
                        f"points at unknown fields {missing} of '{target_name}'",
                    )
                )
    return failures
