"""What a reader sees, in headless Chromium: every page type, direction, speaker headings,
paragraph permalinks, no console errors, no request off the site's host; screenshots."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import open_page, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "hub": "meetings/rome-2021/",
    "briefing": "briefings/rome-2021-us-officials-briefing/",
    "about": "about/",
}


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_types_are_rtl_clean_and_offline(browser: Any, site_url: str, kind: str, width: int) -> None:
    w = open_page(browser, site_url, width=width)
    w.page.goto(site_url + PAGES[kind], wait_until="networkidle")
    assert w.page.evaluate("document.documentElement.dir") == "rtl"
    assert w.page.evaluate("document.documentElement.lang") == "ar"
    assert w.page.evaluate("getComputedStyle(document.querySelector('.md-content')).direction") == "rtl"
    assert w.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scroll"
    screenshot(w.page, f"{kind}-{width}")
    w.clean()
    w.page.context.close()


def test_briefing_shows_speaker_headings(watched: Any, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + PAGES["briefing"], wait_until="networkidle")
    headings = page.locator("h2[data-kind=turn]")
    assert headings.count() == 3
    texts = [t.replace("¶", "").strip() for t in headings.all_inner_texts()]
    assert texts == ["هود", "وورمان", "كوبر"]
    for i in range(3):
        assert headings.nth(i).is_visible()
    watched.clean()


def test_paragraph_permalink_lands_on_its_paragraph(watched: Any, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + PAGES["briefing"], wait_until="networkidle")
    link = page.locator("#p30 a.pid")
    assert link.inner_text() == "p30"
    link.click()
    page.wait_for_function("location.hash === '#p30'")
    page.wait_for_timeout(300)
    top = page.evaluate("document.getElementById('p30').getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().height")
    assert 0 <= top - header < 120, (top, header)
    # A fresh visit to the permalink lands there too.
    page.goto(site_url + PAGES["briefing"] + "#p30", wait_until="networkidle")
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('p30').getBoundingClientRect().top") < 250
    watched.clean()
