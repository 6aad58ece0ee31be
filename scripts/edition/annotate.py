"""Mention detection: every spelling of every entry found in the paragraphs, as spans on the model.

Rules: the longest match wins, and of two overlapping matches the one that starts first; a
spelling listed as ambiguous matches too (so nothing shorter inside it is annotated) but gives no
mention; a mention never overlaps a meeting link and never crosses the edge of another layer
(quote, label); headings are never annotated (only paragraphs are). Spans wrap the original
characters: the text is never changed. A spelling's first word may carry attached letters (و ف,
then ب ك ل; ل before the article ال is written لل), which stay outside the mention (but لل stays
inside, as the article does).

How: the spellings are compiled once per corpus into one regular expression over folded text
(spelling.Folded), and every paragraph of the corpus is folded in one pass (spelling.fold_joined),
so the search runs in C over the whole corpus and Python only sees the matches. The expression is a
trie (a word and the separators and words that may follow it, longest first at each step: the text
decides each step, so the first match found at a word is the longest), led by one non-word
character, so the regular expression engine only starts at the beginnings of words, with one
branch per first letter. Attached letters are written once per kind of first word rather than once
per form, which keeps the expression small (it compiles in milliseconds): optional conjunction and
preposition before a word without the article, conjunction and ب ك or لل before the article. A word
that two spellings can produce in different ways (an attached letter or the spelling's own first letter) is listed whole
and first, with the continuations of every spelling it can start, so it too gives the longest
match. A match's text, with white space made one space, then gives its entry and attached letters
from one dictionary. The matcher of earlier versions (the first word looked up, the rest walked word
by word) is kept in tests/test_annotate.py, which checks that both find exactly the same mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from .model import Briefing, Corpus, Entity, Paragraph, Section, Span
from .spelling import JOIN, SPACES, Folded, Key, fold_joined, spelling_key

CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ك", "ل")
ARTICLE = "ال"

# Atoms of the expression besides characters: the end of a word, and a separator's white space (a
# key writes any run of it as one space).
_END = ""
_SPACE = " "
_ATOM = {_END: r"(?![^\W_])", _SPACE: r"\s++"}

Match = tuple[int, int, str | None]  # (start, end, entity id or None for an ambiguous spelling)


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


class _Trie:
    """Sequences of atoms; `done` where one ends."""

    __slots__ = ("next", "done")

    def __init__(self) -> None:
        self.next: dict[str, _Trie] = {}
        self.done = False

    def add(self, atoms: Iterable[str]) -> None:
        node = self
        for atom in atoms:
            node = node.next.setdefault(atom, _Trie())
        node.done = True

    def regex(self) -> str:
        """The expression of what follows this node; at most one branch can match a given text (each
        starts with a different character, with the end of a word or with white space), and a node
        where a sequence ends makes the rest optional, so the longest sequence present matches."""
        branches = [(_ATOM.get(atom) or re.escape(atom)) + child.regex() for atom, child in self.next.items()]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if self.done else body


def _rest(key: Key) -> list[str]:
    """The atoms of a key after its first word: the end of that word, then separators and words."""
    atoms = [_END]
    for i in range(1, len(key), 2):
        atoms += key[i]
        atoms += key[i + 1]
        atoms.append(_END)
    return atoms


class Matcher:
    """All spellings of a corpus's entries, compiled once."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        spellings: list[tuple[Key, str | None]] = []
        for e in entities:
            spellings += [(spelling_key(s), e.id) for s in e.variants]
            spellings += [(spelling_key(s), None) for s in e.ambiguous]
        spellings = [(key, target) for key, target in spellings if key]
        # A match's text → attached letters → entry. An ambiguous spelling wins over an entry's
        # identical one (the loader forbids both); of two ways to read the same text, the one that
        # leaves fewer letters outside.
        targets: dict[str, dict[int, str | None]] = {}
        bases: dict[str, set[str]] = {}  # a first word as written → the spellings' first words it can be
        for key, target in spellings:
            rest = "".join(key[1:])
            for form, prefix in _forms(key[0]):
                found = targets.setdefault(form + rest, {})
                if prefix not in found or target is None:
                    found[prefix] = target
                bases.setdefault(form, set()).add(key[0])
        self.table = {text: (min(found), found[min(found)]) for text, found in targets.items()}
        tangled = {form for form, firsts in bases.items() if len(firsts) > 1}
        whole, bare, article, plain = _Trie(), _Trie(), _Trie(), _Trie()
        for key, _ in spellings:
            first, after = key[0], _rest(key)
            bare.add([*first, *after])
            if len(first) >= 2 and first.startswith(ARTICLE):
                article.add([*first[len(ARTICLE):], *after])
            elif len(first) >= 2:
                plain.add([*first, *after])
            for form, _ in _forms(first):
                if form in tangled:
                    whole.add([*form, *after])
        # One branch per first letter, so the engine reads a word's first letter once: the words
        # spelled as they are, and after و ف ب ك ل the same letters taken as attached ones (most words
        # start with another letter and skip those at a glance).
        attached: dict[str, list[str]] = {}
        if article.next:
            body = article.regex()
            for letter in "وف":
                attached.setdefault(letter, []).extend(["[بك]?ال" + body, "لل" + body])
            for letter in "بك":
                attached.setdefault(letter, []).append("ال" + body)
            attached.setdefault("ل", []).append("ل" + body)
        if plain.next:
            body = plain.regex()
            for letter in "وف":
                attached.setdefault(letter, []).append("[بكل]?" + body)
            for letter in "بكل":
                attached.setdefault(letter, []).append(body)
        branches = [whole.regex()] if whole.next else []
        for letter in sorted(set(bare.next) | set(attached)):
            ways = [bare.next[letter].regex()] if letter in bare.next else []
            ways += attached.get(letter, [])
            branches.append(re.escape(letter) + (ways[0] if len(ways) == 1 else "(?:" + "|".join(ways) + ")"))
        self.pattern = re.compile(r"[\W_](?:" + "|".join(branches) + ")") if branches else None
        # Lower-casing the text only matters to a pattern with a cased character (see fold_joined).
        # The texts are searched joined by JOIN unless a spelling holds it (a match could then run
        # from one text into the next).
        self.joinable = not any(JOIN in part for key, _ in spellings for part in key)
        self.cased = any(ch.lower() != ch or ch.upper() != ch for key, _ in spellings for ch in "".join(key))

    def find(self, text: str) -> list[Match]:
        """(start, end, entity id or None) of every match in `text`, original offsets, leftmost-longest."""
        return next(self.find_all([text]))

    def find_all(self, texts: Sequence[str]) -> Iterator[list[Match]]:
        """find() of each text in turn, the texts folded together and searched in one go. (One at a
        time: the matches of a whole corpus are never all held.)"""
        if self.pattern is None or not self.joinable:
            for text in texts:
                yield self._alone(text)
            return
        joined = fold_joined(texts, lower=self.cased)
        folded, spans, gaps = joined.text, joined.spans, joined.gaps
        get, table = self.table.get, self.table
        i, start, end, origin, dropped, lo, hi = -1, 0, -1, 0, False, 0, 0
        found: list[Match] = []
        for m in self.pattern.finditer(folded):
            lead, stop = m.span()
            if lead >= end:  # the leading character belongs to a later text (the JOIN at `end` leads the next one)
                if i >= 0:
                    yield found
                    found = []
                i += 1
                while True:
                    start, end = spans[i]
                    if start >= 0 and lead < end:
                        break
                    yield [] if start >= 0 else self._alone(texts[i])
                    i += 1
                lo, hi = bisect_left(gaps, start), bisect_right(gaps, end)  # this text's gaps
                origin, dropped = start + lo, lo != hi
            at = lead + 1
            prefix, entity = get(folded[at:stop]) or _entry(table, folded[at:stop])
            at += prefix
            if dropped:
                found.append((at + bisect_right(gaps, at, lo, hi) - origin, stop + bisect_right(gaps, stop, lo, hi) - origin,
                              entity))
            else:
                found.append((at - start, stop - start, entity))
        if i >= 0:
            yield found
        for j in range(i + 1, len(texts)):
            yield [] if spans[j][0] >= 0 else self._alone(texts[j])

    def _alone(self, text: str) -> list[Match]:
        """find() of one text folded by itself (Folded.of, which also takes the slow path)."""
        if self.pattern is None:
            return []
        one = Folded.of(text)
        found = []
        for m in self.pattern.finditer(JOIN + one.text):
            at, stop = m.start(), m.end() - 1  # offsets in one.text, past the JOIN
            prefix, entity = self.table.get(one.text[at:stop]) or _entry(self.table, one.text[at:stop])
            found.append((one.start(at + prefix), one.end(stop), entity))
        return found


