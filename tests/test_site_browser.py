"""The site in a real browser (headless Debian Chromium through Selenium), served from
127.0.0.1: the index loads without console errors, lists every station, the search box and
filters narrow the rows (and the map's markers), headings sort, a station page shows its
sources, the map draws a marker per place and per country known only by country, the layout
fits a phone, and the page reads without JavaScript. Screenshots go to the test's folder and
to build/screenshots/ (or $OFFICEDATA_SCREENSHOTS).

Without a browser these tests skip on a workstation but FAIL in CI (CI=true), so CI can never
pass by not testing. `.ci/run` installs chromium and chromium-driver with apt when missing.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from release_helpers import CHINESE_CITY, REPO, read_csv_rows


def first_program(variable: str, candidates: tuple[str, ...]) -> str:
    """$variable if set, else the first candidate installed (Debian's paths come first)."""
    if os.environ.get(variable):
        return os.environ[variable]
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return found
    return candidates[0]


# Debian's chromium and chromium-driver; GitHub's Ubuntu image has Google Chrome instead.
CHROMIUM = first_program("CHROMIUM", ("/usr/bin/chromium", "chromium", "google-chrome"))
CHROMEDRIVER = first_program("CHROMEDRIVER", ("/usr/bin/chromedriver", "chromedriver"))
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
SCREENSHOTS = Path(os.environ.get("OFFICEDATA_SCREENSHOTS", REPO / "build" / "screenshots"))
WAIT_SECONDS = 10
MAX_SCREENSHOT_HEIGHT = 4000


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def no_browser(reason: str) -> None:
    if in_ci():
        pytest.fail(
            f"{reason}; CI must run the browser tests (apt-get install chromium chromium-driver)"
        )
    pytest.skip(reason)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(release: Path) -> Iterator[str]:
    """The release's site/ over HTTP on 127.0.0.1 (a free port), for the module's tests."""
    handler = functools.partial(QuietHandler, directory=str(release / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def start_browser(width: int = 1280, height: int = 1000, javascript: bool = True) -> Any:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        no_browser("selenium is not installed")
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not (Path(binary).is_file() and os.access(binary, os.X_OK)):
            no_browser(f"{binary} not found")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='officedata-chromium-')}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    # An explicit driver path: Selenium Manager then downloads nothing.
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver = start_browser()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("screenshots")

    def save(driver: Any, name: str) -> Path:
        """The whole page (up to MAX_SCREENSHOT_HEIGHT pixels), not just the window."""
        path = folder / f"{name}.png"
        window = driver.get_window_size()
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(window["width"], min(max(height, 600), MAX_SCREENSHOT_HEIGHT))
        driver.save_screenshot(str(path))
        driver.set_window_size(window["width"], window["height"])
        try:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, SCREENSHOTS / path.name)
        except OSError:
            pass  # a read-only checkout still keeps the test's own copy
        return path

    yield save


def open_page(driver: Any, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def open_index(driver: Any, served: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(driver, served + "index.html")
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#map .leaflet-marker-icon")
    )


def visible_rows(driver: Any) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#station-table tbody tr'))"
        ".filter(r => !r.hidden).map(r => r.dataset.officeId)"
    )


def search_for(driver: Any, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.CSS_SELECTOR, 'input[type="search"]')
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    if text:
        box.send_keys(text)


def offices(release: Path) -> list[dict[str, str]]:
    return read_csv_rows(release / "data" / "offices.csv")


def test_index_loads_without_console_errors(browser: Any, served: str, screenshots: Any) -> None:
    browser.get_log("browser")  # drop anything from before
    open_index(browser, served)
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    screenshots(browser, "index")


def test_index_lists_every_station(browser: Any, served: str, release: Path) -> None:
    open_index(browser, served)
    assert sorted(visible_rows(browser)) == sorted(o["office_id"] for o in offices(release))


def test_search_box_filters_the_rows(
    browser: Any, served: str, release: Path, screenshots: Any
) -> None:
    from selenium.webdriver.common.by import By

    open_index(browser, served)
    search_for(browser, CHINESE_CITY)
    assert visible_rows(browser) == ["ie-test-chinese"]
    search_for(browser, "Rotterdam")
    expected = [
        o["office_id"]
        for o in offices(release)
        if "rotterdam" in (o["city"] + " " + o["notes"]).lower()
    ]
    assert expected and visible_rows(browser) == sorted(expected)
    count = browser.find_element(By.ID, "station-count").text
    assert count == f"{len(expected)} of {len(offices(release))} stations shown"
    screenshots(browser, "search")
    search_for(browser, "")
    assert len(visible_rows(browser)) == len(offices(release))


