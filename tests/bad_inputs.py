"""A corpus of broken packages, each made from a copy of the real package by ONE mutation.

Each case knows where its failure must be reported: the file, the rule, the line as an editor
counts it and, where there is one, the column. The cases are derived from the real data and the
real schemas at test time, so they keep working as the curated data grows. Part of the corpus is
generated from the schemas themselves (one case per type and per constraint of every field);
the rest are hand-named mutations of files, bytes, descriptor and schemas.

Nothing here asserts; tests/test_bad_inputs.py does.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from bad_archives import HOSTILE, TAMPERED_REASON, Hostile, zip_as_release

REPO = Path(__file__).resolve().parent.parent
# With the documents `build` requires (release/documents.py) and what the README links to.
PACKAGE_PARTS = (
    "datapackage.json", "schemas", "data",
    "README.md", "LICENSE", "LICENSE-DATA", "CHANGELOG.md", "CONTRIBUTING.md", "docs",
)  # fmt: skip
NOT_A_PATTERN_MATCH = "?? not valid ??"
TEN_MB = 10 * 1024 * 1024
csv.field_size_limit(1 << 30)  # the corpus itself reads back its 10 MB cells


@dataclass(frozen=True)
class Expected:
    """Where and why the validator must fail. column None: no column for this failure.

    `target` is what validate is given when it is not the package folder (a release zip);
    with `cwd`, validate is run there with no PATH and must find the package upwards. The
    failure's message holds each of `says`."""

    file: str
    rule: str
    line: int | None
    column: int | None = None
    target: Path | None = None
    cwd: Path | None = None
    says: tuple[str, ...] = ()


@dataclass(frozen=True)
class BadInput:
    id: str
    mutate: Callable[[Path], Expected]

    def __str__(self) -> str:
        return self.id


def copy_package(target: Path) -> Path:
    """A fresh copy of the repository's package (descriptor, schemas, data) in target."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PACKAGE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


# --- reading and writing the package's files -------------------------------------------------


def descriptor(root: Path) -> dict:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def resource_entry(root: Path, name: str) -> dict:
    return next(r for r in descriptor(root)["resources"] if r["name"] == name)


def csv_path(root: Path, resource: str) -> str:
    return resource_entry(root, resource)["path"]


def schema_path(root: Path, resource: str) -> str:
    return resource_entry(root, resource)["schema"]


def schema(root: Path, resource: str) -> dict:
    return json.loads((root / schema_path(root, resource)).read_text(encoding="utf-8"))


def read_csv(root: Path, resource: str) -> tuple[list[str], list[list[str]]]:
    text = (root / csv_path(root, resource)).read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    return records[0], records[1:]


def write_csv(root: Path, resource: str, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    (root / csv_path(root, resource)).write_bytes(buffer.getvalue().encode("utf-8"))


def line_of_row(root: Path, resource: str, row: int) -> int:
    """The editor line where data row `row` (0-based) starts, counting cells with line breaks."""
    text = (root / csv_path(root, resource)).read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    for index, _ in enumerate(reader):
        if index == row + 1:
            return end + 1
        end = reader.line_num
    raise IndexError(row)


def first_row(rows: list[list[str]], header: list[str], **wanted: Callable[[str], bool]) -> int:
    """Index of the first row whose cells satisfy every predicate (by field name)."""
    for index, row in enumerate(rows):
        if all(test(row[header.index(name)]) for name, test in wanted.items()):
            return index
    raise LookupError(f"no row with {sorted(wanted)} as needed; the data changed shape")


def set_cell(
    root: Path, resource: str, field: str, value: str, rule: str, row: int | None = None, **where
) -> Expected:
    """Put value in one cell (row, or the first row matching `where`); expect rule there."""
    header, rows = read_csv(root, resource)
    index = row if row is not None else first_row(rows, header, **where)
    rows[index][header.index(field)] = value
    write_csv(root, resource, header, rows)
    line, column = cell_location(root, resource, index, field)
    return Expected(csv_path(root, resource), rule, line, column)


def cell_location(root: Path, resource: str, row: int, field: str) -> tuple[int, int]:
    """(line, character column) where a cell's text begins, as an editor counts, worked out
    with the csv module from the row's own cells (the files are written by csv.writer)."""
    header, rows = read_csv(root, resource)
    index = header.index(field)
    start = line_of_row(root, resource, row)
    if index == 0:
        return start, 1
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerow([*rows[row][:index], ""])
    before = buffer.getvalue()[:-1]  # without the line end
    return start + before.count("\n"), len(before) - (before.rfind("\n") + 1) + 1


