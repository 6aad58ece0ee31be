"""The theme's indentation is taken out of every page without changing what a reader sees: only runs
of ASCII white space holding a line break, next to a tag and outside the article, become one line
break; JSON in the pages is UTF-8, not \\u escapes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from edition.hook import compact

PIECES = st.lists(st.sampled_from([
    "<div>", "</div>", "<span class=\"x\">", "</span>", "<pre>", "</pre>", "\n", "  ", "\t", "\r\n", " ",
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


def test_built_pages_have_no_indentation_and_json_in_utf8(built_site: Path) -> None:
    page = (built_site / "briefings" / "washington-2019-news-report" / "index.html").read_text(encoding="utf-8")
    head = page[:page.find("<article")]
    assert not re.search(r">\n[ \t]+", head) and compact(page) == page
    record = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert record is not None and "\\u06" not in record.group(1)
    assert json.loads(record.group(1))["inLanguage"] == "ar"
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)
    assert config is not None and "\\u06" not in config.group(1) and json.loads(config.group(1))["base"] == "../.."
