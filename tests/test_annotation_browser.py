"""What a reader sees of the annotations, in headless Chromium: a mention shows its note on hover
and on keyboard focus and its link lands on the entry page; an editorial note shows on focus and is
set apart from the source words; the index, figures and timeline pages open cleanly."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import screenshot

pytestmark = pytest.mark.browser

STATEMENT = "briefings/rome-2021-joint-statement-and-blinken-remarks/"


def tooltip_shows(page: Any, text: str) -> str:
    """The text of the visible tooltip that contains `text` (waits for it)."""
    tip = page.locator(".md-tooltip2.md-tooltip2--active", has_text=text)
    tip.first.wait_for(state="visible", timeout=5000)
    return str(tip.first.inner_text())


def test_mention_tooltip_on_hover_and_focus_and_link_to_entry(watched: Any, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + STATEMENT, wait_until="networkidle")
    mention = page.locator("#p19 a.mention[href$='/di-maio/']").first
    assert mention.inner_text() == "لويجي"
    mention.hover()
    assert tooltip_shows(page, "وزير الخارجية والتعاون الدولي الإيطالي").startswith("لويجي دي مايو")
    screenshot(page, "mention-tooltip-hover")
    page.mouse.move(0, 0)
    page.wait_for_selector(".md-tooltip2--active", state="detached", timeout=5000)
    # Keyboard: Tab from the element just before the mention reaches it and shows the note.
    page.locator("#p18 a.pid").focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("(document.activeElement.getAttribute('href') || '').endsWith('/entities/di-maio/')"):
            break
    assert page.evaluate("document.activeElement.closest('#p19') !== null")
    tooltip_shows(page, "لويجي دي مايو: وزير الخارجية")
    page.keyboard.press("Enter")
    page.wait_for_url("**/entities/di-maio/")
    assert page.locator("h1").inner_text().replace("¶", "").strip() == "لويجي دي مايو"
    # The entry lists this mention with its paragraph anchor, which lands on the paragraph.
    link = page.locator("ul.mentions a[href$='#p19']").first
    link.click()
    page.wait_for_url("**/" + STATEMENT + "#p19")
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('p19').getBoundingClientRect().top") < 250
    watched.clean()


def test_editorial_note_is_distinct_and_shows_on_focus(watched: Any, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "briefings/rome-2021-us-officials-briefing/#p7", wait_until="networkidle")
    ref = page.locator("#p7 .enote-ref[data-note=missing-space-inna]")
    assert ref.inner_text() == "إنالولايات"
    # The marker is drawn by CSS: the paragraph's text stays the source's.
    assert page.evaluate("getComputedStyle(document.querySelector('#p7 .enote-ref'), '::after').content") != "none"
    assert "إنالولايات المتحدة" in page.locator("#p7 .tx").inner_text()
    ref.focus()
    tooltip_shows(page, "تنقص مسافة")
    block = page.locator("#p7 aside.enotes")
    assert block.get_attribute("data-search-ignore") is not None
    assert "الأساس" in block.inner_text()
    source = page.evaluate("getComputedStyle(document.querySelector('#p7 .tx')).backgroundColor")
    note = page.evaluate("getComputedStyle(document.querySelector('#p7 aside.enotes')).backgroundColor")
    assert source != note, "an editorial note looks different from the source words"
    screenshot(page, "editorial-note")
    watched.clean()


def test_a_note_inside_a_mention_joins_its_tooltip(watched: Any, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + STATEMENT + "#p4", wait_until="networkidle")
    page.locator("#p4 .enote-ref[data-note=blinken-misspelt]").hover()
    text = tooltip_shows(page, "خطأ في الأصل")
    assert text.startswith("أنتوني بلينكن: وزير خارجية")
    assert page.locator(".md-tooltip2.md-tooltip2--active").count() == 1
    watched.clean()


@pytest.mark.parametrize("path", ["names/people/", "names/terms/", "entities/sdf/", "figures/", "timeline/"])
def test_annotation_pages_open_cleanly(watched: Any, site_url: str, path: str) -> None:
    page = watched.page
    page.goto(site_url + path, wait_until="networkidle")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    for latin in page.locator(".latin").all()[:5]:
        assert latin.get_attribute("lang") == "en" and latin.get_attribute("dir") == "ltr"
    screenshot(page, "annotations-" + path.strip("/").replace("/", "-"))
    watched.clean()
