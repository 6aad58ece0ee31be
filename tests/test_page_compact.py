"""The theme's indentation is taken out of every page without changing what a reader sees: outside
the article, white space with a line break between two tags becomes one line break (no preformatted
element and no attribute value with a line break is there); JSON in the pages is UTF-8, not \\u
escapes."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from edition.hook import compact

PIECES = st.lists(st.sampled_from([
    "<div>", "</div>", "<span class=\"x\">", "</span>", "<b title=\"a\n  b\">", "\n", "  ", "\t", "\r\n", " ",
    "\u00a0", "\u2028", "نص", "a > b", "x", "<article class=\"md-content__inner\">", "</article>",
]), max_size=40)
_RUN = re.compile(r"[ \t\r\n]+")


def _collapsed(html: str) -> str:
    """What the white-space rules of normal flow make of a run of ASCII white space: one space."""
    return _RUN.sub(" ", html)


@settings(max_examples=400, deadline=None)
@given(PIECES)
def test_compact_changes_only_white_space_runs_with_a_line_break(pieces: list[str]) -> None:
    page = "".join(pieces)
    out = compact(page)
    assert _collapsed(out) == _collapsed(page)
    assert out.count("\u00a0") == page.count("\u00a0") and out.count("\u2028") == page.count("\u2028")
    assert compact(out) == out
    start, end = page.find("<article"), page.rfind("</article>")
    if 0 <= start < end:  # the article (generated text markup) is left byte for byte
        assert page[start:end] in out
    else:  # a page without an article is left as it is
        assert out == page
    # Only text nodes of white space change: every attribute value stays as it is.
    assert re.findall(r'"[^"]*"', out) == re.findall(r'"[^"]*"', page)


class _Outside(HTMLParser):
    """Elements and attribute values of a page outside its article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article> when > 0
        self.tags: set[str] = set()
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += tag == "article"
            return
        self.tags.add(tag)
        self.values += [v for _, v in attrs if v]

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "article" and self.depth > 0


def test_built_pages_outside_the_article_have_nothing_white_space_could_change(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        page = path.read_text(encoding="utf-8")
        seen = _Outside()
        seen.feed(page)
        assert not seen.tags & {"pre", "textarea", "listing", "xmp", "plaintext"}, path
        assert not [v for v in seen.values if "\n" in v], path


def test_built_pages_have_no_indentation_and_json_in_utf8(built_site: Path) -> None:
    page = (built_site / "briefings" / "washington-2019-news-report" / "index.html").read_text(encoding="utf-8")
    head = page[:page.find("<article")]
    assert not re.search(r">\n[ \t]+<", head) and compact(page) == page
    record = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert record is not None and "\\u06" not in record.group(1)
    assert json.loads(record.group(1))["inLanguage"] == "ar"
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)
    assert config is not None and "\\u06" not in config.group(1) and json.loads(config.group(1))["base"] == "../.."