def json_member_location(text: str, key: str, value: object = None) -> tuple[int, int]:
    """(line, column) of `"key": value` (any value if None) in JSON text, as an editor counts."""
    pattern = re.escape(json.dumps(key)) + r"\s*:\s*"
    if value is not None:
        pattern += re.escape(json.dumps(value))
    match = re.search(pattern, text)
    if match is None:
        raise LookupError(f"{key}: {value!r} not found")
    before = text[: match.start()]
    return before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1


def edit_json(path: Path, change: Callable[[dict], None]) -> str:
    """Load, change and rewrite a JSON file (indented); return the new text."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def set_resource_property(root: Path, resource: str, key: str, value: object) -> Expected:
    """Set one property of a resource in datapackage.json; expect unsafe-path at that member."""

    def change(data: dict) -> None:
        next(r for r in data["resources"] if r["name"] == resource)[key] = value

    text = edit_json(root / "datapackage.json", change)
    line, column = json_member_location(text, key, value)
    return Expected("datapackage.json", "unsafe-path", line, column)


def set_field_property(
    root: Path, resource: str, field: str, key: str, value: object, rule: str = "schema"
) -> Expected:
    """Set one property of a field in its schema; expect a failure at the field's name member."""
    path = schema_path(root, resource)

    def change(data: dict) -> None:
        next(f for f in data["fields"] if f["name"] == field)[key] = value

    text = edit_json(root / path, change)
    line, column = json_member_location(text, "name", field)
    return Expected(path, rule, line, column)


# --- cases generated from the schemas: every type and every constraint of every field --------

_WRONG_TYPE = {
    "integer": "twelve",
    "number": "north",
    "boolean": "yes",
    "date": "2022-02-30",
    "list": "a;;b",
}


def _long_value(length: int) -> str:
    """A value of `length` characters that still fits the id patterns (lower case, a hyphen)."""
    return "ab-" + "c" * (length - 3)


def _violations(field: dict) -> Iterator[tuple[str, str, str]]:
    """(case suffix, bad value, expected rule) for the type and each constraint of a field."""
    kind = field.get("type", "string")
    constraints = field.get("constraints", {})
    if kind in _WRONG_TYPE:
        yield f"type-{kind}", _WRONG_TYPE[kind], "type"
    if constraints.get("required"):
        yield "required", "", "required"
    if "enum" in constraints:
        yield "enum", "not-in-the-list", "enum"
    if "pattern" in constraints:
        assert not re.fullmatch(constraints["pattern"], NOT_A_PATTERN_MATCH)
        yield "pattern", NOT_A_PATTERN_MATCH, "pattern"
    step = 1 if kind == "integer" else 0.5
    if "minimum" in constraints:
        yield "minimum", str(constraints["minimum"] - step), "minimum"
    if "maximum" in constraints:
        yield "maximum", str(constraints["maximum"] + step), "maximum"
    if "maxLength" in constraints:
        yield "maxLength", _long_value(constraints["maxLength"] + 1), "maxLength"
    if constraints.get("minLength", 0) > 1:  # shorter than 1 is empty: "required", above
        yield "minLength", "a" * (constraints["minLength"] - 1), "minLength"


def _cell_case(resource: str, field: str, value: str, rule: str) -> Callable[[Path], Expected]:
    return lambda root: set_cell(root, resource, field, value, rule, row=0)


def _unique_case(resource: str, field: str) -> Callable[[Path], Expected]:
    def mutate(root: Path) -> Expected:
        header, rows = read_csv(root, resource)
        column = header.index(field)
        other = first_row(rows, header, **{field: bool})
        target = next(i for i, row in enumerate(rows) if i != other and row[column])
        return set_cell(root, resource, field, rows[other][column], "unique", row=target)

    return mutate


def _primary_key_case(resource: str) -> Callable[[Path], Expected]:
    """The first row again at the end: its key is a duplicate, reported on the copy."""

    def mutate(root: Path) -> Expected:
        header, rows = read_csv(root, resource)
        write_csv(root, resource, header, [*rows, list(rows[0])])
        key = schema(root, resource)["primaryKey"]
        first = key[0] if isinstance(key, list) else key
        line, column = cell_location(root, resource, len(rows), first)
        return Expected(csv_path(root, resource), "primary-key", line, column)

    return mutate


