"""Hostile source texts for the hardening tests: every syntax Markdown, its extensions, HTML and the
theme's templates could read, mixed with Arabic and bidi controls, plus the seeds that carry them
through the real pipeline (a meetings file and a metadata file whose sections start at given lines).
"""

from __future__ import annotations

import yaml
from hypothesis import strategies as st

# Fragments that are syntax somewhere: raw HTML and script, attr_list, snippets, abbreviations,
# footnotes, admonitions and details, comments, front matter, templates, tables, lists, quotes,
# code, emphasis, links and autolinks, entities, backslash escapes, Markdown's own placeholders.
INLINE = [
    "<img src=x onerror=\"window.__pwned=1\">", "<script>window.__pwned=1</script>", "<b>غامق</b>",
    "<svg onload=alert(1)>", "<a href=\"javascript:alert(1)\">رابط</a>", "<iframe src=//x>", "</div>", "</p>",
    "<div markdown=\"1\">", "<style>*{display:none}</style>", "<!-- ", " -->", "<!--", "-->", "<![CDATA[x]]>",
    "<?php echo 1 ?>", "<!DOCTYPE html>", "</textarea>", "</title>", "<plaintext>",
    "{: onclick=\"alert(1)\" }", "{#x .y}", "{: .admonition }", "{ #p1 }", "{:", "}",
    "--8<-- \"/etc/passwd\"", "--8<--", ";--8<-- \"mkdocs.yml\"", "-8<- 'x'",
    "*[HTML]: Hyper Text", "*[داعش]: تنظيم", "[^1]", "[^1]: حاشية", "[^note]",
    "!!! note \"عنوان\"", "??? warning", "???+ tip", "/// note", "///",
    "---", "===", "***", "___", "- ", "* ", "+ ", "1. ", "1) ", "> ", ">> ", "#", "## ", "# عنوان",
    "```", "~~~", "```python", "    ", "\t", "`كود`", "``", "*", "**", "_", "__", "~~", "==", "^^", "++",
    "*مائل*", "**غامق**", "_x_", "[رابط](http://example.com)", "[x]: http://example.com", "![صورة](x.png)",
    "<http://example.com>", "<mail@example.com>", "http://example.com", "[[x]]", "[x][y]",
    "&amp;", "&lt;b&gt;", "&#60;", "&#x3C;", "&nbsp;", "&copy", "&;", "&#0;", "&#128;", "\\", "\\*", "\\<", "\\\\",
    "{{ config }}", "{{ 7*7 }}", "{% include 'x' %}", "{%", "%}", "{#", "#}", "${x}", "$$", "$x$",
    "| a | b |", "|---|---|", "|", ":---:", "  ", "   \n", "<br>", "  \\",
    "wzxhzdk:0", "klzzwxh:0", "&#2;", "&#3;",  # Markdown's placeholders are STX wzxhzdk:N ETX
    "\u2028", "\u2029", "\u00a0", "\u202f", "\u3000", "\ufeff", "\u00ad", "\u200b",
]

ARABIC = [
    "التحالف الدولي", "لهزيمة داعش", "وقال بلينكن:", "«نص مقتبس»", "“بين علامتين”", "٢٠١٩", "2021",
    "الأمير فيصل بن فرحان", "قسد", "(قوات سوريا الديمقراطية)", "دَاعِشُ", "داعـــش", "ﻻ", "هـ", "ي", "ى", "ة",
    "Blinken", "G20", "9.4", "٪", "،", "؛", "؟", "…",
]

# Bidi controls: embeddings and overrides (LRE RLE PDF LRO RLO), isolates (LRI RLI FSI PDI), marks.
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c"]

