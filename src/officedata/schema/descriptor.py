"""Read a package's descriptor and Table Schemas into the model of `schema/model.py`.

This is the only module that reads `datapackage.json` and `schemas/*.json`. It refuses, without
opening them, resource and schema paths that could leave the package folder (absolute paths,
`..`, URLs), and turns malformed JSON and unknown field types into located failures instead of
tracebacks. Resources that are files rather than tables (a release lists its Parquet files,
pictures and documents that way) are left out of the model: `Package.resources` are the tables.
It never imports pandas or polars, so the CLI stays quick to start.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from officedata.errors import PackageError
from officedata.schema.json_text import safe_relative_path
from officedata.schema.model import (
    DESCRIPTOR_NAME,
    Package,
    Resource,
    default_package_root,
)
from officedata.schema.table_schema import SchemaParser


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
    files: set[str] = set()  # names of the resources that are files, not tables
    for index, raw in enumerate(raw_resources):
        if is_file_resource(raw):
            if raw["name"] in files | {r.name for r in resources}:
                reader.fail(
                    name,
                    "descriptor",
                    f"resource name '{raw['name']}' is used twice",
                    at=("name", raw["name"]),
                    last=True,
                )
            files.add(raw["name"])
            continue
        resource = reader.read_resource(name, f"resources[{index}]", raw)
        if resource is None:
            continue
        if resource.name in files | {r.name for r in resources}:
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


def is_file_resource(raw: object) -> bool:
    """A resource that is a file, not a table: a release's Parquet, GeoJSON, pictures,
    documents (release/descriptor.py). It has a name, no schema, is not typed `table` and is
    not a CSV, so a table whose schema is missing is still reported as such."""
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        return False
    path = raw.get("path")
    return (
        "schema" not in raw
        and raw.get("type") != "table"
        and raw.get("format", "") != "csv"
        and isinstance(path, str)
        and not path.lower().endswith(".csv")
    )


class _Reader(SchemaParser):
    """Reads the descriptor and schemas, collecting located failures instead of raising."""

    def __init__(self, root: Path):
        super().__init__(root)
        self.refused: set[str] = set()  # resources that exist but could not be read
        self.schema_files: dict[str, str] = {}  # resource name → file its schema is in

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
        found = self.read_resource_schema(shown, where, name, raw.get("schema"))
        if found is None:
            return None
        schema_json, schema_file, schema_path = found
        if schema_json is None:
            return None
        schema = self.parse_table_schema(schema_json, schema_file)
        if schema is None:
            return None
        self.refused.discard(name)
        self.schema_files[name] = schema_file
        located = self.texts.get(shown)
        line, column = located.locate("path", raw_path) if located else (None, None)
        return Resource(
            name=name,
            path=path,
            schema_path=schema_path,
            schema=schema,
            title=str(raw.get("title", "")),
            description=str(raw.get("description", "")),
            declared_at=(shown, line, column),
        )

    def read_resource_schema(
        self, shown: str, where: str, name: str, raw_schema: object
    ) -> tuple[Any, str, str | None] | None:
        """(schema JSON, file it is in, its path when it is a file of its own), or None with a
        failure: a schema path must stay inside the package and name a file."""
        if isinstance(raw_schema, dict):
            return raw_schema, shown, None
        if not isinstance(raw_schema, str):
            self.fail(shown, "descriptor", f"{where}: 'schema' is missing", at=("name", name))
            return None
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
        if not (self.root / schema_path).resolve().is_relative_to(self.root.resolve()):
            self.fail(
                shown,
                "unsafe-path",
                f"{where}: schema path {raw_schema!r} resolves outside the package folder",
                at=("schema", raw_schema),
            )
            return None
        if not (self.root / schema_path).is_file():
            exists = (self.root / schema_path).exists()
            self.fail(
                shown,
                "not-a-file" if exists else "missing-file",
                f"{where}: schema file {schema_path} "
                + ("is not a regular file; it was not read" if exists else "does not exist"),
                at=("schema", raw_schema),
            )
            return None
        return self.read_json(self.root / schema_path, schema_path), schema_path, schema_path

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