def schema_cases() -> list[BadInput]:
    cases = []
    for entry in descriptor(REPO)["resources"]:
        name = entry["name"]
        if schema(REPO, name).get("primaryKey"):
            cases.append(BadInput(f"{name}.primary-key", _primary_key_case(name)))
        for field in schema(REPO, name)["fields"]:
            for suffix, value, rule in _violations(field):
                cases.append(
                    BadInput(
                        f"{name}.{field['name']}.{suffix}",
                        _cell_case(name, field["name"], value, rule),
                    )
                )
            if field.get("constraints", {}).get("unique"):
                cases.append(
                    BadInput(f"{name}.{field['name']}.unique", _unique_case(name, field["name"]))
                )
    return cases


# --- hand-named cases --------------------------------------------------------------------------


def has(text: str) -> bool:
    return bool(text)


def dangling_list_key(root: Path) -> Expected:
    header, rows = read_csv(root, "offices")
    sources = rows[0][header.index("sources")]
    return set_cell(root, "offices", "sources", sources + ";no-such-report", "foreign-key", row=0)


def drop_cell(root: Path, extra: bool) -> Expected:
    header, rows = read_csv(root, "responses")
    rows[0] = [*rows[0], "surplus"] if extra else rows[0][:-1]
    write_csv(root, "responses", header, rows)
    return Expected(csv_path(root, "responses"), "ragged-row", 2)


def change_columns(
    root: Path, resource: str, edit: Callable[[list[list[str]]], int | None]
) -> Expected:
    """Apply edit to the header and every row together; it returns the expected header column."""
    header, rows = read_csv(root, resource)
    table = [header, *rows]
    column = edit(table)
    write_csv(root, resource, table[0], table[1:])
    return Expected(csv_path(root, resource), "header", 1, column)


def add_column(table: list[list[str]]) -> int:
    for row in table:
        row.append("extra" if row is table[0] else "")
    return len(table[0])


def add_many_columns(table: list[list[str]]) -> int:
    """100,000 surplus columns (issue 12: the header check was quadratic, and then listed one
    failure per column): reported as the first few and a count, in bounded time."""
    first = len(table[0]) + 1
    surplus = [f"x{i}" for i in range(100_000)]
    for row in table:
        row.extend(surplus if row is table[0] else [""] * len(surplus))
    return first


def drop_column(table: list[list[str]]) -> int:
    position = table[0].index("city")
    for row in table:
        del row[position]
    return position + 1


def rename_column(table: list[list[str]]) -> int:
    position = table[0].index("city")
    table[0][position] = "town"
    return position + 1


def swap_columns(table: list[list[str]]) -> int:
    a, b = table[0].index("country"), table[0].index("city")
    for row in table:
        row[a], row[b] = row[b], row[a]
    return min(a, b) + 1


def repeat_column(table: list[list[str]]) -> int:
    position = table[0].index("city")
    table[0][position] = "country"
    return position + 1


def write_bytes(
    resource: str, make: Callable[[bytes], bytes], rule: str, line: int, column: int | None = None
) -> Callable[[Path], Expected]:
    def mutate(root: Path) -> Expected:
        path = root / csv_path(root, resource)
        path.write_bytes(make(path.read_bytes()))
        return Expected(csv_path(root, resource), rule, line, column)

    return mutate


def header_only(data: bytes) -> bytes:
    return data.split(b"\n", 1)[0] + b"\n"


def not_utf8(root: Path) -> Expected:
    expected = set_cell(root, "countries", "name", "Côte d'Ivoire", "encoding", row=0)
    path = root / expected.file
    path.write_bytes(path.read_bytes().decode("utf-8").encode("latin-1"))
    return Expected(expected.file, "encoding", expected.line)


def nul_byte(root: Path) -> Expected:
    expected = set_cell(root, "offices", "notes", "before\x00after", "encoding", row=0)
    return Expected(expected.file, "encoding", expected.line)


def unclosed_quote(root: Path) -> Expected:
    path = root / csv_path(root, "responses")
    lines = path.read_bytes().split(b"\n")
    column = len(lines[1].decode("utf-8")) + 2  # the character of the opening quote
    lines[1] = lines[1] + b',"unclosed'
    path.write_bytes(b"\n".join(lines))
    return Expected(csv_path(root, "responses"), "csv", 2, column)


