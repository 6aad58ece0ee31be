"""What a reader sees on phones and desktops, in light and dark, with a screen reader, a keyboard
or a printer: axe-core finds no violation (of any impact) on any page type, nothing scrolls
sideways at 360 px, fonts are the self-hosted ones, print shows only the text, its ids and the
citation, and the whole site works served under a sub-path. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import ARTIFACTS, ROOT, Watched, open_page, screenshot, serve_dir

pytestmark = pytest.mark.browser

BRIEFING = "briefings/rome-2021-us-officials-briefing/"
# Every page type a reader meets: path, and an action that brings the page to the state checked.
PAGES = {
    "home": "",
    "hub": "meetings/rome-2021/",
    "briefing": BRIEFING,
    "about": "about/",
    "notfound": "no-such-page/",
    "search": "",
    "names": "names/people/",
    "glossary": "names/terms/",
    "entity": "entities/blinken/",
    "figures": "figures/",
    "timeline": "timeline/",
}
SEARCH_QUERY = "بلينكن"
WIDTHS = (360, 768, 1280)
SCHEMES = ("light", "dark")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def open_search(page: Any, query: str) -> None:
    """Open the header's search box as a reader does (its keyboard shortcut) and type a query."""
    page.keyboard.press("/")
    box = page.locator("input[type=search]:visible, .md-search__input:visible").first
    box.wait_for(state="visible", timeout=5000)
    box.fill(query)
    page.wait_for_timeout(800)


def visit(browser: Any, base: str, kind: str, width: int, scheme: str) -> Watched:
    w = open_page(browser, base, width=width, height=800, color_scheme=scheme)
    w.page.goto(base + PAGES[kind], wait_until="networkidle")
    want = "slate" if scheme == "dark" else "default"
    assert w.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == want
    if kind == "search":
        open_search(w.page, SEARCH_QUERY)
    return w


def shot(page: Any, kind: str, name: str) -> None:
    """Full-page screenshots, except for an open dialog, which covers only the viewport."""
    if kind == "search":
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    else:
        screenshot(page, name)


def violations(results: dict[str, Any]) -> list[str]:
    """Every violation axe reports, whatever its impact (minor and moderate ones too)."""
    out = []
    for v in results["violations"]:
        nodes = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:4])
        out.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes: {nodes}): {v['help']}")
    return out


