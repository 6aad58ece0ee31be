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
so the search runs in C over the whole corpus; the matches are then read, looked up, mapped back to
their paragraphs' offsets and made spans by maps over all of them at once (Matcher._matches), with
no Python statement per match, and each paragraph is rebuilt by its constructor. The expression is a
trie (a word and the separators and words that may follow it, longest first at each step: the text
decides each step, so the first match found at a word is the longest), led by one non-word
character (_LEAD: a bitmap rather than a test of Unicode properties), so the regular expression
engine only starts at the beginnings of words, with one branch per first letter. Attached letters
are written once per kind of first word rather than once per form, which keeps the expression small
(it compiles in a few hundredths of a second; once per corpus): optional conjunction and
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
from functools import cached_property
from itertools import chain, compress, repeat
from operator import add, is_not, itemgetter, sub
from typing import TypeVar

from .model import Briefing, Corpus, Entity, Paragraph, Section, Span
from .spelling import JOIN, SPACES, Folded, FoldedTexts, Key, fold_joined, spelling_key

CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ك", "ل")
ARTICLE = "ال"

# Atoms of the expression besides characters: the end of a word, and a separator's white space (a
# key writes any run of it as one space).
_END = ""
_SPACE = " "
_ATOM = {_END: r"(?![^\W_])", _SPACE: r"\s++"}

# The character before a match: not a letter, a digit or _, what [\W_] finds. [\W_] tests each
# character's Unicode properties, which is most of the time of a search (the engine tests every
# character, ~11 ns each); the same characters of the Basic Multilingual Plane written out as ranges
# make a bitmap, tested in about half that time. The ranges are read from the regular expression
# engine itself, so they hold exactly the characters [\W_] matches there (tests/test_annotate.py
# checks each); text with a character beyond the plane is searched with [\W_] (Matcher._pattern).
_LEAD = "[" + "".join(f"\\u{m.start():04x}-\\u{m.end() - 1:04x}"
                      for m in re.finditer(r"[\W_]+", "".join(map(chr, range(0x10000))))) + "]"

Match = tuple[int, int, str | None]  # (start, end, entity id or None for an ambiguous spelling)
_T = TypeVar("_T")


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
        # The match without its leading character is group 1 (see _LEAD for the two leads).
        self.body = "(" + "|".join(branches) + ")" if branches else None
        self.pattern = re.compile(_LEAD + self.body) if self.body is not None else None
        # Lower-casing the text only matters to a pattern with a cased character (see fold_joined).
        # The texts are searched joined by JOIN unless a spelling holds it (a match could then run
        # from one text into the next).
        self.joinable = not any(JOIN in part for key, _ in spellings for part in key)
        self.cased = any(ch.lower() != ch or ch.upper() != ch for key, _ in spellings for ch in "".join(key))

    def find(self, text: str) -> list[Match]:
        """(start, end, entity id or None) of every match in `text`, original offsets, leftmost-longest."""
        return next(self.find_all([text]))

    def find_all(self, texts: Sequence[str]) -> Iterator[list[Match]]:
        """find() of each text in turn, the texts folded together and searched in one go."""
        if self.pattern is None or not self.joinable:
            yield from map(self._alone, texts)
            return
        joined = fold_joined(texts, lower=self.cased)
        starts, ends, entities, firsts, afters = self._matches(joined)
        found = list(zip(starts, ends, entities, strict=True))
        for text, (start, _), first, after in zip(texts, joined.spans, firsts, afters, strict=True):
            yield found[first:after] if start >= 0 else self._alone(text)

    def mentions_all(self, texts: Sequence[str]) -> Iterator[tuple[Span, ...]]:
        """The mention spans of each text in turn: the spans of find_all's matches of an entry (an
        ambiguous spelling's give none, and _matches leaves them out), made at C speed (tuple.__new__
        is what Span(...) does, without its keyword handling) and cut into the texts' tuples by a map."""
        if self.pattern is None or not self.joinable:
            return map(_mentions, map(self._alone, texts))
        joined = fold_joined(texts, lower=self.cased)
        starts, ends, entities, firsts, afters = self._matches(joined, entries_only=True)
        spans = tuple(map(tuple.__new__, repeat(Span), zip(starts, ends, repeat("mention"), entities, strict=False)))
        found = list(map(spans.__getitem__, map(slice, firsts, afters)))
        for i, (start, _) in enumerate(joined.spans):
            if start < 0:  # (a text left out of `joined`, searched alone)
                found[i] = _mentions(self._alone(texts[i]))
        return iter(found)

    def _matches(self, joined: FoldedTexts, entries_only: bool = False
                 ) -> tuple[list[int], list[int], list[str | None], list[int], list[int]]:
        """Every match in texts folded together, in lists side by side: its original start, end and
        entity; then for each text the index of its first match and of the first match after it (a
        text left out of `joined` has none). With `entries_only`, the matches of an ambiguous spelling
        are left out before their offsets are mapped back (mentions_all has no use for them).

        Without a Python statement per match: the matches' offsets and texts are read by maps of the
        Match methods, their entries by a map of the table; the matches of the text at [s, e) in the
        folded text are those that start in [s, e), bisected out of the list of matches; and an offset
        f in that text maps to f - s + (the number of the text's own gaps <= f), one bisection in the
        text's gaps (those in [s, e], cut out of `joined.gaps`; see spelling.FoldedTexts). The next
        text starts at e + 1, past the JOIN at e, where no match starts (no spelling holds JOIN) and
        no gap is (a gap at e is the text's own), so one bisection at each text's start gives both
        ends of its matches and of its gaps."""
        assert self.pattern is not None
        gaps = joined.gaps
        found = list(self._pattern(joined.text).finditer(joined.text))
        matched = list(map(re.Match.group, found, repeat(1)))  # (group 1: without the leading character)
        try:
            entries = list(map(self.table.__getitem__, matched))
        except KeyError:  # white space other than one space in a match
            entries = [self.table.get(text) or _entry(self.table, text) for text in matched]
        # Where each match starts, past the attached letters, and ends, in the folded text.
        ats = list(map(add, map(re.Match.start, found, repeat(1)), map(itemgetter(0), entries)))
        stops = list(map(re.Match.end, found))
        entities = list(map(itemgetter(1), entries))
        if entries_only:
            entry = list(map(is_not, entities, repeat(None)))
            if not all(entry):
                ats, stops, entities = (list(compress(values, entry)) for values in (ats, stops, entities))
        text_starts = [start for start, _ in joined.spans]
        if -1 in text_starts:  # a text left out starts where the next one kept does: nothing is its own
            after = len(joined.text) + 1
            for i in reversed(range(len(text_starts))):
                if text_starts[i] < 0:
                    text_starts[i] = after
                after = text_starts[i]
        firsts = list(map(bisect_left, repeat(ats), text_starts))
        afters = firsts[1:] + [len(ats)] if firsts else []
        counts = list(map(sub, afters, firsts))

        def each(per_text: Iterable[_T]) -> list[_T]:  # a value per text → the same per match
            return list(chain.from_iterable(map(repeat, per_text, counts)))

        origins = each(text_starts)
        if not gaps:
            return list(map(sub, ats, origins)), list(map(sub, stops, origins)), entities, firsts, afters
        # Each text's own gaps, a tuple per text (most hold a few), shared by its matches.
        lows = [*map(bisect_left, repeat(gaps), text_starts), len(gaps)]
        own = each(map(gaps.__getitem__, map(slice, lows, lows[1:])))
        starts = list(map(sub, map(add, ats, map(bisect_right, own, ats)), origins))
        ends = list(map(sub, map(add, stops, map(bisect_right, own, stops)), origins))
        return starts, ends, entities, firsts, afters

    @cached_property
    def _wide(self) -> re.Pattern[str]:
        """The pattern for text beyond the Basic Multilingual Plane (compiled when first needed)."""
        assert self.body is not None
        return re.compile(r"[\W_]" + self.body)

    def _pattern(self, text: str) -> re.Pattern[str]:
        """The pattern that finds the matches in `text`: self.pattern if every character of `text` is
        in the Basic Multilingual Plane (UTF-16 writes each in two bytes), else self._wide."""
        assert self.pattern is not None
        return self.pattern if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text) else self._wide

    def _alone(self, text: str) -> list[Match]:
        """find() of one text folded by itself (Folded.of, which also takes the slow path)."""
        if self.pattern is None:
            return []
        one = Folded.of(text)
        found = []
        for m in self._pattern(one.text).finditer(JOIN + one.text):
            at, stop = m.start(), m.end() - 1  # offsets in one.text, past the JOIN
            prefix, entity = self.table.get(one.text[at:stop]) or _entry(self.table, one.text[at:stop])
            found.append((one.start(at + prefix), one.end(stop), entity))
        return found