def missing_file(root: Path) -> Expected:
    path = csv_path(root, "countries")
    (root / path).unlink()
    text = (root / "datapackage.json").read_text(encoding="utf-8")
    line, column = json_member_location(text, "path", path)
    return Expected("datapackage.json", "missing-file", line, column)


def schema_symlink_out(root: Path) -> Expected:
    """schemas/offices.json becomes a link to a (valid) schema outside the package."""
    outside = root.parent / "forbidden" / "offices.json"
    outside.parent.mkdir(exist_ok=True)
    path = schema_path(root, "offices")
    (root / path).replace(outside)
    (root / path).symlink_to(outside)
    text = (root / "datapackage.json").read_text(encoding="utf-8")
    line, column = json_member_location(text, "schema", path)
    return Expected("datapackage.json", "unsafe-path", line, column)


def missing_schema(root: Path) -> Expected:
    path = schema_path(root, "reports")
    (root / path).unlink()
    text = (root / "datapackage.json").read_text(encoding="utf-8")
    line, column = json_member_location(text, "schema", path)
    return Expected("datapackage.json", "missing-file", line, column)


def symlink_out(root: Path) -> Expected:
    """data/offices.csv becomes a link to a file outside the package."""
    outside = root.parent / "forbidden" / "offices.csv"
    outside.parent.mkdir(exist_ok=True)
    path = csv_path(root, "offices")
    (root / path).replace(outside)
    (root / path).symlink_to(outside)
    text = (root / "datapackage.json").read_text(encoding="utf-8")
    line, column = json_member_location(text, "path", path)
    return Expected("datapackage.json", "unsafe-path", line, column)


def break_json(path_of: Callable[[Path], str]) -> Callable[[Path], Expected]:
    """Drop the last closing brace of a JSON file: malformed, reported at the end."""

    def mutate(root: Path) -> Expected:
        shown = path_of(root)
        path = root / shown
        text = path.read_text(encoding="utf-8").rstrip()
        broken = text[:-1]  # the final "}" is gone
        path.write_text(broken, encoding="utf-8")
        lines = broken.split("\n")
        return Expected(shown, "invalid-json", len(lines), len(lines[-1]) + 1)

    return mutate


def trailing_comma(root: Path) -> Expected:
    text = (root / "datapackage.json").read_text(encoding="utf-8")
    position = text.index('"resources"')
    broken = text[:position] + '"extra": 1,,\n  ' + text[position:]
    (root / "datapackage.json").write_text(broken, encoding="utf-8")
    before = broken[: broken.index(",,") + 1]
    return Expected(
        "datapackage.json", "invalid-json", before.count("\n") + 1, len(before) - before.rfind("\n")
    )


def replace_file(shown: str, data: bytes, rule: str, line: int, column: int | None = None):
    def mutate(root: Path) -> Expected:
        (root / shown).write_bytes(data)
        return Expected(shown, rule, line, column)

    return mutate


def set_descriptor_member(key: str, value: object, rule: str) -> Callable[[Path], Expected]:
    def mutate(root: Path) -> Expected:
        text = edit_json(root / "datapackage.json", lambda data: data.__setitem__(key, value))
        line, column = json_member_location(text, key)
        return Expected("datapackage.json", rule, line, column)

    return mutate


def duplicate_resource(root: Path) -> Expected:
    def change(data: dict) -> None:
        data["resources"].append(dict(data["resources"][0]))

    text = edit_json(root / "datapackage.json", change)
    name = descriptor(root)["resources"][0]["name"]
    pattern = re.escape(json.dumps("name")) + r"\s*:\s*" + re.escape(json.dumps(name))
    last = list(re.finditer(pattern, text))[-1]
    before = text[: last.start()]
    return Expected(
        "datapackage.json", "descriptor", before.count("\n") + 1, last.start() - before.rfind("\n")
    )


def unknown_foreign_resource(root: Path) -> Expected:
    path = schema_path(root, "offices")

    def change(data: dict) -> None:
        data["foreignKeys"][0]["reference"]["resource"] = "no-such-resource"

    text = edit_json(root / path, change)
    line, column = json_member_location(text, "resource", "no-such-resource")
    return Expected(path, "schema", line, column)