@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_axe_finds_no_violation(browser: Any, site_url: str, axe: Any, kind: str, scheme: str) -> None:
    w = visit(browser, site_url, kind, 1280, scheme)
    results = axe.run(w.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response
    assert not violations(results), "\n".join(violations(results))
    w.page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_every_page_type_fits_every_width_in_both_schemes(browser: Any, site_url: str, kind: str, width: int,
                                                         scheme: str) -> None:
    w = visit(browser, site_url, kind, width, scheme)
    page = w.page
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scroll"
    wide = page.evaluate("""() => [...document.querySelectorAll('article *')]
        .filter(e => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().left < -1)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert not wide, wide
    fonts = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    if kind != "search":
        assert "Noto Naskh Arabic" in fonts, fonts
    shot(page, kind, f"reader-{kind}-{width}-{scheme}")
    if kind != "notfound":
        w.clean()
    page.context.close()


def test_phone_navigation_and_search_work_by_touch(browser: Any, site_url: str) -> None:
    w = open_page(browser, site_url, width=360, height=740, has_touch=True, is_mobile=True)
    page = w.page
    page.goto(site_url + BRIEFING, wait_until="networkidle")
    page.locator(".md-header label[for=__drawer]").first.tap()
    drawer = page.locator(".md-nav--primary")
    page.wait_for_timeout(400)
    link = drawer.locator("a[href*='meetings/rome-2021']").first
    assert link.is_visible()
    box = link.bounding_box()
    assert box["height"] >= 24, box
    link.tap()
    page.wait_for_url("**/meetings/rome-2021/")
    page.locator(".md-header button[aria-haspopup=dialog], .md-header label[for=__search]").first.tap()
    box_input = page.locator("input[type=search]:visible, .md-search__input:visible").first
    box_input.wait_for(state="visible")
    box_input.fill(SEARCH_QUERY)
    page.wait_for_timeout(800)
    screenshot(page, "reader-search-open-360")
    w.clean()
    page.context.close()


def test_cite_action_and_permalink_work_by_touch(browser: Any, site_url: str) -> None:
    """On a phone the paragraph's permalink and cite action are targets of at least 24 px and a tap works."""
    w = open_page(browser, site_url, width=360, height=740, has_touch=True, is_mobile=True,
                  permissions=["clipboard-read", "clipboard-write"])
    page = w.page
    page.goto(site_url + BRIEFING, wait_until="networkidle")
    cite = page.locator("#p12 button.cite-btn, #p12 .cite-link").first
    cite.scroll_into_view_if_needed()
    for target in (cite, page.locator("#p12 a.pid")):
        box = target.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24, box
    cite.tap()
    page.wait_for_function("(document.querySelector('.cite-status') || {}).textContent")
    assert "#p12" in page.evaluate("navigator.clipboard.readText()")
    page.locator("#p12 a.pid").tap()
    page.wait_for_function("location.hash === '#p12'")
    w.clean()
    page.context.close()


def test_headings_outline_landmarks_and_languages(browser: Any, site_url: str) -> None:
    w = open_page(browser, site_url)
    page = w.page
    for kind in ("home", "hub", "briefing", "about", "names", "glossary", "entity", "figures", "timeline"):
        page.goto(site_url + PAGES[kind], wait_until="networkidle")
        levels = page.evaluate("[...document.querySelectorAll('article h1, article h2, article h3, article h4')]"
                               ".map(h => +h.tagName[1])")
        assert levels[0] == 1 and levels.count(1) == 1, (kind, levels)
        for prev, cur in zip(levels, levels[1:], strict=False):
            assert cur <= prev + 1, (kind, levels)
        assert page.locator("main").count() == 1
        assert page.locator("header.md-header").count() == 1
        assert page.locator("nav[aria-label]").count() >= 1
        english = page.evaluate("""[...document.querySelectorAll('article *')]
            .filter(e => e.children.length === 0 && /^[A-Za-z][A-Za-z ,.'-]{12,}$/.test(e.textContent.trim()))
            .filter(e => e.closest('[lang]').getAttribute('lang') !== 'en')
            .map(e => e.textContent.trim()).slice(0, 5)""")
        assert not english, (kind, english)
    w.clean()
    page.context.close()


def test_links_and_tooltips_work_by_keyboard(browser: Any, site_url: str) -> None:
    """Tab reaches the cross-reference in the text; focusing it shows its note as a tooltip."""
    w = open_page(browser, site_url)
    page = w.page
    page.goto(site_url + BRIEFING, wait_until="networkidle")
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('xref')"):
            break
    else:
        pytest.fail("Tab never reached the cross-reference link")
    title = page.evaluate("document.activeElement.title || document.activeElement.dataset.title || ''")
    tip = page.locator(".md-tooltip2, .md-tooltip").filter(has_text=title[:10])
    tip.first.wait_for(state="visible", timeout=3000)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "a visible focus ring"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "meetings/washington-2019" in page.url, page.url
    w.clean()
    page.context.close()


def test_print_shows_only_text_ids_and_citation(browser: Any, site_url: str) -> None:
    w = open_page(browser, site_url, width=800)
    page = w.page
    page.goto(site_url + BRIEFING, wait_until="networkidle")
    notes = page.locator(".named .named-note")
    assert notes.count() > 3 and not notes.first.is_visible(), "the entries' notes are tooltips on screen"
    page.emulate_media(media="print")
    assert notes.first.is_visible(), "in print the entries' notes are end notes"
    assert page.locator(".enotes").first.is_visible() or page.locator(".enotes").count() == 0
    hidden = ["header.md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer",
              ".headerlink"]
    for sel in hidden:
        assert not page.locator(sel).first.is_visible(), sel
    assert page.locator("button:visible").count() == 0
    assert page.locator("h2[data-kind=turn]").first.is_visible()
    assert page.locator("#p30 .pid").is_visible()
    cite = page.locator(".print-cite")
    assert cite.is_visible()
    assert "https://coalition-texts.example.org/" + BRIEFING in cite.inner_text()
    screenshot(page, "reader-briefing-print")
    page.screenshot(path=str(ARTIFACTS / "reader-briefing-print-top.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": 800, "height": 1200})
    named = page.evaluate("document.querySelector('#named-here').getBoundingClientRect().top + scrollY")
    page.screenshot(path=str(ARTIFACTS / "reader-briefing-print-notes.png"), full_page=True,
                    clip={"x": 0, "y": named - 20, "width": 800, "height": 900})
    end = page.evaluate("document.querySelector('.print-cite').getBoundingClientRect().bottom + scrollY")
    page.screenshot(path=str(ARTIFACTS / "reader-briefing-print-end.png"), full_page=True,
                    clip={"x": 0, "y": max(0, end - 900), "width": 800, "height": 900})
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "reader-briefing-print.pdf").write_bytes(pdf)
    w.clean()
    page.context.close()


# -- a site served under a sub-path ----------------------------------------------------------

PREFIX = "edition"


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from edition.site import build_site

    out = tmp_path_factory.mktemp("subpath") / "site"
    before = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = f"https://example.org/{PREFIX}/"
    try:
        build_site(ROOT, out)
    finally:
        if before is None:
            del os.environ["SITE_URL"]
        else:
            os.environ["SITE_URL"] = before
    server, base = serve_dir(out, prefix=PREFIX)
    yield base
    server.shutdown()
    server.server_close()


def test_site_works_under_a_sub_path(browser: Any, subpath_site: str) -> None:
    base = subpath_site
    assert base.endswith(f"/{PREFIX}/")
    w = open_page(browser, base)
    page = w.page
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for kind in ("home", "hub", "briefing", "about"):
        page.goto(base + PAGES[kind], wait_until="networkidle")
        assert page.evaluate("[...document.fonts].some(f => f.status === 'loaded')"), kind
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static", kind
        hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        inside = [h for h in hrefs if h.startswith(base.split(f'/{PREFIX}/')[0])]
        assert all(h.startswith(base) for h in inside), [h for h in inside if not h.startswith(base)][:3]
    page.goto(base + PAGES["home"], wait_until="networkidle")
    page.locator(f"article a[href*='{BRIEFING.rstrip('/')}']").first.click()
    page.wait_for_url(f"**/{PREFIX}/{BRIEFING}")
    assert not failed, failed
    # A missing address deep under the prefix gets the Arabic 404 page, styled, with a way home.
    page.goto(base + "briefings/no-such-text/deeper/", wait_until="networkidle")
    assert page.locator("h1").inner_text().startswith("الصفحة غير موجودة")
    assert page.evaluate("[...document.styleSheets].some(s => (s.href || '').endsWith('reader.css'))")
    assert failed == [f"404 {base}briefings/no-such-text/deeper/"], failed
    assert len(w.console_errors) == 1 and "404" in w.console_errors[0], w.console_errors
    w.console_errors.clear()  # the browser reports the expected 404 status itself
    page.locator("article a", has_text="الصفحة الرئيسية").click()
    page.wait_for_load_state("networkidle")
    assert page.url in (base, base + "."), page.url
    screenshot(page, "reader-subpath-home")
    w.clean()
    page.context.close()