# Lines that are syntax as a whole (block level).
WHOLE_LINES = [
    "===", "---", "***", "- - -", "--8<-- \"mkdocs.yml\"", "--8<--", "*[التحالف]: عنوان مضلل", "[^1]: حاشية",
    "!!! danger \"تحذير\"", "???+ note", "    كود مزاح", "\tكود", "> اقتباس", "- بند", "1. بند", "| a | b |",
    "|---|---|", "```", "~~~", "<!--", "-->", "<div>", "</div>", "<script>window.__pwned=1</script>",
    "{% raw %}", "{{ page }}", "{: onclick=\"alert(1)\" }", "# عنوان", "title: x", "---\ntitle: x\n---",
    "<details open ontoggle=\"window.__pwned=1\">", "[TOC]", "<textarea>", "<img src=x onerror=\"window.__pwned=1\">",
]

# Any printable character (the source reader refuses C0/C1 controls other than tab and line
# ends, and surrogates cannot come from UTF-8).
ANY_CHAR = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n")
ANY_TEXT = st.text(ANY_CHAR, max_size=12)

fragment = st.one_of(st.sampled_from(INLINE), st.sampled_from(ARABIC), st.sampled_from(BIDI), ANY_TEXT)


@st.composite
def hostile_line(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 5)) == 0:
        line = draw(st.sampled_from(WHOLE_LINES))
    else:
        line = "".join(draw(st.lists(fragment, min_size=1, max_size=8)))
    # A line holds no line ends of its own; whole-line syntax with "\n" contributes several lines.
    return line.replace("\r", " ")


def meetings_yml() -> str:
    return """meetings:
  - id: test-2020
    kind: ministerial
    title_ar: اجتماع تجريبي
    title_en: A test meeting
    date: 2020-01-15
    city_ar: مدينة
    city_en: City
"""


def meta_yml(briefing_id: str, headings: list[str], debris: list[str] = ()) -> str:  # type: ignore[assignment]
    """Metadata for a test text: an intro, then one turn per heading line (a whole source line)."""
    meta = {
        "id": briefing_id, "meeting": "test-2020", "kind": "news-report", "title_ar": "نص عدائي للاختبار",
        "title_en": "A hostile test text", "title_translit": "Naṣṣ ʿidāʾī", "abstract_en": "A test text.",
        "outlet": {"note": "نص للاختبار."}, "published": "unknown", "published_note": "نص للاختبار.",
        "speakers": [{"id": "s", "name_ar": "متحدث", "name_en": "Speaker"}],
        "sections": [{"id": "intro", "kind": "intro", "title": "تقديم"}] + [
            {"id": f"t{i}", "kind": "turn", "start": {"line": h}, "speaker": "s"} for i, h in enumerate(headings)],
        "debris": [{"line": d, "reason": "بقايا للاختبار"} for d in debris],
    }
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)


# A fixed hostile text for whole-site builds and the browser: every fragment and whole-line
# syntax above, alone and among Arabic words, and two hostile lines that become section headings.
HEADINGS = ["<img src=x onerror=\"window.__pwned=1\"> هود {: onclick=\"window.__pwned=1\" }",
            "{{ config.site_name }} {% if 1 %}كوبر{% endif %} <script>window.__pwned=1</script>",
            "عنوان \u202dفيه LRO لا ينغلق abc"]
# Unbalanced bidi controls: each must stay inside its own paragraph, heading or debris entry.
BIDI_LINES = ["\u202eتجاوز اتجاه لا ينغلق abc 123", "\u2067عزل لا ينغلق", "abc \u202b مضمّن \u202d LRO"]
AFTER_BIDI = "سطر عربي بعد التجاوز"
DEBRIS = ["\u202dبقايا LRO abc <b>x</b>"]
SEARCH_WORD = "zanbaqhostile"


def hostile_text() -> str:
    lines = [f"نص عدائي للاختبار فيه كلمة {SEARCH_WORD} للبحث."]
    lines += [f"قبل {fragment} بعد" for fragment in INLINE]
    lines += [line for line in WHOLE_LINES]
    lines.insert(len(lines) // 3, HEADINGS[0])
    lines.insert(2 * len(lines) // 3, HEADINGS[1])
    lines += [HEADINGS[2], *BIDI_LINES, AFTER_BIDI, *DEBRIS]
    return "\n".join(lines) + "\n"
