"""Bidi isolation: Latin runs inside Arabic paragraphs become their own isolated layer.

A Latin name or term in an Arabic sentence ("Fiera di Roma", "COVID-19", "G20") is laid out left
to right on its own, so neutral characters around it (a colon, a parenthesis, a following number)
keep the Arabic order. The renderer wraps each run in `<bdi>`; the text itself is untouched. A run
that would cross another layer (a quote, a mention) is left alone: a layer is never dropped for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Span

_L = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
# A Latin letter, then Latin letters, digits, spaces and in-word punctuation, ending on a letter or digit.
LATIN_RUN = re.compile(rf"[{_L}](?:[{_L}0-9'’.&/ -]*[{_L}0-9])?")


def latin_spans(text: str, layers: Sequence[Span] = ()) -> list[Span]:
    if not LATIN_RUN.search(text):  # most paragraphs: one scan, no iterator
        return []
    out = []
    for m in LATIN_RUN.finditer(text):
        s, e = m.span()
        if any(x.start < s < x.end < e or s < x.start < e < x.end for x in layers):
            continue
        out.append(Span(s, e, "latin", ""))
    return out