def _entry(table: dict[str, tuple[int, str | None]], matched: str) -> tuple[int, str | None]:
    """A match's attached letters and entry, its white space written as one space (as keys are)."""
    return table[SPACES.sub(" ", matched)]


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


def _with_mentions(p: Paragraph, matches: list[Match]) -> Paragraph:
    """The paragraph with a mention span for each match of an entry that fits its other layers."""
    if not p.spans:  # nothing to fit, and the matches are in order and apart already
        mentions = tuple(Span(start, end, "mention", entity) for start, end, entity in matches if entity is not None)
        return replace(p, spans=mentions) if mentions else p
    spans = [Span(start, end, "mention", entity) for start, end, entity in matches
             if entity is not None and _fits(start, end, p.spans)]
    if not spans:
        return p
    return replace(p, spans=tuple(sorted([*p.spans, *spans], key=lambda s: (s.start, -s.end))))


def annotate_paragraph(matcher: Matcher, p: Paragraph) -> Paragraph:
    return _with_mentions(p, matcher.find(p.text))


def annotate(corpus: Corpus) -> Corpus:
    """The corpus with a mention span wherever a paragraph names an entry."""
    if not corpus.entities:
        return corpus
    matcher = Matcher(corpus.entities)
    texts = [p.text for b in corpus.briefings for s in b.sections for p in s.paragraphs]
    found = matcher.find_all(texts)

    def section(s: Section) -> Section:
        return replace(s, paragraphs=tuple(_with_mentions(p, next(found)) for p in s.paragraphs))

    def briefing(b: Briefing) -> Briefing:
        return replace(b, sections=tuple(section(s) for s in b.sections))

    return replace(corpus, briefings=tuple(briefing(b) for b in corpus.briefings))
