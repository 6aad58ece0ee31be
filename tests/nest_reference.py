"""edition.markup.nest as it was before its one-loop version (a text step and a closing step called
per span, the text pieces' places kept in a list), kept as the reference it is compared with
(tests/test_render_fast.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from edition.markup import escape_pieces
from edition.model import Span


def _order(span: Span) -> tuple[int, int]:
    return (span.start, -span.end)


def reference_nest(text: str, spans: Iterable[Span], open_tag: Callable[[Span], str],
                   close_tag: Callable[[Span], str]) -> str:
    out: list[str] = []
    pieces: list[int] = []  # indexes in `out` of the text pieces
    stack: list[Span] = []
    pos = 0

    def text_to(stop: int) -> None:
        nonlocal pos
        if stop > pos:
            pieces.append(len(out))
            out.append(text[pos:stop])
            pos = stop

    def close_until(limit: int) -> None:
        """Close the open spans that end at or before `limit`, innermost first."""
        while stack and stack[-1].end <= limit:
            top = stack.pop()
            text_to(top.end)
            out.append(close_tag(top))

    size = len(text)
    for span in sorted(spans, key=_order):
        start, end = span.start, span.end
        if start >= end or end > size:
            continue
        close_until(start)
        text_to(start)
        if stack and end > stack[-1].end:
            continue
        out.append(open_tag(span))
        stack.append(span)
    close_until(size)
    text_to(size)
    for i, piece in zip(pieces, escape_pieces(text, [out[i] for i in pieces]), strict=True):
        out[i] = piece
    return "".join(out)
