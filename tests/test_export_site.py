"""The static site: every page there, every link resolving, text escaped, nothing fetched from
another site, every report URL linked, the JSON API complete and hashed, identical bytes."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from release_helpers import (
    CHINESE_CITY,
    MESSY_NOTE,
    RESOURCES,
    append_rows,
    copy_package,
    read_csv_rows,
)


class Page(HTMLParser):
    """The links, resources, station rows and text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()
        self.station_rows: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag in ("script", "img", "iframe", "source") and "src" in values:
            self.resources.append(values["src"])
        if tag == "link" and "href" in values:
            self.resources.append(values["href"])
        if tag == "tr" and "data-office-id" in values:
            self.station_rows.append(values["data-office-id"])

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site(release: Path) -> Path:
    return release / "site"


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html"))}


def test_there_is_a_page_per_station_country_and_report(
    release: Path, pages: dict[str, Page]
) -> None:
    expected = {"index.html", "countries.html", "reports.html", "data.html"}
    for table, key, folder in (
        ("offices", "office_id", "stations"),
        ("countries", "iso2", "countries"),
        ("reports", "report_id", "reports"),
    ):
        expected |= {
            f"{folder}/{row[key]}.html" for row in read_csv_rows(release / "data" / f"{table}.csv")
        }
    assert set(pages) == expected


def test_the_index_lists_every_station_once(release: Path, pages: dict[str, Page]) -> None:
    offices = [row["office_id"] for row in read_csv_rows(release / "data" / "offices.csv")]
    assert pages["index.html"].station_rows == sorted(offices)
    html = (release / "site" / "index.html").read_text(encoding="utf-8")
    assert '<input type="search"' in html


def test_every_internal_link_and_fragment_resolves(site: Path, pages: dict[str, Page]) -> None:
    broken = []
    for name, page in pages.items():
        for href in page.links + page.resources:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            target = (site / name).parent / unquote(parts.path) if parts.path else site / name
            target = target.resolve()
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append((name, href))
            elif parts.fragment and target.suffix == ".html":
                fragment_page = pages[target.relative_to(site.resolve()).as_posix()]
                if parts.fragment not in fragment_page.ids:
                    broken.append((name, href))
    assert broken == []


def test_nothing_is_loaded_from_another_site(site: Path, pages: dict[str, Page]) -> None:
    for name, page in pages.items():
        for resource in page.resources:
            assert not urlsplit(resource).scheme and not resource.startswith("//"), (name, resource)
    for script in (site / "assets").glob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert "fetch(" not in text and "XMLHttpRequest" not in text, script.name
        assert "tileLayer" not in text and "http" not in text, script.name


def test_every_report_url_is_linked(release: Path, pages: dict[str, Page]) -> None:
    linked = {href for page in pages.values() for href in page.links}
    reports = read_csv_rows(release / "data" / "reports.csv")
    assert {r["url"] for r in reports} - linked == set()
    for report in reports:
        assert report["url"] in pages[f"reports/{report['report_id']}.html"].links


def test_a_station_page_shows_every_source_and_its_responses(
    release: Path, pages: dict[str, Page]
) -> None:
    reports = {r["report_id"]: r for r in read_csv_rows(release / "data" / "reports.csv")}
    responses = read_csv_rows(release / "data" / "responses.csv")
    for office in read_csv_rows(release / "data" / "offices.csv"):
        page = pages[f"stations/{office['office_id']}.html"]
        text = " ".join(page.text)
        for report_id in office["sources"].split(";"):
            assert reports[report_id]["url"] in page.links
            assert reports[report_id]["publisher"] in text
        for response in responses:
            named = [n for n in response["office_ids"].split(";") if n]
            names_it = office["office_id"] in named
            # A response that names no station is shown on every station page of its country.
            country_wide = not named and response["country"] == office["country"]
            assert (response["response_id"] in page.ids) == (names_it or country_wide)
            if names_it or country_wide:
                assert response["summary"] in text


def test_text_from_the_data_is_escaped_not_markup(release: Path, pages: dict[str, Page]) -> None:
    html = (release / "site" / "stations" / "nl-test-messy.html").read_text(encoding="utf-8")
    assert "Line one\nline &#34;two&#34; with \\ backslash" in html
    assert MESSY_NOTE in "".join(pages["stations/nl-test-messy.html"].text)
    assert CHINESE_CITY in "".join(pages["stations/ie-test-chinese.html"].text)


