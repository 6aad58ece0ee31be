"""Citations: the four formats, the meta tags and JSON-LD that reference managers read, and the
cite action in headless Chromium, checked on the text it puts on the clipboard."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, open_page, screenshot
from edition.cite import LRI, PDI, RLI, Record, _bib, access_date, citations, fill, record
from edition.site import configured_site, load
from htmltext import parse_html

RECORD = Record("rome-2021-x", "عنوان عربي", "ʿUnwān ʿarabī", "An Arabic title", "مصدر دبلوماسي",
                "Masdar Diplomasi (transliteration)", date(2021, 6, 27), "Rome ministerial", "نصوص")
UNKNOWN = Record("washington-2019-y", "عنوان", "ʿUnwān", "A title", None, None, None, "Washington ministerial", "نصوص")
URL = "https://example.test/briefings/rome-2021-x/"


def test_the_four_formats_with_a_paragraph_anchor_and_access_date() -> None:
    out = {style: fill(t, URL, access_date(date(2026, 3, 5), style), "p12") for style, t in citations(RECORD).items()}
    ar = f"{RLI}مصدر دبلوماسي{PDI}"
    title = f"{RLI}عنوان عربي{PDI}"
    site = f"{RLI}نصوص{PDI}"
    assert out["chicago"] == (f"{LRI}Masdar Diplomasi ({ar}). “ʿUnwān ʿarabī ({title}) [An Arabic title].” {site}, "
                              f"June 27, 2021. Accessed March 5, 2026. {URL}#p12.{PDI}")
    assert out["apa"] == (f"{LRI}Masdar Diplomasi ({ar}). (2021, June 27). ʿUnwān ʿarabī [An Arabic title] ({title}). "
                          f"{site}. Retrieved March 5, 2026, from {URL}#p12{PDI}")
    assert out["mla"] == (f"{LRI}Masdar Diplomasi ({ar}). “ʿUnwān ʿarabī ({title}) [An Arabic title].” {site}, "
                          f"27 June 2021, {URL}#p12. Accessed 5 Mar. 2026.{PDI}")
    assert out["bibtex"] == (
        "@online{rome-2021-x:p12,\n  author = {{Masdar Diplomasi (مصدر دبلوماسي)}},\n  title = {عنوان عربي},\n"
        "  titleaddon = {ʿUnwān ʿarabī [An Arabic title]},\n  date = {2021-06-27},\n  organization = {نصوص},\n"
        f"  langid = {{arabic}},\n  url = {{{URL}#p12}},\n  urldate = {{2026-03-05}},\n}}")


def test_unknown_date_and_outlet_are_said_not_guessed() -> None:
    out = {style: fill(t, URL, "X", None) for style, t in citations(UNKNOWN).items()}
    assert out["chicago"] == f"{LRI}“ʿUnwān ({RLI}عنوان{PDI}) [A title].” {RLI}نصوص{PDI}, n.d. Accessed X. {URL}.{PDI}"
    assert out["apa"].startswith(f"{LRI}ʿUnwān [A title] ({RLI}عنوان{PDI}). (n.d.).")
    assert ", n.d., " in out["mla"]
    assert "  author =" not in out["bibtex"] and "  date =" not in out["bibtex"]
    assert "note = {Publication date unknown (n.d.)}" in out["bibtex"]
    assert out["bibtex"].startswith("@online{washington-2019-y,\n")


def test_bibtex_escapes_tex_specials() -> None:
    tricky = Record("k", "عنوان {x} 100% & _", "t", "e", None, None, None, "m", "s")
    assert "title = {عنوان \\{x\\} 100\\% \\& \\_}" in citations(tricky)["bibtex"]


def _bib_by_character(value: str) -> str:
    """cite._bib without its fast path: each character in turn."""
    table = {"{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_",
             "\\": "\\textbackslash{}", "~": "\\~{}", "^": "\\^{}"}
    return "".join(table.get(ch, ch) for ch in value)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("{}&%$#_\\~^ab ?!@*\n") + ["ع", "ن", "\u2067", "é"]), max_size=30))
def test_bibtex_values_with_and_without_tex_specials(value: str) -> None:
    assert _bib(value) == _bib_by_character(value)


def head_of(site: Path, briefing_id: str) -> tuple[dict[str, list[str]], list[Any]]:
    root = parse_html((site / "briefings" / briefing_id / "index.html").read_text(encoding="utf-8"))
    head = root.find_all("head")[0]
    tags: dict[str, list[str]] = {}
    for meta in head.find_all("meta"):
        if "name" in meta.attrs:
            tags.setdefault(meta.attrs["name"], []).append(meta.attrs.get("content", ""))
    scripts = [json.loads(s.text()) for s in head.find_all("script") if s.attrs.get("type") == "application/ld+json"]
    return tags, scripts


def test_every_briefing_page_has_citation_meta_tags_and_json_ld(built_site: Path) -> None:
    corpus = load(ROOT)
    site = configured_site(ROOT)
    for b in corpus.briefings:
        m = b.meta
        tags, ld = head_of(built_site, m.id)
        url = site.address(f"briefings/{m.id}/")
        assert tags["citation_title"] == [m.title_ar]
        assert tags["citation_language"] == ["ar"]
        assert tags["citation_public_url"] == [url]
        if m.published:
            assert tags["citation_publication_date"] == [m.published.strftime("%Y/%m/%d")]
        else:
            assert "citation_publication_date" not in tags and "citation_date" not in tags, "unknown stays unknown"
        if m.outlet_ar:
            assert m.outlet_ar in tags["citation_publisher"][0]
            assert tags["citation_author"] == [(m.outlet_en or "").replace(" (transliteration)", "")]
        else:
            assert "citation_author" not in tags and "citation_publisher" not in tags
        assert len(ld) == 1, "one JSON-LD record"
        record = ld[0]
        assert record["@context"] == "https://schema.org"
        assert record["headline"] == m.title_ar and record["inLanguage"] == "ar" and record["url"] == url
        assert record.get("datePublished") == (m.published.isoformat() if m.published else None)
        assert m.title_translit in record["alternateName"] and m.title_en in record["alternateName"]
        assert record["about"]["startDate"] == corpus.meeting(m.meeting).date.isoformat()
        assert record["isPartOf"]["name"] == site.name
    # other pages carry none
    tags, ld = head_of(built_site, "../meetings/rome-2021")
    assert "citation_title" not in tags and not ld


def _today(page: Any) -> date:
    y, mo, d = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()")
    return date(y, mo, d)


def _expected(briefing: str, style: str, url: str, day: date, pid: str | None) -> str:
    """The citation the button must copy: the format's template (edition.cite), filled in."""
    corpus = load(ROOT)
    b = next(x for x in corpus.briefings if x.meta.id == briefing)
    template = citations(record(b, corpus.meeting(b.meta.meeting), configured_site(ROOT)))[style]
    return fill(template, url, access_date(day, style), pid)


