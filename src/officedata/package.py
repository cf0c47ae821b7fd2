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
HEADLINE_PROPERTY = "officedata:headline"
# On an enum field: which response actions back each of its values (offices.status).
BACKED_BY_PROPERTY = "officedata:backedBy"

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
    # value → the response actions that back it (`officedata:backedBy`); empty when not given.
    backed_by: dict[str, tuple[str, ...]] = field(default_factory=dict)

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
    # Where the descriptor declares this resource's path, so a missing or unsafe file is
    # reported at a line a contributor can open: (descriptor file, line, column).
    declared_at: tuple[str, int | None, int | None] = (DESCRIPTOR_NAME, None, None)


@dataclass(frozen=True)
class Package:
    root: Path
    descriptor: dict[str, Any]
    resources: tuple[Resource, ...]
    descriptor_file: str = DESCRIPTOR_NAME

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
    def headline(self) -> tuple[str | None, tuple[str, ...]]:
        """(headline report id, ids of the reports whose station lists it sums up).

        From the descriptor's `officedata:headline`; coverage is measured against it.
        """
        raw = self.descriptor.get(HEADLINE_PROPERTY)
        if not isinstance(raw, dict) or not isinstance(raw.get("report"), str):
            return None, ()
        lists = raw.get("lists", [raw["report"]])
        return raw["report"], tuple(item for item in lists if isinstance(item, str))

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
    reader = _Reader(descriptor_path.parent)
    # Failures inside a package name files relative to it; a missing package is named in full.
    name = descriptor_path.name if descriptor_path.exists() else str(descriptor_path)
    descriptor = reader.read_json(descriptor_path, name)
    if descriptor is None:
        raise PackageError(reader.failures)
    if not isinstance(descriptor, dict):
        reader.fail(name, "descriptor", "the descriptor must be a JSON object", line=1, column=1)
        raise PackageError(reader.failures)
    raw_resources = descriptor.get("resources")
    if not isinstance(raw_resources, list) or not raw_resources:
        reader.fail(name, "descriptor", "'resources' must be a non-empty list", at=("resources",))
        raise PackageError(reader.failures)

    resources: list[Resource] = []
    for index, raw in enumerate(raw_resources):
        resource = reader.read_resource(name, f"resources[{index}]", raw)
        if resource is None:
            continue
        if resource.name in {r.name for r in resources}:
            reader.fail(
                name,
                "descriptor",
                f"resource name '{resource.name}' is used twice",
                at=("name", resource.name),
                last=True,
            )
            continue
        resources.append(resource)
    package = Package(
        root=reader.root, descriptor=descriptor, resources=tuple(resources), descriptor_file=name
    )
    reader.check_references(package)
    if reader.failures:
        raise PackageError(reader.failures)
    return package


_ANY = object()


@dataclass
class JsonText:
    """The text of a JSON file, to point failures at the line and column of a member."""

    text: str

    def locate(
        self, key: str, value: object = _ANY, *, last: bool = False
    ) -> tuple[int | None, int | None]:
        """(line, column) of `"key": value` (any value when none is given), else (None, None)."""
        pattern = re.escape(json.dumps(key)) + r"\s*:\s*"
        if value is not _ANY:
            if isinstance(value, list | dict):
                return (None, None)
            encodings = {json.dumps(value), json.dumps(value, ensure_ascii=False)}
            pattern += "(?:" + "|".join(re.escape(e) for e in encodings) + ")"
        found = list(re.finditer(pattern, self.text))
        if not found:
            return (None, None)
        start = found[-1 if last else 0].start()
        line_start = self.text.rfind("\n", 0, start) + 1
        return self.text.count("\n", 0, start) + 1, start - line_start + 1


Where = tuple  # ("key",) or ("key", value): the JSON member a failure is about


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