def test_markup_in_a_note_stays_text(tmp_path: Path) -> None:
    from officedata.release.export import export_format

    package = copy_package(tmp_path / "package")
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quoted"'
    rows = read_csv_rows(package / "data" / "offices.csv")
    office_id = f"{rows[0]['country'].lower()}-test-hostile"
    append_rows(package, "offices", [{**rows[0], "office_id": office_id, "notes": hostile}])
    export_format("site", package, tmp_path / "out")
    site = tmp_path / "out" / "site"
    for path in (site / "stations" / f"{office_id}.html", site / "index.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html, path.name
    page = parse(site / "stations" / f"{office_id}.html")
    assert hostile in "".join(page.text)


def test_the_api_index_lists_every_file_with_its_hash(release: Path) -> None:
    api = release / "site" / "api"
    index = json.loads((api / "index.json").read_text(encoding="utf-8"))
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert index["version"] == descriptor["version"]
    listed = {entry["path"]: entry for entry in index["files"]}
    on_disk = {p.relative_to(api).as_posix() for p in api.rglob("*") if p.is_file()} - {
        "index.json"
    }
    assert set(listed) == on_disk
    for path, entry in listed.items():
        content = (api / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(content).hexdigest() and entry["bytes"] == len(
            content
        )


@pytest.mark.parametrize("resource", RESOURCES)
def test_each_table_is_in_the_api(release: Path, resource: str) -> None:
    document = json.loads(
        (release / "site" / "api" / f"{resource}.json").read_text(encoding="utf-8")
    )
    assert document["name"] == resource
    assert document["count"] == len(read_csv_rows(release / "data" / f"{resource}.csv"))


def test_one_api_document_per_station_with_its_sources(release: Path) -> None:
    offices = read_csv_rows(release / "data" / "offices.csv")
    folder = release / "site" / "api" / "stations"
    assert sorted(p.stem for p in folder.glob("*.json")) == sorted(o["office_id"] for o in offices)
    for office in offices:
        document = json.loads((folder / f"{office['office_id']}.json").read_text(encoding="utf-8"))
        assert document["station"]["office_id"] == office["office_id"]
        assert [r["report_id"] for r in document["sources"]] == office["sources"].split(";")


def test_the_api_geojson_is_the_release_geojson(release: Path) -> None:
    assert (release / "site" / "api" / "offices.geojson").read_bytes() == (
        release / "offices.geojson"
    ).read_bytes()


def test_leaflet_is_vendored_with_its_licence_and_pinned_version(site: Path) -> None:
    from officedata.exporters.site_pages import LEAFLET_VERSION

    vendor = site / "assets" / "vendor" / "leaflet"
    assert (
        f"Leaflet {LEAFLET_VERSION}," in (vendor / "leaflet.js").read_text(encoding="utf-8")[:200]
    )
    assert "BSD 2-Clause" in (vendor / "LICENSE").read_text(encoding="utf-8")
    assert (vendor / "leaflet.css").is_file()


def test_two_builds_write_identical_site_bytes(planted_package: Path, tmp_path: Path) -> None:
    from officedata.release.export import export_format

    first = export_format("site", planted_package, tmp_path / "one")
    second = export_format("site", planted_package, tmp_path / "two")
    assert [p.relative_to(tmp_path / "one") for p in first] == [
        p.relative_to(tmp_path / "two") for p in second
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a


def test_an_export_over_an_earlier_one_replaces_its_files(
    planted_package: Path, tmp_path: Path
) -> None:
    """The first export moves site/ in whole; the next one, finding site/ there, replaces it
    file by file: the same files, the changed one rewritten, no staging folder left."""
    from officedata.release.export import export_format

    first = export_format("site", planted_package, tmp_path)
    index = tmp_path / "site" / "index.html"
    expected = index.read_bytes()
    index.write_bytes(b"changed by hand")
    second = export_format("site", planted_package, tmp_path)
    assert second == first and all(path.is_file() for path in second)
    assert index.read_bytes() == expected
    assert [entry.name for entry in tmp_path.iterdir()] == ["site"]


def test_building_the_site_leaves_no_reference_cycles(
    planted_package: Path, tmp_path: Path
) -> None:
    """write_site pauses the cyclic garbage collector (at 1e5 stations its passes over the
    site's live objects cost a sixth of the time): sound only while building the site leaves
    nothing that only that collector could free."""
    import gc

    from officedata.exporters.published_tables import package_descriptor
    from officedata.exporters.site import coverage_line, offices_geojson
    from officedata.exporters.site_build import write_site
    from officedata.release.staging import validated_tables
    from officedata.source import opened_package

    with opened_package(planted_package) as package:
        _, tables = validated_tables(package)
        inputs = (
            package_descriptor(package, tables),
            dict(tables),
            offices_geojson(tables),
            coverage_line(package, tables),
        )
    write_site(*inputs, tmp_path / "first")  # templates compiled, modules imported
    assert gc.isenabled()  # turned back on
    gc.collect()
    gc.disable()
    try:
        write_site(*inputs, tmp_path / "second")
        left = gc.collect()
    finally:
        gc.enable()
    assert left == 0


def test_a_station_page_keeps_the_latest_country_wide_responses_and_counts_the_rest() -> None:
    """Bounded pages: a country with more responses naming no station than a station page shows
    gets its latest ones there (the country page lists all), so the site grows with the
    stations, not with stations × country-wide responses."""
    from officedata.exporters.site_model import COUNTRY_EVENTS_ON_STATION_PAGE, SiteData
    from officedata.schema.descriptor import load_package

    package = load_package(Path(__file__).resolve().parent.parent)
    total = COUNTRY_EVENTS_ON_STATION_PAGE + 5
    responses = [
        {
            "response_id": f"nl-r{i:02d}",
            "country": "NL",
            "date": f"2023-01-{i + 1:02d}",
            "actor": "Test ministry",
            "action": "statement",
            "summary": f"Statement {i}",
            "office_ids": [],
            "sources": [],
        }
        for i in range(total)
    ]
    data = SiteData(
        descriptor={},
        coverage_line="",
        schemas={resource.name: resource.schema for resource in package.resources},
        offices=[],
        countries={},
        reports={},
        responses=responses,
    )
    office = {"office_id": "nl-test", "country": "NL"}
    assert data.country_wide_count(office) == total
    shown = [event.response_id for event in data.country_wide_events(office)]
    assert shown == [f"nl-r{i:02d}" for i in range(total - COUNTRY_EVENTS_ON_STATION_PAGE, total)]
    assert data.country_wide_events({"office_id": "de-test", "country": "DE"}) == []
