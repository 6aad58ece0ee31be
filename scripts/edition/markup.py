"""Escaping: the only place where source characters meet HTML or Markdown syntax.

Source words go into raw HTML blocks (`html`) or Markdown headings (`md_inline`). Both escape
every character that HTML, Markdown or any enabled extension could read as syntax, so a source
text can never become an element, attribute, include, abbreviation, footnote, heading or emphasis.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Iterable

from .model import Span

# Everything ASCII that is not a letter, digit or space is written as a numeric character
# reference in Markdown context: no inline pattern, attr_list brace or entity survives.
_MD_SAFE = {chr(c) for c in range(0x30, 0x3A)} | {chr(c) for c in range(0x41, 0x5B)} | {
    chr(c) for c in range(0x61, 0x7B)} | {" "}


# The characters html() changes; most text has none of them, and one search finds that out.
_SPECIAL = re.compile("[&<>\"'\n\t]")


def html(text: str) -> str:
    """Text for an HTML element or attribute value. Newlines never occur (paragraphs are lines).

    A tab is written as a character reference: Markdown expands raw tabs into spaces everywhere,
    even inside raw HTML blocks, so the reader would not get the source's character.
    """
    if not _SPECIAL.search(text):
        return text
    return _escape(text)


def _escape(text: str) -> str:
    """html() once its search has found something to escape (or has_special has)."""
    return _html.escape(text, quote=True).replace("\n", " ").replace("\t", "&#9;")


# md_inline's rule as one translate table: every ASCII character outside _MD_SAFE.
_MD_TABLE = {c: f"&#{c};" for c in range(0x80) if chr(c) not in _MD_SAFE}
# The characters of the table; most headings and titles (Arabic words) have none, and one search
# finds that out several times faster than translate's lookup per character.
_MD_SPECIAL = re.compile("[" + "".join(f"\\x{c:02x}" for c in sorted(_MD_TABLE)) + "]")


def md_inline(text: str) -> str:
    """Text for a Markdown inline context (a heading, a link label)."""
    if not _MD_SPECIAL.search(text):
        return text
    return text.translate(_MD_TABLE)


def attrs(**values: str | None) -> str:
    """HTML attributes; `class_` is `class`, `data_x` is `data-x`; None values are left out."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f' {name}="{html(value)}"')
    return "".join(parts)


def _order(span: Span) -> tuple[int, int]:
    return (span.start, -span.end)


def nest(text: str, spans: Iterable[Span], open_tag: Callable[[Span], str], close_tag: Callable[[Span], str]) -> str:
    """HTML for `text` with each span wrapped in its tags.

    Spans must nest: a span that crosses the end of an enclosing one is dropped (the outer layer
    wins), so the output is always well formed. Text between tags is escaped: the pieces are cut
    raw, then escaped together (escape_pieces). Offsets are indexes into `text` (never negative).

    One loop, no call per piece: the output alternates a text piece (maybe empty) and a tag, so the
    text pieces are its even places; each open span is kept as its end and its closing tag. (The
    simple version, a text step and a closing step called per span, is tests/nest_reference.py.)
    """
    out: list[str] = []
    open_spans: list[tuple[int, str]] = []  # (end, closing tag) of the open spans, innermost last
    pos = 0
    size = len(text)
    for span in sorted(spans, key=_order):
        start, end = span.start, span.end
        if start >= end or end > size:
            continue
        while open_spans and open_spans[-1][0] <= start:  # close the spans that end before this one
            stop, closing = open_spans.pop()
            out += (text[pos:stop], closing)
            pos = stop
        if open_spans and end > open_spans[-1][0]:  # crosses the end of the enclosing span
            continue
        out += (text[pos:start], open_tag(span))
        pos = start
        open_spans.append((end, close_tag(span)))
    for stop, closing in reversed(open_spans):
        out += (text[pos:stop], closing)
        pos = stop
    out.append(text[pos:])
    out[0::2] = escape_pieces(text, out[0::2])
    return "".join(out)


def has_special(text: str) -> bool:
    """Whether html() would change `text`: _SPECIAL.search, as seven substring tests. For a long
    text (a paragraph) these run several times faster than the regular expression's character-class
    scan; for a short one (a name, a title) the one search is quicker, and html() keeps it."""
    return ("&" in text or "<" in text or ">" in text or '"' in text or "'" in text
            or "\n" in text or "\t" in text)


def escape_pieces(text: str, pieces: list[str]) -> list[str]:
    """`pieces` (cut from `text`) each escaped by html(), in one call: joined by NUL, which no text
    holds (sources with control characters are refused at load); a text that has one anyway is
    escaped piece by piece."""
    if not has_special(text):
        return pieces
    if "\0" in text:
        return [html(piece) for piece in pieces]
    return _escape("\0".join(pieces)).split("\0")