class _Reader:
    """Reads the descriptor and schemas, collecting located failures instead of raising."""

    def __init__(self, root: Path):
        self.root = root
        self.failures: list[Failure] = []
        self.texts: dict[str, JsonText] = {}
        self.refused: set[str] = set()  # resources that exist but could not be read
        self.schema_files: dict[str, str] = {}  # resource name → file its schema is in

    def fail(
        self,
        file: str,
        rule: str,
        message: str,
        *,
        at: Where | None = None,
        last: bool = False,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        if at is not None and file in self.texts:
            line, column = self.texts[file].locate(*at, last=last)
            if line is None and len(at) > 1:
                line, column = self.texts[file].locate(at[0], last=last)
        self.failures.append(Failure(file, line, column, rule, message))

    def read_json(self, path: Path, shown: str) -> Any:
        """The parsed JSON, or None with a failure (missing files are the caller's to report)."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.fail(shown, "missing-file", f"{shown} does not exist")
            return None
        except OSError as error:
            self.fail(shown, "unreadable-file", f"cannot read {shown}: {error.strerror}")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            self.fail(
                shown,
                "encoding",
                f"{shown} is not valid UTF-8 (byte {data[error.start]:#04x} cannot be "
                "decoded); save it as UTF-8",
                line=line,
            )
            return None
        self.texts[shown] = JsonText(text)
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            self.fail(
                shown,
                "invalid-json",
                f"malformed JSON: {error.msg}",
                line=error.lineno,
                column=error.colno,
            )
        except RecursionError:
            self.fail(shown, "invalid-json", "malformed JSON: nested too deeply", line=1)
        return None

    def read_resource(self, shown: str, where: str, raw: object) -> Resource | None:
        if not isinstance(raw, dict):
            self.fail(shown, "descriptor", f"{where} must be a JSON object", at=("resources",))
            return None
        name = raw.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9._-]+", name):
            self.fail(
                shown,
                "descriptor",
                f"{where}: 'name' must be a lower-case slug",
                at=("name", name) if isinstance(name, str) else ("resources",),
            )
            return None
        self.refused.add(name)  # until it is read in full
        where = f"resource '{name}'"
        raw_path = raw.get("path")
        path = safe_relative_path(raw_path)
        if path is None:
            self.fail(
                shown,
                "unsafe-path",
                f"{where}: path {raw_path!r} is refused: it must be a relative path "
                "inside the package folder (no '..', no absolute path, no URL)",
                at=("path", raw_path) if raw_path is not None else ("name", name),
            )
            return None
        raw_schema = raw.get("schema")
        schema_path: str | None = None
        if isinstance(raw_schema, str):
            schema_path = safe_relative_path(raw_schema)
            if schema_path is None:
                self.fail(
                    shown,
                    "unsafe-path",
                    f"{where}: schema path {raw_schema!r} is refused: "
                    "it must be a relative path inside the package folder",
                    at=("schema", raw_schema),
                )
                return None
            schema_file = schema_path
            if not (self.root / schema_path).resolve().is_relative_to(self.root.resolve()):
                self.fail(
                    shown,
                    "unsafe-path",
                    f"{where}: schema path {raw_schema!r} resolves outside the package folder",
                    at=("schema", raw_schema),
                )
                return None
            if not (self.root / schema_path).is_file():
                self.fail(
                    shown,
                    "missing-file",
                    f"{where}: schema file {schema_path} does not exist",
                    at=("schema", raw_schema),
                )
                return None
            schema_json = self.read_json(self.root / schema_path, schema_path)
        elif isinstance(raw_schema, dict):
            schema_json, schema_file = raw_schema, shown
        else:
            self.fail(shown, "descriptor", f"{where}: 'schema' is missing", at=("name", name))
            return None
        if schema_json is None:
            return None
        schema = self.parse_table_schema(schema_json, schema_file)
        if schema is None:
            return None
        self.refused.discard(name)
        self.schema_files[name] = schema_file
        line, column = (
            self.texts[shown].locate("path", raw_path)
            if shown in self.texts
            else (
                None,
                None,
            )
        )
        return Resource(
            name=name,
            path=path,
            schema_path=schema_path,
            schema=schema,
            title=str(raw.get("title", "")),
            description=str(raw.get("description", "")),
            declared_at=(shown, line, column),
        )

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
            true_values=tuple(raw.get("trueValues", _DEFAULT_TRUE)),
            false_values=tuple(raw.get("falseValues", _DEFAULT_FALSE)),
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

    def check_references(self, package: Package) -> None:
        """Every foreign key must point at a resource and field that exist."""
        for resource in package.resources:
            shown = self.schema_files.get(resource.name, DESCRIPTOR_NAME)
            for fk in resource.schema.foreign_keys:
                target_name = fk.reference_resource or resource.name
                if target_name in self.refused:
                    continue  # that resource's own failure says why it could not be read
                try:
                    target = package.resource(target_name)
                except KeyError:
                    self.fail(
                        shown,
                        "schema",
                        f"foreign key {list(fk.fields)} points at unknown resource '{target_name}'",
                        at=("resource", target_name),
                    )
                    continue
                missing = [f for f in fk.reference_fields if f not in target.schema.field_names]
                if missing:
                    self.fail(
                        shown,
                        "schema",
                        f"foreign key {list(fk.fields)} points at unknown fields {missing} "
                        f"of '{target_name}'",
                        at=("resource", target_name),
                    )


def parse_table_schema(raw: object, shown: str, failures: list[Failure]) -> TableSchema | None:
    """A Table Schema JSON object → TableSchema, or None with failures appended."""
    reader = _Reader(Path("."))
    schema = reader.parse_table_schema(raw, shown)
    failures.extend(reader.failures)
    return schema


def _as_name_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


_LENGTHS = ("minLength", "maxLength")
_BOUNDS = ("minimum", "maximum")
_FLAGS = ("required", "unique")
SUPPORTED_CONSTRAINTS = frozenset({*_FLAGS, "enum", "pattern", *_BOUNDS, *_LENGTHS})


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def field_problems(raw: dict[str, Any]) -> list[str]:
    """What makes a field definition unusable, in plain words (empty when it is fine).

    Every property this toolkit reads is checked here, so a schema typo is a located failure
    and never a crash deep inside typing or validation.
    """
    kind = raw.get("type", "string")
    if not isinstance(kind, str) or kind not in SUPPORTED_TYPES:
        return [f"type {kind!r} is not supported (supported: {', '.join(sorted(SUPPORTED_TYPES))})"]
    problems = []
    item_type = raw.get("itemType", "string")
    if kind == "list" and (not isinstance(item_type, str) or item_type not in LIST_ITEM_TYPES):
        problems.append(f"itemType {item_type!r} is not supported")
    delimiter = raw.get("delimiter", ",")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        problems.append(f"delimiter {delimiter!r} must be a single character")
    for prop in ("trueValues", "falseValues"):
        if prop in raw and not (_is_text_list(raw[prop]) and raw[prop]):
            problems.append(f"'{prop}' must be a non-empty list of strings")
    categories = raw.get("categories", [])
    if not isinstance(categories, list) or not all(
        isinstance(c, dict) and "value" in c for c in categories
    ):
        problems.append("'categories' must be a list of objects with a 'value'")
    if not isinstance(raw.get(PARTIAL_DATE_PROPERTY, False), bool):
        problems.append(f"'{PARTIAL_DATE_PROPERTY}' must be true or false")
    backed_by = raw.get(BACKED_BY_PROPERTY, {})
    if not isinstance(backed_by, dict) or not all(
        isinstance(actions, list) and _is_text_list(actions) for actions in backed_by.values()
    ):
        problems.append(f"'{BACKED_BY_PROPERTY}' must map each value to a list of action names")
    constraints = raw.get("constraints", {})
    if not isinstance(constraints, dict):
        return [*problems, "'constraints' must be an object"]
    for name, value in constraints.items():
        problems.extend(_constraint_problems(kind, name, value))
    return problems


def _constraint_problems(kind: str, name: str, value: object) -> list[str]:
    if name not in SUPPORTED_CONSTRAINTS:
        return [f"constraint '{name}' is not supported"]
    if name in _FLAGS and not isinstance(value, bool):
        return [f"constraint '{name}' must be true or false"]
    if name == "enum" and not (
        isinstance(value, list)
        and value
        and all(isinstance(v, str) or _is_number(v) for v in value)
    ):
        return ["constraint 'enum' must be a non-empty list of values"]
    if name == "pattern":
        if not isinstance(value, str):
            return ["constraint 'pattern' must be a string"]
        try:
            re.compile(value)
        except re.error as error:
            return [f"constraint 'pattern' is not a valid regular expression: {error}"]
    if name in _BOUNDS:
        if kind not in ("integer", "number"):
            return [f"constraint '{name}' applies only to integer and number fields"]
        if not _is_number(value):
            return [f"constraint '{name}' must be a number, not {value!r}"]
    if name in _LENGTHS and kind not in ("string", "list"):
        return [f"constraint '{name}' applies only to string and list fields"]
    if name in _LENGTHS and not (
        isinstance(value, int) and not isinstance(value, bool) and value >= 0
    ):
        return [f"constraint '{name}' must be a whole number ≥ 0"]
    return []
