"""The search box, in headless Chromium on the built site: the query suite (tests/search/queries.yml)
typed into the real search box, lazy loading, keyboard shortcuts, filters, phrase ranking, result
links that land on the paragraph and highlight the match there, accessible names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, Watched, open_page, screenshot
from edition.normalize import fold

pytestmark = pytest.mark.browser

SUITE = yaml.safe_load((ROOT / "tests/search/queries.yml").read_text(encoding="utf-8"))["queries"]
BRIEFING = "briefings/rome-2021-us-officials-briefing/"


def seed_ids() -> dict[str, str]:
    """Briefing id → seed number (000 ...), read from the metadata files."""
    out = {}
    for meta in sorted((ROOT / "seeds").glob("*.meta.yml")):
        data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        out[data["id"]] = meta.name[:3]
    return out


SEEDS = seed_ids()


def search(page: Any, query: str) -> list[str]:
    """Type a query into the open search box; the seeds of the briefings in the results."""
    page.fill("#es-q", query)
    page.wait_for_function(
        "q => { const r = document.getElementById('es-results'); return r.dataset.query === q && r.dataset.state === 'done'; }",
        arg=query, timeout=10_000)
    return [SEEDS[b] for b in page.eval_on_selector_all(".es-group", "els => els.map(e => e.dataset.briefing)")]


def open_search(page: Any, key: str = "/") -> None:
    page.locator("body").press(key)
    page.wait_for_function("document.getElementById('es-dialog').open")
    assert page.evaluate("document.activeElement.id") == "es-q"


@pytest.fixture
def searching(browser: Any, site_url: str) -> Any:
    w = open_page(browser, site_url)
    w.page.goto(site_url + BRIEFING, wait_until="networkidle")
    open_search(w.page)
    yield w
    w.clean()
    w.page.context.close()


def test_query_suite_through_the_search_box(searching: Watched) -> None:
    assert len(SUITE) >= 40
    covers = {q["covers"] for q in SUITE}
    assert covers >= {"folding", "digits", "attached", "punctuation", "entities", "all-words"}
    failures = []
    for case in SUITE:
        got = set(search(searching.page, case["q"]))
        missing = set(case["find"]) - got
        wrong = set(case["not"]) & got
        if missing or wrong:
            failures.append(f"{case['q']}: found {sorted(got)}; missing {sorted(missing)}; must not find {sorted(wrong)}")
    assert not failures, "\n".join(failures)


def test_a_page_view_downloads_no_index_until_the_search_opens(browser: Any, site_url: str) -> None:
    w = open_page(browser, site_url)
    urls: list[str] = []
    w.page.on("request", lambda r: urls.append(r.url))
    for path in ("", BRIEFING, "meetings/rome-2021/", "about/"):
        w.page.goto(site_url + path, wait_until="networkidle")
    assert not [u for u in urls if "/search/" in u or "search-engine" in u], urls
    open_search(w.page, "s")
    search(w.page, "بلينكن")
    assert any(u.endswith("search/manifest.json") for u in urls)
    assert any("/search/i/" in u for u in urls) and any("/search/t/" in u for u in urls)
    w.clean()
    w.page.context.close()


def test_results_show_briefing_section_snippet_and_land_on_the_paragraph(searching: Watched) -> None:
    page = searching.page
    search(page, "بلينكين")
    hit = page.locator(".es-group[data-briefing='rome-2021-ukraine-gate-report'] a.es-hit").first
    assert hit.locator(".es-section").inner_text().strip()
    marks = hit.locator(".es-snippet mark").all_inner_texts()
    assert marks and all(any(n in fold(m) for n in ("بلينكين", "بلينكن", "بلكين")) for m in marks), marks
    href = hit.get_attribute("href")
    assert "briefings/rome-2021-ukraine-gate-report/?h=" in href and "#p" in href
    anchor = href.rsplit("#", 1)[1]
    hit.click()
    page.wait_for_url("**/rome-2021-ukraine-gate-report/**")
    page.wait_for_selector(f"#{anchor}.es-target mark.es-mark")
    marked = page.locator(f"#{anchor} mark.es-mark").all_inner_texts()
    assert any("بلينكين" in fold(m) for m in marked), marked
    top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    assert 0 <= top < 300, top
    screenshot(page, "search-landed")
    # The source words are unchanged: only <mark> elements were added around them.
    text = page.locator(f"#{anchor} .tx").inner_text()
    source = (ROOT / "seeds" / "002_f724d4bf8a2b4533.txt").read_text(encoding="utf-8")
    assert text.strip() in source


def test_results_render_as_typed_fast(searching: Watched) -> None:
    page = searching.page
    page.locator("#es-q").press_sequentially("افريقيا", delay=5)
    page.wait_for_function("document.getElementById('es-results').dataset.query === 'افريقيا'")
    got = {SEEDS[b] for b in page.eval_on_selector_all(".es-group", "els => els.map(e => e.dataset.briefing)")}
    assert got == {"000", "001", "002"}


def test_a_word_being_typed_has_its_files_fetched_ahead(searching: Watched) -> None:
    """While «الساحل» is typed, its most likely completion is fetched ahead: the keystroke that ends
    the word downloads nothing more, and its results are those of the whole word typed at once."""
    page = searching.page
    page.locator("#es-q").press_sequentially("الساح", delay=40)
    page.wait_for_function("document.getElementById('es-results').dataset.query === 'الساح'")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.locator("#es-q").press_sequentially("ل")
    page.wait_for_function("document.getElementById('es-results').dataset.query === 'الساحل'")
    typed = page.eval_on_selector_all(".es-group", "els => els.map(e => e.dataset.briefing)")
    assert typed, "الساحل has results"
    assert not [u for u in urls if "/search/" in u], urls
    page.wait_for_load_state("networkidle")
    assert [SEEDS[b] for b in typed] == search(page, "الساحل ")


def test_phrase_is_ranked_first(searching: Watched) -> None:
    page = searching.page
    search(page, "المقاتلين الأجانب")
    hits = page.locator("a.es-hit")
    assert hits.count() > 1
    assert hits.first.get_attribute("data-phrase") is not None
    phrase = [h.get_attribute("data-phrase") is not None for h in hits.all()]
    assert not all(phrase), "the query also matches paragraphs where the words are apart"
    groups = page.locator(".es-group")
    firsts = [g.locator("a.es-hit").first.get_attribute("data-phrase") is not None for g in groups.all()]
    assert firsts == sorted(firsts, reverse=True), "briefings with the phrase come first"


def test_filters_by_meeting_speaker_and_kind(searching: Watched) -> None:
    page = searching.page
    assert set(search(page, "داعش")) == {"000", "001", "002", "003", "004"}
    page.select_option("#es-meeting", "washington-2019")
    page.wait_for_timeout(50)
    assert set(search(page, "الدولي")) == {"003", "004"}
    page.select_option("#es-meeting", "")
    page.select_option("#es-kind", "news-report")
    assert set(search(page, "داعش ")) == {"002", "004"}
    page.select_option("#es-kind", "")
    speakers = page.eval_on_selector_all("#es-speaker option", "os => os.map(o => o.value)")
    assert "blinken" in speakers, speakers
    page.select_option("#es-speaker", "blinken")
    got = search(page, "سوريا")
    assert got and set(got) <= {"001", "002"}, got
    sections = page.locator(".es-section").all_inner_texts()
    assert all("بلينك" in s for s in sections), sections


def test_search_box_is_accessible_and_right_to_left(searching: Watched) -> None:
    page = searching.page
    dialog = page.get_by_role("dialog", name="البحث في النصوص")
    assert dialog.is_visible()
    box = page.get_by_role("searchbox", name="كلمة أو اسم أو رقم")
    assert box.get_attribute("type") == "search"
    assert page.evaluate("getComputedStyle(document.getElementById('es-q')).direction") == "rtl"
    for name in ("الاجتماع", "المتحدث", "نوع النص"):
        assert page.get_by_role("combobox", name=name).count() == 1
    search(page, "واشنطن روما")
    assert "لا نتائج" in page.inner_text("#es-status")
    search(page, "في من على")
    assert "شائعة" in page.inner_text("#es-status")
    search(page, "قسد")
    screenshot(page, "search-results")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('es-hit')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('es-dialog').open")
    page.locator("#es-open").click()
    assert page.evaluate("document.getElementById('es-dialog').open")


def test_typing_elsewhere_does_not_open_the_search(browser: Any, site_url: str, tmp_path: Path) -> None:
    w = open_page(browser, site_url)
    w.page.goto(site_url + BRIEFING, wait_until="networkidle")
    w.page.locator("#es-open").focus()
    w.page.keyboard.press("Escape")
    assert not w.page.evaluate("document.getElementById('es-dialog').open")
    w.page.keyboard.press("f")
    w.page.wait_for_function("document.getElementById('es-dialog').open")
    w.clean()
    w.page.context.close()