def unknown_primary_key(root: Path) -> Expected:
    path = schema_path(root, "reports")
    text = edit_json(root / path, lambda data: data.__setitem__("primaryKey", ["no_such_field"]))
    line, column = json_member_location(text, "primaryKey")
    return Expected(path, "schema", line, column)


def outside_target(root: Path) -> Path:
    """A file outside the package that tests forbid anyone to open."""
    target = root.parent / "forbidden" / "secret.csv"
    target.parent.mkdir(exist_ok=True)
    target.write_text("never,read,this\n", encoding="utf-8")
    return target


def escaping_path(make: Callable[[Path], str], key: str = "path") -> Callable[[Path], Expected]:
    def mutate(root: Path) -> Expected:
        outside_target(root)  # exists, so only the refusal can keep it from being read
        return set_resource_property(root, "offices", key, make(root))

    return mutate


def header_trailing_comma(data: bytes) -> bytes:
    header, rest = data.split(b"\n", 1)
    return header + b",\n" + rest


def header_trailing_comma_case(root: Path) -> Expected:
    header, _ = read_csv(root, "reports")
    write_bytes("reports", header_trailing_comma, "header", 1)(root)
    return Expected(csv_path(root, "reports"), "header", 1, len(header) + 1)


def path_is_folder(root: Path) -> Expected:
    return set_resource_property_rule(root, "offices", "path", "data", "not-a-file")


def set_resource_property_rule(
    root: Path, resource: str, key: str, value: object, rule: str
) -> Expected:
    expected = set_resource_property(root, resource, key, value)
    return Expected(expected.file, rule, expected.line, expected.column)


def no_descriptor(root: Path) -> Expected:
    (root / "datapackage.json").unlink()
    # The one failure without a line: the file it is about does not exist.
    return Expected(str(root / "datapackage.json"), "missing-file", None)


def foreign_keys_not_a_list(root: Path) -> Expected:
    path = schema_path(root, "responses")
    text = edit_json(root / path, lambda data: data.__setitem__("foreignKeys", 7))
    line, column = json_member_location(text, "foreignKeys")
    return Expected(path, "schema", line, column)


def schema_without_fields(root: Path) -> Expected:
    path = schema_path(root, "countries")
    text = edit_json(root / path, lambda data: data.__setitem__("fields", []))
    line, column = json_member_location(text, "fields")
    return Expected(path, "schema", line, column)


def windows_line_break_in_cell(root: Path) -> Expected:
    """A quoted cell holding CRLF, as a spreadsheet on Windows may save it; rows end in LF."""
    expected = set_cell(root, "offices", "notes", "one-marker-two", "carriage-return", row=0)
    path = root / expected.file
    path.write_bytes(path.read_bytes().replace(b"one-marker-two", b'"one\r\ntwo"'))
    return expected



def swapped_coordinates(root: Path) -> Expected:
    """Latitude and longitude the wrong way round, still in range: outside the country."""
    header, rows = read_csv(root, "offices")
    lat, lon, country = (header.index(n) for n in ("latitude", "longitude", "country"))
    index = next(i for i, row in enumerate(rows) if row[country] == "NL" and row[lat])
    rows[index][lat], rows[index][lon] = rows[index][lon], rows[index][lat]
    write_csv(root, "offices", header, rows)
    line, column = cell_location(root, "offices", index, "latitude")
    return Expected(csv_path(root, "offices"), "inside-country", line, column)


def backtracking_pattern(root: Path) -> Expected:
    """A schema pattern only a backtracking engine can run (a backreference)."""
    return set_field_property_constraint(root, "offices", "city", "pattern", r"(a+)\1")


def set_field_property_constraint(
    root: Path, resource: str, field: str, key: str, value: object
) -> Expected:
    path = schema_path(root, resource)

    def change(data: dict) -> None:
        spec = next(f for f in data["fields"] if f["name"] == field)
        spec.setdefault("constraints", {})[key] = value

    text = edit_json(root / path, change)
    line, column = json_member_location(text, "name", field)
    return Expected(path, "schema", line, column)


def not_a_regular_file(resource: str, key: str, make: Callable[[Path], None]):
    """The file a resource's `key` ("path" or "schema") names becomes something else (a pipe,
    a folder): refused at the member, never opened. The copy is made first, so a FIFO never
    meets shutil.copytree."""

    def mutate(root: Path) -> Expected:
        shown = resource_entry(root, resource)[key]
        (root / shown).unlink()
        make(root / shown)
        text = (root / "datapackage.json").read_text(encoding="utf-8")
        line, column = json_member_location(text, key, shown)
        return Expected("datapackage.json", "not-a-file", line, column, says=(shown,))

    return mutate