def test_filters_narrow_rows_and_markers(browser: Any, served: str, release: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_index(browser, served)
    all_markers = len(browser.find_elements(By.CSS_SELECTOR, "#map .leaflet-marker-icon"))
    Select(browser.find_element(By.ID, "filter-status")).select_by_value("closed")
    closed = sorted(o["office_id"] for o in offices(release) if o["status"] == "closed")
    assert closed and visible_rows(browser) == closed
    markers = len(browser.find_elements(By.CSS_SELECTOR, "#map .leaflet-marker-icon"))
    assert 0 < markers < all_markers
    Select(browser.find_element(By.ID, "filter-disputed")).select_by_value("true")
    both = sorted(
        o["office_id"]
        for o in offices(release)
        if o["status"] == "closed" and o["disputed"] == "true"
    )
    assert visible_rows(browser) == both


def test_a_heading_sorts_the_table(browser: Any, served: str) -> None:
    from selenium.webdriver.common.by import By

    open_index(browser, served)
    button = browser.find_element(By.XPATH, "//table[@id='station-table']//th[2]/button")
    button.click()
    countries = browser.execute_script(
        "return Array.from(document.querySelectorAll('#station-table tbody tr'))"
        ".map(r => r.cells[1].textContent.trim().toLowerCase())"
    )
    assert countries == sorted(countries)
    heading = browser.find_element(By.XPATH, "//table[@id='station-table']//th[2]")
    assert heading.get_attribute("aria-sort") == "ascending"
    button.click()
    assert heading.get_attribute("aria-sort") == "descending"


def test_a_station_page_shows_its_sources(
    browser: Any, served: str, release: Path, screenshots: Any
) -> None:
    from selenium.webdriver.common.by import By

    office = next(o for o in offices(release) if o["office_id"] == "nl-rotterdam-fuzhou")
    open_page(browser, served + f"stations/{office['office_id']}.html")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.sources tbody tr")
    assert [r.get_attribute("data-report-id") for r in rows] == office["sources"].split(";")
    reports = {r["report_id"]: r for r in read_csv_rows(release / "data" / "reports.csv")}
    for row, report_id in zip(rows, office["sources"].split(";"), strict=True):
        assert reports[report_id]["publisher"] in row.text
        links = [a.get_attribute("href") for a in row.find_elements(By.TAG_NAME, "a")]
        assert reports[report_id]["url"] in links
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    screenshots(browser, "station")


def test_the_map_draws_a_marker_per_place_and_per_unlocated_country(
    browser: Any, served: str, release: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    rows = offices(release)
    places = {
        (round(float(o["latitude"]), 6), round(float(o["longitude"]), 6))
        for o in rows
        if o["latitude"]
    }
    unlocated = {o["country"] for o in rows if not o["latitude"]}
    open_index(browser, served)
    markers = browser.find_elements(By.CSS_SELECTOR, "#map .leaflet-marker-icon")
    assert len(markers) == len(places) + len(unlocated)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map .country-marker")) == len(unlocated)
    assert (
        browser.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive") == []
    )  # outlines are inert
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map svg path")) > 100  # outlines drawn
    # Keyboard: a marker takes the focus and Enter opens its popup with links to station pages.
    marker = browser.find_element(By.CSS_SELECTOR, "#map .place-marker")
    browser.execute_script("arguments[0].focus()", marker)
    marker.send_keys(Keys.ENTER)
    popup = WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-popup-content a")
    )
    assert all("/stations/" in a.get_attribute("href") for a in popup)


def test_the_layout_fits_a_phone(served: str, screenshots: Any) -> None:
    driver = start_browser(width=390, height=1200)
    try:
        open_index(driver, served)
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0
        screenshots(driver, "index-phone")
    finally:
        driver.quit()


def test_the_index_reads_without_javascript(served: str, release: Path) -> None:
    from selenium.webdriver.common.by import By

    driver = start_browser(javascript=False)
    try:
        open_page(driver, served + "index.html")
        rows = driver.find_elements(By.CSS_SELECTOR, "#station-table tbody tr")
        assert len(rows) == len(offices(release)) and all(r.is_displayed() for r in rows)
        assert not driver.find_element(By.ID, "station-filters").is_displayed()
    finally:
        driver.quit()
