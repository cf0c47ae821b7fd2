"""Datasette serves the release's database with its metadata: every table page answers and shows
the column descriptions from the schemas (Datasette's in-process client: no server, no network)."""

from __future__ import annotations

import asyncio
import html
import json
from pathlib import Path
from typing import Any

import pytest
from release_helpers import RESOURCES, release_schema


def metadata(release: Path) -> dict[str, Any]:
    return json.loads((release / "metadata.json").read_text(encoding="utf-8"))


def get(release: Path, *paths: str) -> list[tuple[int, str]]:
    from datasette.app import Datasette

    async def fetch() -> list[tuple[int, str]]:
        datasette = Datasette(
            [str(release / "officedata.db")], metadata=metadata(release), immutables=[]
        )
        responses = [await datasette.client.get(path) for path in paths]
        return [(r.status_code, r.text) for r in responses]

    return asyncio.run(fetch())


def test_metadata_carries_title_licence_and_sources_from_the_descriptor(release: Path) -> None:
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    meta = metadata(release)
    assert meta["title"] == descriptor["title"]
    assert meta["description"].startswith(descriptor["description"])
    assert meta["license"] == descriptor["licenses"][0]["title"]
    assert meta["license_url"] == descriptor["licenses"][0]["path"]
    assert meta["source_url"] == descriptor["sources"][0]["path"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_field_has_its_schema_description(release: Path, resource: str) -> None:
    tables = metadata(release)["databases"]["officedata"]["tables"]
    for field in release_schema(release, resource)["fields"]:
        if field["type"] == "list":
            link = tables[f"{resource}_{field['name']}"]["columns"]
            assert field["description"] in link.values()
        else:
            assert tables[resource]["columns"][field["name"]].startswith(field["description"])


def test_table_pages_answer_and_show_column_descriptions(release: Path) -> None:
    tables = metadata(release)["databases"]["officedata"]["tables"]
    shown = [name for name, entry in tables.items() if not entry.get("hidden")]
    pages = get(release, "/officedata", *(f"/officedata/{name}" for name in shown))
    status, index = pages[0]
    assert status == 200
    assert all(name in index for name in ("offices", "offices_with_latest_event"))
    for name, (status, page) in zip(shown, pages[1:], strict=True):
        assert status == 200, name
        text = html.unescape(page)
        assert tables[name].get("title", name) in text, name
        for description in tables[name].get("columns", {}).values():
            assert description in text, (name, description[:60])


def test_search_box_uses_the_full_text_index(release: Path) -> None:
    [(status, page)] = get(release, "/officedata/offices.json?_search=Rotterdam&_shape=objects")
    assert status == 200
    rows = json.loads(page)["rows"]
    assert rows and all("Rotterdam" in (row["notes"] or "") + (row["city"] or "") for row in rows)
    assert {"nl-rotterdam-fuzhou"} <= {row["office_id"] for row in rows}


def test_small_enums_and_booleans_are_facets_with_counts_from_the_data(release: Path) -> None:
    from release_helpers import read_csv_rows

    [(status, page)] = get(release, "/officedata/offices.json?_size=0&_extra=facet_results")
    assert status == 200
    facets = json.loads(page)["facet_results"]
    assert {"status", "location_precision", "disputed"} <= set(facets)
    counts = {item["value"]: item["count"] for item in facets["status"]["results"]}
    offices = read_csv_rows(release / "data" / "offices.csv")
    assert counts == {
        s: sum(o["status"] == s for o in offices) for s in {o["status"] for o in offices}
    }