def found_from_a_subfolder(root: Path) -> Expected:
    """Run with no PATH inside the package's data/ folder: the package is found upwards
    (issue 12, item 1), not the one officedata ships."""
    return replace(drop_cell(root, extra=True), cwd=root / "data")


def spreadsheet_booleans(root: Path) -> Expected:
    """Every boolean in TRUE/FALSE, as LibreOffice and Excel save them (issue 12, item 8)."""
    header, rows = read_csv(root, "offices")
    column = header.index("disputed")
    for row in rows:
        row[column] = row[column].upper()
    write_csv(root, "offices", header, rows)
    line, start = cell_location(root, "offices", 0, "disputed")
    value = rows[0][column]
    return Expected(csv_path(root, "offices"), "type", line, start, says=(repr(value),))


def numeric_enum(root: Path) -> Expected:
    """A schema enum of numbers (issue 12, item 7): checked and explained like any other."""
    path = schema_path(root, "offices")

    def change(data: dict) -> None:
        spec = next(f for f in data["fields"] if f["name"] == "geonames_id")
        spec.setdefault("constraints", {})["enum"] = [1, 2]

    edit_json(root / path, change)
    header, rows = read_csv(root, "offices")
    line, column = cell_location(root, "offices", first_row(rows, header, geonames_id=has), "geonames_id")
    return Expected(csv_path(root, "offices"), "enum", line, column, says=("is not one of: 1, 2",))


