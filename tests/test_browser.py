"""What a reader's browser makes of the published pages, in headless Chromium.

Every report, the index and a sweep page, at a desktop and a phone width: the page never
scrolls sideways, every chart has alt text that describes it, axe-core finds no serious or
critical accessibility violation, and every table-of-contents link and every linked file
resolves. Playwright drives Debian's `chromium` through its executable path (it cannot
download a browser of its own here); `.ci/run` installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = pytest.mark.notebook

WIDTHS_PX = (1280, 420)
# nbconvert's placeholder, and text too short to say what a chart shows
PLACEHOLDER_ALT = "No description has been provided for this image"
MIN_ALT_WORDS = 6


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run must install Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        yield instance
        instance.close()


def _pages(root: Path) -> list[Path]:
    reports = sorted(root.glob("*/default/report.html"))
    sweeps = sorted(root.glob("_sweeps/*/comparison.html"))
    assert len(reports) >= 5, reports
    assert sweeps, "the published tree has a sweep page"
    return [root / "index.html", *reports, sweeps[0]]


@pytest.fixture(scope="module")
def pages(published_reports: Path) -> list[Path]:
    return _pages(published_reports)


def _open(browser: object, path: Path, width: int):  # -> playwright Page
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("width", WIDTHS_PX)
def test_no_page_scrolls_sideways(browser: object, pages: list[Path], width: int) -> None:
    wide = {}
    for path in pages:
        page = _open(browser, path, width)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.close()
        if overflow > 1:
            wide[str(path.relative_to(pages[0].parent))] = overflow
    assert not wide, f"pages wider than {width} px by (px): {wide}"


def test_every_image_has_alt_text_that_describes_it(browser: object, pages: list[Path]) -> None:
    bad = []
    for path in pages:
        page = _open(browser, path, WIDTHS_PX[0])
        alts = page.eval_on_selector_all(
            "img, svg[role='img']",
            "els => els.map(e => e.getAttribute('alt') ?? e.getAttribute('aria-label') ?? '')",
        )
        page.close()
        for alt in alts:
            if PLACEHOLDER_ALT in alt or len(alt.split()) < MIN_ALT_WORDS:
                bad.append((path.parent.name, alt[:80]))
    assert not bad, bad


@pytest.mark.parametrize("width", WIDTHS_PX)
def test_axe_finds_no_serious_or_critical_violation(
    browser: object, pages: list[Path], width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = []
    for path in pages:
        page = _open(browser, path, width)
        response = axe.run(page).response
        page.close()
        for violation in response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"][:3]]
                found.append((path.parent.name, violation["id"], violation["impact"], targets))
    assert not found, found


def _local_target(page_path: Path, href: str) -> Path | None:
    """The file a relative link names, or None for a link that leaves the folder tree
    (http, mailto) or stays on the page (#anchor)."""
    parsed = urlparse(href)
    if parsed.scheme in ("http", "https", "mailto") or not parsed.path:
        return None
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    # lexically, as a browser does: published folders are symlinks to their versions
    return Path(os.path.normpath(page_path.parent / unquote(parsed.path)))


def test_every_contents_link_and_linked_file_resolves(
    browser: object, pages: list[Path], published_reports: Path
) -> None:
    broken = []
    for path in pages:
        page = _open(browser, path, WIDTHS_PX[0])
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        names = set(page.eval_on_selector_all("a[name]", "els => els.map(e => e.name)"))
        page.close()
        for href in hrefs:
            if href.startswith("#"):
                if unquote(href[1:]) not in ids | names:
                    broken.append((path.parent.name, href))
                continue
            target = _local_target(path, href)
            if target is None:
                continue
            inside = Path(os.path.normpath(published_reports)) in target.parents
            if not inside or not target.exists():
                broken.append((path.parent.name, href))
    assert not broken, broken


def test_every_report_has_a_table_of_contents(browser: object, pages: list[Path]) -> None:
    """Every report's contents list links to each of its section headings."""
    missing = []
    for path in pages[1:-1]:  # the reports
        page = _open(browser, path, WIDTHS_PX[0])
        links = set(
            page.eval_on_selector_all(
                "nav a[href^='#']", "els => els.map(e => e.getAttribute('href').slice(1))"
            )
        )
        sections = page.eval_on_selector_all(
            "main h2[id], article h2[id], body h2[id]", "els => els.map(e => e.id)"
        )
        page.close()
        unlinked = [s for s in sections if s not in links]
        if not links or unlinked:
            missing.append((path.parent.parent.name, unlinked or "no contents"))
    assert not missing, missing