@pytest.mark.browser
def test_the_cite_button_copies_the_paragraph_link_and_citation(browser: Any, site_url: str, built_site: Path) -> None:
    briefing = "rome-2021-us-officials-briefing"
    site = configured_site(ROOT)
    url = site.address(f"briefings/{briefing}/")
    w = open_page(browser, site_url, permissions=["clipboard-read", "clipboard-write"])
    page = w.page
    page.goto(site_url + f"briefings/{briefing}/", wait_until="networkidle")
    button = page.locator("#p12 button.cite-btn")
    assert button.is_visible() and button.get_attribute("aria-label")
    # keyboard: focus the paragraph's permalink, Tab to the cite button, press Enter
    page.locator("#p12 a.pid").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('#p12 button.cite-btn')")
    day = _today(page)
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.cite-status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = f"{url}#p12\n" + _expected(briefing, "chicago", url, day, "p12")
    assert copied == expected
    # the Arabic title reaches the clipboard whole, inside its isolate, after the Latin words it follows
    assert f"{RLI}إيجاز صحفي هاتفي لثلاثة مسؤولين أميركيين عشية اجتماع روما{PDI}" in copied
    assert copied.count(RLI) + copied.count(LRI) == copied.count(PDI), "every isolate is closed"
    assert copied.index("Ījāz") < copied.index(f"{RLI}إيجاز") < copied.index("[Telephone press briefing")
    # another format, chosen once, is used by every paragraph button
    page.select_option(".cite-choose select", "bibtex")
    page.locator("#p3 button.cite-btn").click()
    page.wait_for_function("document.querySelector('.cite-status').textContent.includes('BibTeX')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{url}#p3\n" + _expected(briefing, "bibtex", url, day, "p3")
    assert copied.splitlines()[1] == f"@online{{{briefing}:p3,"
    # the page's own citation, in one format, from the citation block
    page.locator('.cite-style[data-style="mla"] button.cite-btn').click()
    page.wait_for_function("document.querySelector('.cite-status').textContent.includes('MLA')")
    assert page.evaluate("navigator.clipboard.readText()") == _expected(briefing, "mla", url, day, None)
    # the block shows today's date instead of the placeholder
    assert page.locator('.cite-style[data-style="chicago"] .cite-acc').inner_text() == access_date(day, "chicago")
    page.locator("#cite").scroll_into_view_if_needed()
    screenshot(page, "cite-block")
    w.clean()
    page.context.close()


@pytest.mark.browser
def test_without_script_the_permalinks_and_the_citation_block_are_there(browser: Any, site_url: str) -> None:
    """The per-paragraph cite button comes with cite.js; without it, each paragraph keeps its
    permalink and the page's contents lead to the citation block, which says how to cite a paragraph."""
    w = open_page(browser, site_url, java_script_enabled=False)
    page = w.page
    page.goto(site_url + "briefings/rome-2021-ukraine-gate-report/", wait_until="networkidle")
    assert page.locator("#p5 a.pid").get_attribute("href") == "#p5"
    assert page.locator("#p5 .cite-btn").count() == 0
    assert page.locator('a[href="#cite"]').count() >= 1
    assert "#p1" in page.locator(".cite-block").inner_text()
    apa = page.locator('.cite-style[data-style="apa"] .cite-text').inner_text()
    assert apa.startswith(f"{LRI}Bawwabat Ukraniya") and "Retrieved [date of access], from https://" in apa
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_citation_parts_pass_axe(browser: Any, site_url: str, scheme: str) -> None:
    """axe-core on the citation block and the paragraph tools (after cite.js): no violation of any impact."""
    from axe_playwright_python.sync_playwright import Axe

    w = open_page(browser, site_url, color_scheme=scheme)
    page = w.page
    page.goto(site_url + "briefings/rome-2021-ukraine-gate-report/", wait_until="networkidle")
    assert page.locator(".ptools button.cite-btn").count() == page.locator(".para").count()
    results = Axe().run(page, context={"include": [[".cite-block"], [".ptools"]]})
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert not bad, bad
    w.clean()
    page.context.close()