def named_cases() -> list[BadInput]:
    return [
        BadInput(
            "dangling-foreign-key-plain",
            lambda r: set_cell(r, "offices", "country", "ZZ", "foreign-key", row=0),
        ),
        BadInput(
            "dangling-foreign-key-optional",
            lambda r: set_cell(
                r,
                "countries",
                "stations_reported_source",
                "no-such-report",
                "foreign-key",
                stations_reported_source=bool,
            ),
        ),
        BadInput("dangling-foreign-key-list", dangling_list_key),
        BadInput(
            "dangling-office-in-list",
            lambda r: set_cell(
                r, "responses", "office_ids", "xx-nowhere", "foreign-key", office_ids=bool
            ),
        ),
        BadInput(
            "latitude-without-longitude",
            lambda r: set_cell(r, "offices", "longitude", "", "coordinates-pair", latitude=has),
        ),
        BadInput(
            "coordinates-outside-the-country",
            lambda r: set_cell(
                r, "offices", "latitude", "0.5", "gazetteer-coordinates", latitude=has
            ),
        ),
        BadInput(
            "geonames-place-in-another-country",
            # 1816670 is GeoNames' id for Beijing, CN; offices lie in host countries.
            lambda r: set_cell(
                r, "offices", "geonames_id", "1816670", "gazetteer-country", geonames_id=has
            ),
        ),
        BadInput(
            "geonames-id-unknown",
            lambda r: set_cell(
                r, "offices", "geonames_id", "999999999", "gazetteer", geonames_id=has
            ),
        ),
        BadInput(
            "integer-overflowing-64-bits",
            lambda r: set_cell(r, "offices", "geonames_id", "9" * 30, "type", geonames_id=has),
        ),
        BadInput(
            "number-infinite",
            lambda r: set_cell(r, "offices", "latitude", "1e999", "type", latitude=has),
        ),
        BadInput(
            "calendar-day-2022-02-30",
            lambda r: set_cell(r, "offices", "status_date", "2022-02-30", "calendar-date", row=0),
        ),
        BadInput(
            "calendar-month-2022-13",
            lambda r: set_cell(r, "responses", "date", "2022-13", "calendar-date", row=0),
        ),
        BadInput(
            "future-date",
            lambda r: set_cell(r, "reports", "published", "2999-01", "future-date", row=0),
        ),
        BadInput(
            "date-with-time",
            lambda r: set_cell(r, "responses", "date", "2022-10-27T10:00", "pattern", row=0),
        ),
        BadInput("ragged-row-extra-cell", lambda r: drop_cell(r, extra=True)),
        BadInput("ragged-row-missing-cell", lambda r: drop_cell(r, extra=False)),
        BadInput("unclosed-quote", unclosed_quote),
        BadInput("extra-column", lambda r: change_columns(r, "offices", add_column)),
        BadInput("missing-column", lambda r: change_columns(r, "offices", drop_column)),
        BadInput("100000-extra-columns", lambda r: change_columns(r, "countries", add_many_columns)),
        BadInput("renamed-column", lambda r: change_columns(r, "offices", rename_column)),
        BadInput("reordered-columns", lambda r: change_columns(r, "offices", swap_columns)),
        BadInput("repeated-column", lambda r: change_columns(r, "offices", repeat_column)),
        BadInput("empty-file", write_bytes("reports", lambda d: b"", "empty-file", 1)),
        BadInput("blank-file", write_bytes("reports", lambda d: b"\n\n  \n", "empty-file", 1)),
        BadInput("header-only-file", write_bytes("responses", header_only, "no-rows", 1)),
        BadInput("missing-file", missing_file),
        BadInput("not-utf8", not_utf8),
        BadInput(
            "utf8-bom", write_bytes("countries", lambda d: b"\xef\xbb\xbf" + d, "encoding", 1)
        ),
        BadInput(
            "crlf-line-endings",
            write_bytes("countries", lambda d: d.replace(b"\n", b"\r\n"), "line-endings", 1),
        ),
        BadInput("nul-byte", nul_byte),
        BadInput(
            "ten-megabyte-cell",
            lambda r: set_cell(r, "offices", "notes", "x" * TEN_MB, "maxLength", row=0),
        ),
        BadInput(
            "ten-megabyte-list-item",
            lambda r: set_cell(r, "responses", "sources", "y" * TEN_MB, "foreign-key", row=0),
        ),
        BadInput(
            "required-text-only-spaces",
            lambda r: set_cell(r, "reports", "title", "   ", "required", row=0),
        ),
        BadInput(
            "required-text-only-a-no-break-space",
            lambda r: set_cell(r, "responses", "summary", "\u00a0", "required", row=0),
        ),
        BadInput(
            "javascript-url",
            lambda r: set_cell(r, "reports", "url", "javascript:alert(1)", "pattern", row=0),
        ),
        BadInput(
            "file-url",
            lambda r: set_cell(r, "reports", "url", "file:///etc/passwd", "pattern", row=0),
        ),
        BadInput(
            "url-with-space",
            lambda r: set_cell(r, "reports", "url", "https://example.org/a b", "pattern", row=0),
        ),
        BadInput("path-parent-escape", escaping_path(lambda r: "../../etc/passwd")),
        BadInput("path-to-outside-file", escaping_path(lambda r: "../forbidden/secret.csv")),
        BadInput("path-absolute", escaping_path(lambda r: str(outside_target(r)))),
        BadInput("path-url", escaping_path(lambda r: "https://example.org/offices.csv")),
        BadInput("path-file-url", escaping_path(lambda r: outside_target(r).as_uri())),
        BadInput("path-backslash", escaping_path(lambda r: "..\\forbidden\\secret.csv")),
        BadInput("path-hidden-parent", escaping_path(lambda r: "data/../../forbidden/secret.csv")),
        BadInput(
            "schema-path-escape",
            escaping_path(lambda r: "../forbidden/secret.csv", key="schema"),
        ),
        BadInput("symlink-out-of-package", symlink_out),
        BadInput("schema-symlink-out-of-package", schema_symlink_out),
        BadInput("missing-schema-file", missing_schema),
        BadInput("descriptor-malformed-json", break_json(lambda r: "datapackage.json")),
        BadInput("descriptor-trailing-comma", trailing_comma),
        BadInput(
            "descriptor-empty",
            replace_file("datapackage.json", b"", "invalid-json", 1, 1),
        ),
        BadInput(
            "descriptor-not-an-object",
            replace_file("datapackage.json", b"[]\n", "descriptor", 1, 1),
        ),
        BadInput(
            "descriptor-not-utf8",
            replace_file("datapackage.json", '{"name": "ö"}'.encode("latin-1"), "encoding", 1),
        ),
        BadInput(
            "descriptor-resources-empty", set_descriptor_member("resources", [], "descriptor")
        ),
        BadInput("duplicate-resource-name", duplicate_resource),
        BadInput("schema-malformed-json", break_json(lambda r: schema_path(r, "offices"))),
        BadInput(
            "schema-unknown-type",
            lambda r: set_field_property(r, "offices", "latitude", "type", "geopoint"),
        ),
        BadInput(
            "schema-type-not-a-string",
            lambda r: set_field_property(r, "offices", "latitude", "type", ["number"]),
        ),
        BadInput(
            "schema-invalid-pattern",
            lambda r: set_field_property(
                r, "offices", "office_id", "constraints", {"required": True, "pattern": "[a-z"}
            ),
        ),
        BadInput(
            "schema-bound-not-a-number",
            lambda r: set_field_property(
                r, "offices", "latitude", "constraints", {"minimum": "-90"}
            ),
        ),
        BadInput(
            "schema-enum-not-a-list",
            lambda r: set_field_property(
                r, "offices", "status", "constraints", {"required": True, "enum": "closed"}
            ),
        ),
        BadInput(
            "schema-empty-delimiter",
            lambda r: set_field_property(r, "offices", "sources", "delimiter", ""),
        ),
        BadInput(
            "schema-true-values-not-a-list",
            lambda r: set_field_property(r, "offices", "disputed", "trueValues", "true"),
        ),
        BadInput("schema-unknown-foreign-resource", unknown_foreign_resource),
        BadInput("schema-foreign-keys-not-a-list", foreign_keys_not_a_list),
        BadInput("schema-without-fields", schema_without_fields),
        BadInput("header-trailing-comma", header_trailing_comma_case),
        BadInput("path-is-a-folder", path_is_folder),
        BadInput("stray-quote-in-header", write_bytes("offices", lambda d: b'"' + d, "csv", 1, 1)),
        BadInput("no-descriptor", no_descriptor),
        BadInput(
            "descriptor-nested-too-deeply",
            replace_file("datapackage.json", b"[" * 100_000 + b"]" * 100_000, "invalid-json", 1),
        ),
        BadInput("windows-line-break-inside-a-cell", windows_line_break_in_cell),
        # Issue 12: input that once passed or hung.
        BadInput("swapped-coordinates", swapped_coordinates),
        BadInput("backtracking-pattern", backtracking_pattern),
        BadInput(
            "invisible-only-required-value",
            lambda r: set_cell(r, "offices", "status", "\u200b\u2060", "required", row=0),
        ),
        BadInput(
            "descriptor-name-escapes",
            set_descriptor_member("name", "data/../../../../outside/x", "descriptor"),
        ),
        BadInput("descriptor-keywords-of-wrong-type", set_descriptor_member("keywords", 5, "profile")),
        BadInput("descriptor-created-in-2200", set_descriptor_member("created", "2200-01-01T00:00:00Z", "descriptor")),
        BadInput("schema-unknown-primary-key", unknown_primary_key),
        BadInput("fifo-in-place-of-a-csv", not_a_regular_file("reports", "path", os.mkfifo)),
        BadInput("folder-in-place-of-a-csv", not_a_regular_file("reports", "path", Path.mkdir)),
        BadInput(
            "fifo-in-place-of-a-schema", not_a_regular_file("reports", "schema", os.mkfifo)
        ),
        BadInput("no-path-found-from-a-subfolder", found_from_a_subfolder),
        BadInput("spreadsheet-booleans", spreadsheet_booleans),
        BadInput("numeric-enum", numeric_enum),
    ]


def zip_case(case: Hostile) -> BadInput:
    def mutate(root: Path) -> Expected:
        path = root.parent / f"{case.id}.zip"
        case.build(path)
        return Expected(str(path), "archive", None, target=path, says=(case.reason, case.member))

    return BadInput(case.id, mutate)


def tampered_release(root: Path) -> Expected:
    """The real package zipped as a release, then one value changed under its SHA256SUMS."""
    path = zip_as_release(root, root.parent / "tampered.zip", tamper=True)
    return Expected(str(path), "archive", None, target=path, says=(TAMPERED_REASON,))


def zip_cases() -> list[BadInput]:
    """Release zips (issue 12, item 4): validate is given the zip, not the package folder."""
    return [
        *(zip_case(case) for case in HOSTILE),
        BadInput("zip-member-tampered-after-release", tampered_release),
    ]


def all_cases() -> list[BadInput]:
    from bad_descriptors import metadata_cases  # it builds on this module's Expected

    cases = schema_cases() + named_cases() + metadata_cases() + zip_cases()
    ids = [case.id for case in cases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"case ids must be distinct: {duplicates}"
    return cases
