"""Mention detection: every spelling of every entry found in the paragraphs, as spans on the model.

The matcher is compiled once per corpus into one dictionary: each spelling's first folded word,
in every form the attached letters can give it (و ف, then ب ك ل; ل before the article ال is
written لل), maps to the rest of the spelling's key (separators and words) and its entry. A
paragraph is folded once (spelling.Folded); only the words found in that dictionary are looked at
further, so the cost grows with the text and the number of hits, not with the number of entries.

Rules: the longest match wins, and of two overlapping matches the one that starts first; a
spelling listed as ambiguous matches too (so nothing shorter inside it is annotated) but gives no
mention; a mention never overlaps a meeting link and never crosses the edge of another layer
(quote, label); headings are never annotated (only paragraphs are). Spans wrap the original
characters: the text is never changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .model import Briefing, Corpus, Entity, Paragraph, Section, Span
from .spelling import SPACES, WORD, Folded, spelling_key

CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ك", "ل")
ARTICLE = "ال"


class _Node:
    """A step in the rest of a spelling: (separator, word) → next step; `done` where one ends."""

    __slots__ = ("next", "done", "entity")

    def __init__(self) -> None:
        self.next: dict[tuple[str, str], _Node] = {}
        self.done = False
        self.entity: str | None = None  # None at a finished node: an ambiguous spelling


def _forms(first: str) -> list[tuple[str, int]]:
    """Every way the first word of a spelling can be written with attached letters, with the number
    of letters left outside the mention (و ف ب ك; ل + ال is written لل and stays inside, as the
    article does). A one-letter word takes no prefix. The article is never added to a spelling that
    lacks it: «السورية» is an adjective, not Syria; list such forms as variants when they occur."""
    out = [(first, 0)]
    if len(first) < 2:
        return out
    has_article = first.startswith(ARTICLE)
    for conj in CONJUNCTIONS:
        for prep in PREPOSITIONS:
            if not conj + prep:
                continue
            if has_article and prep == "ل":
                out.append((conj + "ل" + first[1:], len(conj)))  # ل + الأمم → للأمم
            else:
                out.append((conj + prep + first, len(conj + prep)))
    return out


class Matcher:
    """All spellings of a corpus's entries, compiled once."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        # first word as written (with its attached letters) → {letters outside the mention: rest}
        first: dict[str, dict[int, _Node]] = {}
        for e in entities:
            spellings = [(s, e.id) for s in e.variants] + [(s, None) for s in e.ambiguous]
            for spelling, target in spellings:
                key = spelling_key(spelling)
                if not key:
                    continue
                for form, prefix in _forms(key[0]):
                    node = first.setdefault(form, {}).setdefault(prefix, _Node())
                    for i in range(1, len(key), 2):
                        node = node.next.setdefault((key[i], key[i + 1]), _Node())
                    # An ambiguous spelling wins over an entry's identical one (the loader forbids both).
                    if not node.done or target is None:
                        node.entity = target
                    node.done = True
        self.first = {form: tuple(sorted(roots.items())) for form, roots in first.items()}
        self.words = frozenset(self.first)

    def find(self, text: str) -> list[tuple[int, int, str | None]]:
        """(start, end, entity id or None) of every match in `text`, original offsets, leftmost-longest."""
        folded = Folded.of(text)
        ft = folded.text
        hits = self.words.intersection(WORD.findall(ft))
        if not hits:
            return []
        found: list[tuple[int, int, str | None]] = []  # (start, -end, entity) in folded offsets
        size = len(ft)
        for word in hits:
            roots = self.first[word]
            pos = ft.find(word)
            while pos >= 0:
                end = pos + len(word)
                if (pos == 0 or not ft[pos - 1].isalnum()) and (end == size or not ft[end].isalnum()):
                    best: tuple[int, int, str | None] | None = None
                    for prefix, root in roots:
                        if root.next:
                            stop, node = _walk(ft, end, root)
                        else:  # a one-word spelling: what _walk would give, without the call
                            stop, node = end, (root if root.done else None)
                        if node is not None and (best is None or -stop < best[1]):
                            best = (pos + prefix, -stop, node.entity)
                    if best is not None:
                        found.append(best)
                pos = ft.find(word, end)
        found.sort()
        out: list[tuple[int, int, str | None]] = []
        last = -1
        for start, neg_end, entity in found:
            if start < last:
                continue
            last = -neg_end
            out.append((folded.start(start), folded.end(-neg_end), entity))
        return out


def _walk(ft: str, pos: int, node: _Node) -> tuple[int, _Node | None]:
    """Follow separators and words from `pos`; the end and node of the longest finished spelling."""
    best: tuple[int, _Node | None] = (pos, node if node.done else None)
    while node.next:
        m = WORD.search(ft, pos)
        if m is None:
            break
        gap = ft[pos:m.start()]
        if gap != " ":
            gap = SPACES.sub(" ", gap)
        child = node.next.get((gap, m.group()))
        if child is None:
            break
        node, pos = child, m.end()
        if node.done:
            best = (pos, node)
    return best


def _fits(start: int, end: int, spans: tuple[Span, ...]) -> bool:
    """A mention never overlaps a meeting link and never crosses the edge of another layer."""
    for s in spans:
        if end <= s.start or start >= s.end:
            continue
        if s.kind == "link":
            return False
        inside = s.start <= start and end <= s.end
        around = start <= s.start and s.end <= end
        if not (inside or around):
            return False
    return True


def annotate_paragraph(matcher: Matcher, p: Paragraph) -> Paragraph:
    mentions = [Span(start, end, "mention", entity) for start, end, entity in matcher.find(p.text)
                if entity is not None and _fits(start, end, p.spans)]
    if not mentions:
        return p
    return replace(p, spans=tuple(sorted([*p.spans, *mentions], key=lambda s: (s.start, -s.end))))


def annotate(corpus: Corpus) -> Corpus:
    """The corpus with a mention span wherever a paragraph names an entry."""
    if not corpus.entities:
        return corpus
    matcher = Matcher(corpus.entities)

    def section(s: Section) -> Section:
        return replace(s, paragraphs=tuple(annotate_paragraph(matcher, p) for p in s.paragraphs))

    def briefing(b: Briefing) -> Briefing:
        return replace(b, sections=tuple(section(s) for s in b.sections))

    return replace(corpus, briefings=tuple(briefing(b) for b in corpus.briefings))