def _entry(table: dict[str, tuple[int, str | None]], matched: str) -> tuple[int, str | None]:
    """A match's attached letters and entry, its white space written as one space (as keys are)."""
    return table[SPACES.sub(" ", matched)]


def _mentions(found: list[Match]) -> tuple[Span, ...]:
    """The mention spans of matches: those of an entry."""
    return tuple(Span(start, end, "mention", entity) for start, end, entity in found if entity is not None)


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


def _with_mentions(p: Paragraph, mentions: tuple[Span, ...]) -> Paragraph:
    """The paragraph with those of its mention spans that fit its other layers (a new paragraph,
    made by its constructor: dataclasses.replace costs several times more)."""
    if not mentions:
        return p
    if p.spans:  # (without other layers, the mentions are in order and apart already)
        mentions = tuple(sorted([*p.spans, *(s for s in mentions if _fits(s.start, s.end, p.spans))],
                                key=lambda s: (s.start, -s.end)))
        if len(mentions) == len(p.spans):
            return p
    return Paragraph(p.id, p.line, p.text, mentions, p.speaker)


def annotate_paragraph(matcher: Matcher, p: Paragraph) -> Paragraph:
    return _with_mentions(p, next(matcher.mentions_all([p.text])))


def annotate(corpus: Corpus) -> Corpus:
    """The corpus with a mention span wherever a paragraph names an entry."""
    if not corpus.entities:
        return corpus
    matcher = Matcher(corpus.entities)
    found = matcher.mentions_all([p.text for b in corpus.briefings for s in b.sections for p in s.paragraphs])

    # The model rebuilt by position: each constructor call must name every field (a test in
    # tests/test_annotate.py sets every field it does not change and checks that it comes through).
    def section(s: Section) -> Section:
        paragraphs = tuple(_with_mentions(p, next(found)) for p in s.paragraphs)
        return Section(s.id, s.kind, s.heading, s.heading_is_source, s.heading_line, s.speaker, s.note_ar, paragraphs)

    def briefing(b: Briefing) -> Briefing:
        return Briefing(b.meta, tuple(map(section, b.sections)), b.debris, b.raw, b.retired)

    return replace(corpus, briefings=tuple(map(briefing, corpus.briefings)))
