"""Nothing is lost: generated valid rows survive CSV → load (and fmt) with every value intact.

Rows are generated for `reports` and `responses` (free text in any script, Chinese included,
line breaks inside cells, partial dates, empty optional fields, lists of references) and added
to a copy of the real package, written in a deliberately non-canonical form. Then:
- the validator accepts them and loads exactly the generated values;
- `fmt` changes only form: its output validates, loads to the same values, and is stable.
"""

from __future__ import annotations

import csv
import io
import json
import random
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from bad_inputs import copy_package
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officedata.fmt import format_package
from officedata.package import load_package
from officedata.validate import validate_package

TODAY = date(2026, 11, 28)

# Any printable character of any script (no surrogates, no control characters), plus CJK and
# line breaks inside cells; strings stripped of nothing, so spaces at the ends must survive too.
_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
_CJK = st.sampled_from("中国警察服务站海外福州青田温州南通丽水报告")
_TEXT_CHAR = st.one_of(_CHARS, _CJK, st.just("\n"), st.sampled_from(",;\"'"))


def text(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(_TEXT_CHAR, min_size=min_size, max_size=max_size)


def partial_date() -> st.SearchStrategy[str]:
    return st.builds(
        lambda day, width: day.isoformat()[:width],
        st.dates(min_value=date(1990, 1, 1), max_value=TODAY),
        st.sampled_from([4, 7, 10]),
    )


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def schema_enum(root: Path, table: str, field: str) -> list[str]:
    schema = json.loads((root / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
    return next(f for f in schema["fields"] if f["name"] == field)["constraints"]["enum"]


def real_rows(table: str) -> list[dict[str, str]]:
    from bad_inputs import REPO

    with (REPO / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


REPORT_IDS = [r["report_id"] for r in real_rows("reports")]
OFFICE_IDS = [r["office_id"] for r in real_rows("offices")]
COUNTRIES = [r["iso2"] for r in real_rows("countries")]
_ROOT = Path(__file__).resolve().parent.parent


@st.composite
def report_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 4))
    rows = []
    for number in range(count):
        report_id = f"zz-generated-{number}-" + draw(
            st.from_regex(r"[a-z0-9]{1,20}", fullmatch=True)
        )
        rows.append(
            {
                "report_id": report_id,
                "title": draw(text(1, 300)),
                "publisher": draw(text(1, 200)),
                "publisher_kind": draw(
                    st.sampled_from(schema_enum(_ROOT, "reports", "publisher_kind"))
                ),
                "published": draw(optional(partial_date())),
                "url": f"https://example.org/{report_id}/"
                + draw(st.from_regex(r"[A-Za-z0-9%._~-]{0,30}", fullmatch=True)),
                "language": draw(st.from_regex(r"[a-z]{2}", fullmatch=True)),
                "reliability": draw(st.sampled_from(schema_enum(_ROOT, "reports", "reliability"))),
                "stations_claimed": draw(optional(st.integers(0, 10000))),
                "countries_claimed": draw(optional(st.integers(0, 250))),
            }
        )
    return rows


@st.composite
def response_rows(draw: st.DrawFn, new_reports: list[str]) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 4))
    known = REPORT_IDS + new_reports
    return [
        {
            "response_id": f"zz-generated-{number}-"
            + draw(st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True)),
            "country": draw(st.sampled_from(COUNTRIES)),
            "office_id": draw(optional(st.sampled_from(OFFICE_IDS))),
            "date": draw(optional(partial_date())),
            "actor": draw(text(1, 200)),
            "actor_kind": draw(st.sampled_from(schema_enum(_ROOT, "responses", "actor_kind"))),
            "action": draw(st.sampled_from(schema_enum(_ROOT, "responses", "action"))),
            "summary": draw(text(1, 200)),
            "sources": draw(st.lists(st.sampled_from(known), min_size=1, max_size=3)),
        }
        for number in range(count)
    ]


@st.composite
def generated_rows(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    reports = draw(report_rows())
    responses = draw(response_rows([r["report_id"] for r in reports]))
    return {"reports": reports, "responses": responses}


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def add_rows(root: Path, generated: dict[str, list[dict[str, Any]]], shuffle_seed: int) -> None:
    """Append the rows, shuffle row order and quote every cell: valid, but not canonical."""
    for table, new_rows in generated.items():
        path = root / "data" / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as stream:
            records = list(csv.reader(stream))
        header, rows = records[0], records[1:]
        rows += [[cell(row[name]) for name in header] for row in new_rows]
        random.Random(shuffle_seed).shuffle(rows)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)
        path.write_bytes(buffer.getvalue().encode("utf-8"))


def loaded_value(value: Any) -> Any:
    """A typed frame cell → plain Python (None for missing, int, str, list)."""
    import pandas as pd

    if isinstance(value, list):
        return list(value)
    return None if pd.isna(value) else value


def loaded_rows(root: Path, table: str, key: str) -> dict[str, dict[str, Any]]:
    result = validate_package(root, today=TODAY)
    assert result.ok, [f.message for f in result.findings.errors][:5]
    frame = result.tables[table].frame
    return {
        row[key]: {name: loaded_value(row[name]) for name in frame.columns}
        for row in frame.astype(object).to_dict("records")
    }


KEYS = {"reports": "report_id", "responses": "response_id"}
SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(generated=generated_rows(), seed=st.integers(0, 1000))
def test_generated_rows_load_with_every_value_intact(generated, seed) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = copy_package(Path(folder) / "package")
        add_rows(root, generated, seed)
        for table, rows in generated.items():
            loaded = loaded_rows(root, table, KEYS[table])
            for row in rows:
                assert loaded[row[KEYS[table]]] == row


def raw_records(root: Path) -> dict[str, list[tuple[str, ...]]]:
    """Every table's rows as text, in a fixed order: what fmt must never change."""
    records = {}
    for resource in load_package(root).resources:
        with (root / resource.path).open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            names = resource.schema.field_names
            records[resource.name] = sorted(tuple(row[n] for n in names) for row in reader)
    return records


@SETTINGS
@given(generated=generated_rows(), seed=st.integers(0, 1000))
def test_fmt_changes_only_form(generated, seed) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = copy_package(Path(folder) / "package")
        add_rows(root, generated, seed)
        before_text = raw_records(root)
        before = {t: loaded_rows(root, t, KEYS[t]) for t in generated}

        result = format_package(load_package(root), check=False)
        assert not result.failures
        assert set(result.changed) == {f"data/{t}.csv" for t in generated}

        assert raw_records(root) == before_text
        assert {t: loaded_rows(root, t, KEYS[t]) for t in generated} == before
        again = format_package(load_package(root), check=True)
        assert again.changed == [] and again.failures == []
