"""Spellings as matching keys: folded words and the separators between them.

A name such as «أنتوني ج. بلينكن» becomes the key ('انتوني', ' ', 'ج', '. ', 'بلينكن'): its words
folded (normalize.fold), and between them the separator as written with runs of white space made
one space. Two spellings name the same thing for the matcher exactly when their keys are equal, so
the annotation data can be checked for collisions at load time with the same rule the matcher uses.

`Folded` folds a whole paragraph at C speed (str.replace) and maps folded offsets back to the
original characters; only text that is not NFC, or whose lower-casing changes its length, takes
the slower character-by-character path of normalize.fold_map. `fold_joined` does the same for all
the paragraphs of a corpus at once: a str.replace over 8 MB costs about what it costs over 8 kB plus
the characters, so one pass per mapped character instead of one per paragraph and character.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, compress, pairwise

from .normalize import _DROP, _MAP, fold_map

# Letters and digits of any script; everything else separates words.
WORD = re.compile(r"[^\W_]+")
SPACES = re.compile(r"\s+")
_REPLACE = tuple(_MAP.items())
_DROPPED = re.compile("[" + "".join(re.escape(c) for c in sorted(_DROP)) + "]")
# Joins the texts folded together: not a word character, not white space, unchanged by folding.
JOIN = "\x00"
_JOINS = re.compile(JOIN)
# The characters whose lower case is longer than one character (tests/test_annotate.py checks the list
# against every code point): text holding one takes the slow path, as in Folded.of.
LONGER_LOWER = "\u0130"

Key = tuple[str, ...]


class Folded:
    """A paragraph's folded text and the way back to its original character offsets.

    (A plain class with slots: it is made once per paragraph on the hot path.)"""

    __slots__ = ("text", "original", "_gaps", "_index")

    def __init__(self, text: str, original: str, gaps: tuple[int, ...], index: tuple[int, ...] | None) -> None:
        self.text = text
        self.original = original
        self._gaps = gaps  # see fold_plain (fast path)
        self._index = index  # folded offset → original offset (slow path)

    @classmethod
    def of(cls, original: str) -> Folded:
        plain = fold_plain(original) if unicodedata.is_normalized("NFC", original) else None
        if plain is not None:
            return cls(plain[0], original, plain[1], None)
        folded, index = fold_map(original)
        return cls(folded, original, (), tuple(index))

    def start(self, folded_offset: int) -> int:
        """The original offset of the character at `folded_offset`."""
        if self._index is not None:
            return self._index[folded_offset]
        return folded_offset + bisect_right(self._gaps, folded_offset)

    def end(self, folded_end: int) -> int:
        """The original offset just after the character before `folded_end`, taking along the
        marks (tashkeel, tatweel) that follow it, so a span never splits a letter from its marks."""
        if folded_end == 0:
            return 0
        if self._index is None:
            # The character before folded_end and the marks after it, which have folded_end kept
            # characters before them: everything with a gap <= folded_end.
            return folded_end + bisect_right(self._gaps, folded_end)
        end = self._index[folded_end - 1] + 1
        while end < len(self.original) and self.original[end] in _DROP:
            end += 1
        return end


def fold_plain(text: str, lower: bool = True) -> tuple[str, tuple[int, ...]] | None:
    """The fast fold of NFC `text` and its gaps: for each character dropped, the number of characters
    kept before it, so the folded character at f comes from f + (the number of gaps <= f), one
    bisection. None if a character's lower case is longer (the slow path's business).

    At C speed: the dropped characters split the text (the pieces' lengths give the gaps), then one
    str.replace per mapped character, several times faster than str.translate with a table.
    Without `lower` the case is left alone: see fold_joined."""
    parts = _DROPPED.split(text)
    gaps: tuple[int, ...] = ()
    if len(parts) > 1:
        gaps = tuple(accumulate(map(len, parts[:-1])))
        text = "".join(parts)
    for old, new in _REPLACE:
        text = text.replace(old, new)
    if not lower:
        return None if any(c in text for c in LONGER_LOWER) else (text, gaps)
    lowered = text.lower()
    return (lowered, gaps) if len(lowered) == len(text) else None


@dataclass(frozen=True)
class FoldedTexts:
    """Texts folded together (fold_joined).

    `text`: each text kept, folded, with JOIN before it (and nothing after the last one); `spans`:
    where each text is in `text` ([start, end)), or (-1, -1) for a text left out; `gaps`: fold_plain's
    gaps of the kept texts joined in the same way, so a text's characters dropped are the gaps from
    its start to its end, both included, and its offset f maps to f + (the number of gaps <= f),
    less the same for its start."""

    text: str
    spans: list[tuple[int, int]]
    gaps: tuple[int, ...]


def fold_joined(texts: Sequence[str], lower: bool = True) -> FoldedTexts:
    """All `texts` folded in one pass; a text that needs Folded.of's slow path (or holds JOIN) is left out.

    Folding is character by character (str.lower too: it never shortens, and JOIN, neither cased
    nor case-ignorable, ends any final-sigma context), so each text's part of the whole is its own
    folded form; JOIN is a starter that never composes, so the whole is NFC exactly when every text is.

    `lower=False` leaves the case alone: a caller whose pattern has only caseless characters finds
    the same matches, because lower-casing keeps every character a letter or digit, white space, or
    neither, and lower-cases no other character to a caseless one (tests/test_annotate.py checks
    both on every code point)."""
    # JOIN before each text: one join (JOIN + JOIN.join(texts) copies the whole twice). Folding keeps
    # JOIN as it is, so the folded whole holds one per text unless a text holds one (then the slow way).
    joined = JOIN.join(["", *texts])
    if unicodedata.is_normalized("NFC", joined) and (plain := fold_plain(joined, lower)) is not None:
        joins = _joins(plain[0])
        if len(joins) == len(texts) + 1:
            return FoldedTexts(plain[0], [(at + 1, end) for at, end in pairwise(joins)], plain[1])
    keep = [JOIN not in t and unicodedata.is_normalized("NFC", t) and fold_plain(t, lower) is not None
            for t in texts]
    plain = fold_plain(JOIN.join(["", *compress(texts, keep)]), lower)
    assert plain is not None  # each text kept passed alone
    folded, gaps = plain
    kept = ((at + 1, end) for at, end in pairwise(_joins(folded)))
    spans = [next(kept) if k else (-1, -1) for k in keep]
    return FoldedTexts(folded, spans, gaps)


def _joins(folded: str) -> list[int]:
    """Where JOIN is in `folded` (before each text kept), then its end."""
    return [*map(re.Match.start, _JOINS.finditer(folded)), len(folded)]


def words(folded: str) -> list[tuple[int, int]]:
    return [m.span() for m in WORD.finditer(folded)]


def key_of_folded(folded: str) -> Key:
    """The matching key of already folded text: words and normalised separators, in order."""
    spans = words(folded)
    out: list[str] = []
    for i, (start, end) in enumerate(spans):
        if i:
            out.append(SPACES.sub(" ", folded[spans[i - 1][1]:start]))
        out.append(folded[start:end])
    return tuple(out)


def spelling_key(spelling: str) -> Key:
    return key_of_folded(Folded.of(spelling).text)


def show_key(key: Key) -> str:
    return "".join(key)
