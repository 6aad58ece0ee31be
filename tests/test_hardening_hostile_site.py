"""A hostile text in a real, strict site build (theme, hooks, search index and all), read back from
the built HTML and in headless Chromium: every character shown as written, no element or event
handler from the text anywhere in the site, no file of the build machine included, and no script
run, neither on the page nor in search results."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import make_project, open_page, serve_dir
from edition.site import build_site
from hostile import AFTER_BIDI, BIDI_LINES, DEBRIS, HEADINGS, SEARCH_WORD, hostile_text, meta_yml
from htmltext import parse_html

PAGE = "briefings/hostile-test/"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    meta = meta_yml("hostile-test", HEADINGS, DEBRIS).replace("meeting: test-2020", "meeting: rome-2021")
    project = make_project(tmp_path_factory.mktemp("hostile") / "p", {
        "900_hostile.txt": hostile_text(), "900_hostile.meta.yml": meta})
    build_site(project, project / "site")
    return project / "site"


def expected_lines() -> list[str]:
    return [x.strip() for x in hostile_text().split("\n") if x.strip() and x not in DEBRIS]


def test_every_character_of_a_hostile_text_is_shown_as_written(hostile_site: Path) -> None:
    root = parse_html((hostile_site / PAGE / "index.html").read_text(encoding="utf-8"))
    shown = []
    for e in root.iter():
        if e.tag == "p" and "tx" in e.classes:
            shown.append(e.text())
        elif e.tag == "h2" and "src" in e.classes:
            shown.append(e.text().removesuffix("¶"))
    assert shown == expected_lines()
    toc = [a.text().strip() for a in root.find_all("a", "md-nav__link")]
    for heading in HEADINGS:
        assert heading in toc, "the table of contents shows the source heading as text"


def test_no_element_attribute_or_include_comes_from_the_text(hostile_site: Path) -> None:
    config = Path(__file__).resolve().parents[1].joinpath("mkdocs.yml").read_text(encoding="utf-8")
    for path in hostile_site.rglob("*.html"):
        root = parse_html(path.read_text(encoding="utf-8"))
        for e in root.iter():
            handlers = [a for a in e.attrs if a.startswith("on")]
            assert not handlers, (path, e.tag, handlers)
            assert not e.attrs.get("href", "").lower().startswith("javascript:"), (path, e.attrs)
            if e.tag == "script":
                assert "__pwned" not in e.text(), path
    page = (hostile_site / PAGE / "index.html").read_text(encoding="utf-8")
    root = parse_html(page)
    for tx in root.find_all("p", "tx"):
        # The only elements inside a paragraph are the edition's own layers: mentions of entries, and
        # the bidi isolation of Latin runs (<bdi>, no attributes).
        layers = [e for e in tx.iter() if e is not tx and not (e.tag == "bdi" and not e.attrs)]
        assert all(e.tag == "a" and e.classes == {"mention"} and e.attrs["href"].startswith("../../entities/")
                   for e in layers), tx.text()
    for h in root.find_all("h2", "src"):
        assert [(e.tag, e.attrs.get("class")) for e in h.iter()] == [
            ("h2", "src"), ("bdi", None), ("a", "headerlink")], h.text()
    article = next(e for e in root.iter() if e.tag == "article")
    made = {e.tag for e in article.iter()} & {"img", "iframe", "script", "style", "textarea", "plaintext", "details",
                                               "blockquote", "hr"}
    assert not made, made
    assert "markdown_extensions" not in page and config.splitlines()[0] not in page, "a snippet include ran"
    assert not re.search(r"<h[1-6][^>]*>\s*(title: x|عنوان)\s*<", page), "a line became a heading"


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    server, base = serve_dir(hostile_site)
    yield base
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_a_hostile_text_runs_no_script(browser: Any, hostile_url: str) -> None:
    w = open_page(browser, hostile_url)
    dialogs: list[str] = []
    w.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    w.page.goto(hostile_url + PAGE, wait_until="networkidle")
    shown = w.page.eval_on_selector_all("p.tx, h2.src", "els => els.map(e => e.textContent.replace(/¶$/, '').trim())")
    assert shown == expected_lines()
    assert w.page.evaluate("document.querySelectorAll('.md-content img, .md-content iframe, [onerror], [onclick]')"
                           ".length") == 0
    # Search results show stored page text: search for words of the hostile text, opening the
    # header's search with its button (the "/" shortcut has its own test in test_search_browser.py).
    results = "document.activeElement.closest('dialog, [role=dialog], .md-search')?.innerText || ''"
    for query in (SEARCH_WORD, "onerror", "script", "img"):
        for _ in range(15 if query == SEARCH_WORD else 1):  # the index may load late: retype until it answers
            w.page.keyboard.press("Escape")
            w.page.locator("#es-open").click()
            w.page.wait_for_function("document.activeElement && document.activeElement.tagName === 'INPUT'",
                                     timeout=15000)
            w.page.keyboard.press("Control+A")
            w.page.keyboard.type(query, delay=20)
            w.page.wait_for_timeout(1000)
            if query in w.page.evaluate(results):
                break
        if query == SEARCH_WORD:
            assert SEARCH_WORD in w.page.evaluate(results), "the search finds the hostile text"
        if query == "onerror":
            assert '<img src=x onerror="window.__pwned=1">' in w.page.evaluate(results), "shown as text in results"
    assert w.page.evaluate("window.__pwned") is None
    # A result link highlights the query on the page: a hostile query in the address runs nothing.
    w.page.goto(hostile_url + PAGE + "?h=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E%20script#p2",
                wait_until="networkidle")
    w.page.wait_for_timeout(1000)
    assert w.page.evaluate("window.__pwned") is None
    assert w.page.eval_on_selector_all("p.tx, h2.src", "els => els.map(e => e.textContent.replace(/¶$/, '').trim())"
                                       ) == expected_lines(), "highlighting keeps every character"
    # The cite action of a hostile paragraph.
    cite = w.page.locator("#p2 .cite-btn, #p2 .cite-link").first  # cite.js turns the link into a button
    assert cite.count() == 1
    cite.click()
    w.page.wait_for_timeout(300)
    w.page.goto(hostile_url + PAGE, wait_until="networkidle")
    # Hover and focus every paragraph and heading (tooltips, cite buttons render text on demand).
    for locator in w.page.locator("p.tx, h2.src").all()[:80]:
        locator.hover()
    w.page.wait_for_timeout(300)
    assert w.page.evaluate("window.__pwned") is None
    assert dialogs == []
    w.clean()
    w.page.context.close()


@pytest.mark.browser
def test_unbalanced_bidi_controls_reorder_nothing_outside_their_paragraph(browser: Any, hostile_url: str) -> None:
    """An LRO or RLO that is never closed stays inside its paragraph, heading or debris entry: the
    heading's permalink stays after (left of) the heading text, the next paragraph is still laid
    out right to left, and the line number after a debris entry stays after it."""
    w = open_page(browser, hostile_url)
    w.page.goto(hostile_url + PAGE, wait_until="networkidle")
    geometry = w.page.evaluate("""([heading, lastBidi, after, debris]) => {
      const rect = (node, start, end) => { const r = document.createRange(); r.setStart(node, start);
        r.setEnd(node, end); return r.getBoundingClientRect(); };
      const h = [...document.querySelectorAll('h2.src')].find(e => e.textContent.startsWith(heading));
      const bdi = h.querySelector('bdi').getBoundingClientRect();
      const link = h.querySelector('a.headerlink').getBoundingClientRect();
      const paras = [...document.querySelectorAll('p.tx')];
      const i = paras.findIndex(p => p.textContent === lastBidi);
      const next = paras[i + 1].firstChild;
      const d = [...document.querySelectorAll('.debris')].find(e => e.textContent === debris);
      const tail = d.nextSibling;
      return {linkRight: link.right, bdiLeft: bdi.left, nextText: next.textContent,
              firstRight: rect(next, 0, 1).right, lastRight: rect(next, next.length - 1, next.length).right,
              debrisLeft: d.getBoundingClientRect().left, tailText: tail.textContent,
              tailRight: rect(tail, 1, 2).right, sameLine: Math.abs(rect(tail, 1, 2).top - d.getBoundingClientRect().top) < 4};
    }""", [HEADINGS[2], BIDI_LINES[-1], AFTER_BIDI, DEBRIS[0]])
    assert geometry["linkRight"] <= geometry["bdiLeft"] + 1, geometry
    assert geometry["nextText"] == AFTER_BIDI
    assert geometry["firstRight"] > geometry["lastRight"], "the next paragraph still reads right to left"
    assert geometry["tailText"].startswith(" (السطر"), geometry
    assert geometry["sameLine"] and geometry["tailRight"] <= geometry["debrisLeft"] + 1, geometry
    w.clean()
    w.page.context.close()
